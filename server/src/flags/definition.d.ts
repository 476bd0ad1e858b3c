import type { Problem, Range } from './model';
export { parseDefinitionPath, type DefinitionPath } from './definitionPath';
export interface FlagDefinition {
    /** Absolute path of the YAML file. */
    file: string;
    name: string;
    /** Range of the name's value (the flag token), or of the document start when `name` is missing. */
    nameRange: Range;
    type?: string;
    group?: string;
    milestone?: string;
    description?: string;
    defaultEnabled?: boolean;
    featureIssueUrl?: string;
    introducedByUrl?: string;
    rolloutIssueUrl?: string;
    logStateChanges?: boolean;
    intendedToRolloutBy?: string;
    /** Range of each top-level key, for diagnostics and edits. */
    keyRanges: Record<string, Range>;
    /** Range of each top-level value. */
    valueRanges: Record<string, Range>;
    problems: Problem[];
}
/**
 * Parses a definition. Never throws: malformed YAML becomes a problem. `relativePath` is only
 * used to check the file and directory names.
 */
export declare function parseDefinition(file: string, text: string, relativePath?: string, options?: {
    fullParser?: boolean;
}): FlagDefinition;
