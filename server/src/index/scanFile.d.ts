import type { FileScan } from '../flags/model';
import { FlagDefinition } from '../flags/definition';
export { languageOf, isSpecPath, type FileLanguage } from './languages';
import { Deadline } from './deadline';
export interface ScannedFile extends FileScan {
    definition?: FlagDefinition;
}
/** The text form of the byte prefilter in readAndScan.ts (for editor buffers). */
export declare function mayReferenceFlags(text: string): boolean;
/** Throws ScanTimeout (see deadline.ts) when `deadline` expires; definitions are not bounded (YAML is parsed in one call). */
export declare function scanFile(absolutePath: string, relativePath: string, text: string, deadline?: Deadline): ScannedFile;
