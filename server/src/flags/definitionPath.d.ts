/** Where a path sits under config/feature_flags: the directory type and the file's base name. */
export interface DefinitionPath {
    type: string;
    baseName: string;
}
export declare function parseDefinitionPath(path: string): DefinitionPath | undefined;
