// The ground truth written beside a generated tree: every planted reference with its exact
// position, so an index can be scored for recall and precision without trusting itself.

import type { ReferenceKind } from '../../server/src/flags/model';

/** A 0-based, UTF-16 span on one name token, as LSP positions are. */
export interface Span {
  /** Relative to the tree root, with forward slashes. */
  path: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

export interface ManifestReference extends Span {
  /** The flag's snake_case name, even when the code spells it camelCase. */
  flag: string;
  kind: ReferenceKind;
  /** Which source form planted it (see forms.ts), for per-form miss listings. */
  form: string;
  /** The name exactly as written at the span. */
  name: string;
}

/** A flag name computed at run time: an index should report it as dynamic, never as a flag. */
export interface ManifestDynamic extends Span {
  /** The static part the name starts with, '' when nothing is known. */
  prefix: string;
  form: string;
  /** The expression exactly as written at the span. */
  expression: string;
}

/**
 * A use that an index may or may not report, and is not scored either way: for example
 * `Feature.enabled?(MY_FEATURE_FLAG)`, which resolves the constant. The span is the token used.
 */
export interface ManifestOptional extends Span {
  flag: string;
  form: string;
  name: string;
}

export interface ManifestFlag {
  name: string;
  camel: string;
  type: string;
  ee: boolean;
  /** Path of its YAML definition, absent for flags used in code without one. */
  definition?: string;
}

/** A file of 2,000+ lines with references, for incremental-update measurements. */
export interface ManifestLargeFile {
  path: string;
  lines: number;
  references: number;
  /** A line inside a method body where one more Ruby statement can go, and its indentation. */
  statementLine: number;
  indent: string;
}

export interface Manifest {
  version: 1;
  seed: number;
  flagCount: number;
  fileCount: number;
  bytes: number;
  flags: ManifestFlag[];
  references: ManifestReference[];
  dynamic: ManifestDynamic[];
  optional: ManifestOptional[];
  largeFiles: ManifestLargeFile[];
}
