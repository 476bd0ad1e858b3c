// Where a definition file sits: config/feature_flags/<type>/<name>.yml (also under ee/ and jh/).
// Kept apart from definition.ts so path checks do not load the YAML parser.

/** Where a path sits under config/feature_flags: the directory type and the file's base name. */
export interface DefinitionPath {
  type: string;
  baseName: string;
}

const DEFINITION_PATH = /(?:^|\/)(?:(?:ee|jh)\/)?config\/feature_flags\/([^/]+)\/([^/]+)\.yml$/;

export function parseDefinitionPath(path: string): DefinitionPath | undefined {
  const match = DEFINITION_PATH.exec(path.replace(/\\/g, '/'));
  return match ? { type: match[1], baseName: match[2] } : undefined;
}
