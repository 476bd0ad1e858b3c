import type { DynamicReference, FileReference } from '../flags/model';
import type { FlagDefinition } from '../flags/definition';
import type { ScannedFile } from './scanFile';
export interface IndexedFile extends ScannedFile {
    /** Path relative to the root, with forward slashes. */
    relativePath: string;
    spec: boolean;
}
export interface Located<T> {
    file: string;
    item: T;
}
export declare class FlagIndex {
    readonly root: string;
    private readonly files;
    private readonly filesByKey;
    private readonly definitionsByKey;
    private readonly dynamicFiles;
    /** Bumped on every change, so callers can cache derived data. */
    version: number;
    /** Bumped only when a definition is added, changed or removed (milestones, completion lists). */
    definitionsVersion: number;
    /** Bumped only when a dynamic name is added or removed. */
    dynamicVersion: number;
    constructor(root: string);
    /** Files that contribute something (references, dynamic names or a definition). */
    get fileCount(): number;
    file(path: string): IndexedFile | undefined;
    paths(): IterableIterator<string>;
    /**
     * Replaces what a file contributes. Returns the flag keys whose standing elsewhere may have
     * changed: a reference of some kind (or type:) appeared or disappeared, or a definition changed.
     * Moving a reference within the file (typing above it) touches no key.
     */
    setFile(path: string, relativePath: string, scan: ScannedFile): Set<string>;
    /**
     * Adds a file while the index is built, when nobody needs to know which keys changed. The
     * index takes ownership of `scan` (it becomes the entry), which saves a copy per file.
     */
    loadFile(path: string, relativePath: string, scan: ScannedFile): void;
    /** Registers a kept file under its flag keys. */
    private addEntry;
    private replaceFile;
    removeFile(path: string): Set<string>;
    /** Definitions of a flag, in any spelling, sorted by path so duplicates are reported stably. */
    private definitionMemo;
    definitions(name: string): FlagDefinition[];
    private computeDefinitions;
    /** Every reference to a flag, in any spelling, definitions included, in path then position order. */
    references(name: string): Located<FileReference>[];
    /** Identity keys of every flag that is defined or referenced. */
    keys(): IterableIterator<string>;
    /** Is the flag used anywhere but in its own definition? Stops at the first use. */
    isUsed(name: string): boolean;
    /** Is the flag referenced anywhere with this kind of reference (e.g. pushed to the frontend)? */
    hasReferenceOfKind(name: string, kind: FileReference['kind']): boolean;
    private answers;
    private rememberedAnswer;
    /** Does any reference to the flag pass the test? No sorting, no allocation; stops at the first. */
    private anyReference;
    hasReferences(key: string): boolean;
    /** Every file that references or defines the flag with this key. */
    filesMentioning(key: string): Set<string>;
    /**
     * Per flag key, what a file says about it, positions of references aside. When a file's
     * signatures are the same before and after a change, no other file's problems can change.
     */
    keySignatures(path: string): Map<string, string>;
    /**
     * The snake_case name users know a flag by: its definition's name, else a snake spelling
     * seen in Ruby, else Rails' underscore of the camelCase spelling.
     */
    displayName(name: string): string;
    private prefixCache?;
    /** Distinct non-empty static prefixes of dynamic names, cached until the index changes. */
    dynamicPrefixes(): string[];
    dynamicReferences(): Located<DynamicReference>[];
    private allDefinitionsMemo?;
    /** Every definition in the root, for listing and staleness. Callers must not mutate it. */
    allDefinitions(): FlagDefinition[];
    /** Files that are definitions but failed to parse into a name (malformed YAML). */
    definitionFiles(): string[];
}
