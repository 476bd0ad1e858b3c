// The in-memory index of one workspace root: what every file contributes, and the reverse
// map from a flag's identity (flagKey) to the files that mention it, so that a query costs
// O(references of that flag), never a scan.

import type { DynamicReference, FileReference } from '../flags/model';
import type { FlagDefinition } from '../flags/definition';
import { flagKey, underscore } from '../flags/naming';
import type { ScannedFile } from './scanFile';
import { isSpecPath } from './languages';
import { addChangedKeys, hasFindings, IndexedFile, keySignatures, referenceSignatures } from './fileFindings';

export type { IndexedFile } from './fileFindings';

export interface Located<T> {
  file: string;
  item: T;
}

export class FlagIndex {
  private readonly files = new Map<string, IndexedFile>();
  private readonly filesByKey = new Map<string, Set<string>>();
  private readonly definitionsByKey = new Map<string, Set<string>>();
  private readonly dynamicFiles = new Set<string>();
  /** Bumped on every change, so callers can cache derived data. */
  version = 0;
  /** Bumped only when a definition is added, changed or removed (milestones, completion lists). */
  definitionsVersion = 0;
  /** Bumped only when a dynamic name is added or removed. */
  dynamicVersion = 0;

  constructor(readonly root: string) {}

  /** Files that contribute something (references, dynamic names or a definition). */
  get fileCount(): number {
    return this.files.size;
  }

  file(path: string): IndexedFile | undefined {
    return this.files.get(path);
  }

  paths(): IterableIterator<string> {
    return this.files.keys();
  }

  /**
   * Replaces what a file contributes. Returns the flag keys whose standing elsewhere may have
   * changed: a reference of some kind (or type:) appeared or disappeared, or a definition changed.
   * Moving a reference within the file (typing above it) touches no key.
   */
  setFile(path: string, relativePath: string, scan: ScannedFile): Set<string> {
    return this.replaceFile(path, relativePath, scan);
  }

  /**
   * Adds a file while the index is built, when nobody needs to know which keys changed. The
   * index takes ownership of `scan` (it becomes the entry), which saves a copy per file.
   */
  loadFile(path: string, relativePath: string, scan: ScannedFile): void {
    if (this.files.has(path)) this.removeFile(path);
    // Files without findings are not kept: most of a monorepo never mentions a flag.
    if (!hasFindings(scan)) return;
    const entry = scan as IndexedFile;
    entry.relativePath = relativePath;
    entry.spec = isSpecPath(relativePath);
    this.addEntry(path, entry);
    this.version++;
  }

  /** Registers a kept file under its flag keys. */
  private addEntry(path: string, entry: IndexedFile): void {
    this.files.set(path, entry);
    for (const reference of entry.references) {
      const key = flagKey(reference.name);
      let files = this.filesByKey.get(key);
      if (!files) this.filesByKey.set(key, (files = new Set()));
      files.add(path);
    }
    if (entry.definition?.name) {
      const key = flagKey(entry.definition.name);
      this.definitionsVersion++;
      let files = this.definitionsByKey.get(key);
      if (!files) this.definitionsByKey.set(key, (files = new Set()));
      files.add(path);
    }
    if (entry.dynamic.length > 0) {
      this.dynamicFiles.add(path);
      this.dynamicVersion++;
    }
  }

  private replaceFile(path: string, relativePath: string, scan: ScannedFile): Set<string> {
    const before = this.files.get(path);
    const beforeSignature = referenceSignatures(before);
    this.removeFile(path);
    const touched = new Set<string>();
    // Files without findings are not kept: most of a monorepo never mentions a flag.
    if (hasFindings(scan)) {
      this.addEntry(path, { ...scan, relativePath, spec: isSpecPath(relativePath) });
      if (scan.definition?.name) touched.add(flagKey(scan.definition.name));
    }
    addChangedKeys(beforeSignature, referenceSignatures(this.files.get(path)), touched);
    if (before?.definition?.name) touched.add(flagKey(before.definition.name));
    this.version++;
    return touched;
  }

  removeFile(path: string): Set<string> {
    const touched = new Set<string>();
    const old = this.files.get(path);
    if (!old) return touched;
    this.files.delete(path);
    for (const reference of old.references) {
      const key = flagKey(reference.name);
      touched.add(key);
      const files = this.filesByKey.get(key);
      files?.delete(path);
      if (files?.size === 0) this.filesByKey.delete(key);
    }
    if (old.definition?.name) {
      const key = flagKey(old.definition.name);
      touched.add(key);
      this.definitionsVersion++;
      const files = this.definitionsByKey.get(key);
      files?.delete(path);
      if (files?.size === 0) this.definitionsByKey.delete(key);
    }
    if (this.dynamicFiles.delete(path)) this.dynamicVersion++;
    this.version++;
    return touched;
  }

  /** Definitions of a flag, in any spelling, sorted by path so duplicates are reported stably. */
  private definitionMemo = { version: -1, byKey: new Map<string, FlagDefinition[]>() };

  definitions(name: string): FlagDefinition[] {
    const key = flagKey(name);
    if (this.definitionMemo.version !== this.definitionsVersion) this.definitionMemo = { version: this.definitionsVersion, byKey: new Map() };
    let found = this.definitionMemo.byKey.get(key);
    if (!found) {
      found = this.computeDefinitions(key);
      // NOTE: misses are not remembered: every name typed or hovered would stay in the memo forever.
      if (found.length > 0) this.definitionMemo.byKey.set(key, found);
    }
    return found;
  }

  private computeDefinitions(key: string): FlagDefinition[] {
    const files = this.definitionsByKey.get(key);
    if (!files) return [];
    return [...files]
      .sort()
      .map((path) => this.files.get(path)?.definition)
      .filter((definition): definition is FlagDefinition => definition !== undefined);
  }

  /** Every reference to a flag, in any spelling, definitions included, in path then position order. */
  references(name: string): Located<FileReference>[] {
    const key = flagKey(name);
    const files = this.filesByKey.get(key);
    if (!files) return [];
    const out: Located<FileReference>[] = [];
    for (const path of [...files].sort()) {
      const inFile = (this.files.get(path)?.references ?? []).filter((reference) => flagKey(reference.name) === key);
      inFile.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
      for (const reference of inFile) out.push({ file: path, item: reference });
    }
    return out;
  }

  /** Identity keys of every flag that is defined or referenced. */
  keys(): IterableIterator<string> {
    return new Set([...this.filesByKey.keys(), ...this.definitionsByKey.keys()]).values();
  }

  /** Is the flag used anywhere but in its own definition? Stops at the first use. */
  isUsed(name: string): boolean {
    return this.rememberedAnswer('used', name, (reference) => reference.kind !== 'definition');
  }

  /** Is the flag referenced anywhere with this kind of reference (e.g. pushed to the frontend)? */
  hasReferenceOfKind(name: string, kind: FileReference['kind']): boolean {
    return this.rememberedAnswer(kind, name, (reference) => reference.kind === kind);
  }

  // NOTE: problems for a whole tree ask these once per definition and per frontend read, many
  // times for the same flag; answers hold until the index changes.
  private answers = { version: -1, byQuestion: new Map<string, boolean>() };

  private rememberedAnswer(question: string, name: string, test: (reference: FileReference) => boolean): boolean {
    if (this.answers.version !== this.version) this.answers = { version: this.version, byQuestion: new Map() };
    const id = `${question}\0${flagKey(name)}`;
    let answer = this.answers.byQuestion.get(id);
    if (answer === undefined) this.answers.byQuestion.set(id, (answer = this.anyReference(name, test)));
    return answer;
  }

  /** Does any reference to the flag pass the test? No sorting, no allocation; stops at the first. */
  private anyReference(name: string, test: (reference: FileReference) => boolean): boolean {
    const key = flagKey(name);
    for (const path of this.filesByKey.get(key) ?? []) {
      for (const reference of this.files.get(path)?.references ?? []) {
        if (test(reference) && flagKey(reference.name) === key) return true;
      }
    }
    return false;
  }

  hasReferences(key: string): boolean {
    return this.filesByKey.has(key);
  }

  /** Every file that references or defines the flag with this key. */
  filesMentioning(key: string): Set<string> {
    return new Set([...(this.filesByKey.get(key) ?? []), ...(this.definitionsByKey.get(key) ?? [])]);
  }

  /**
   * Per flag key, what a file says about it, positions of references aside. When a file's
   * signatures are the same before and after a change, no other file's problems can change.
   */
  keySignatures(path: string): Map<string, string> {
    return keySignatures(this.files.get(path));
  }

  /**
   * The snake_case name users know a flag by: its definition's name, else a snake spelling
   * seen in Ruby, else Rails' underscore of the camelCase spelling.
   */
  displayName(name: string): string {
    const key = flagKey(name);
    const definitionPaths = this.definitionsByKey.get(key);
    if (definitionPaths) {
      for (const path of definitionPaths) {
        const definitionName = this.files.get(path)?.definition?.name;
        if (definitionName) return definitionName;
      }
    }
    if (name.includes('_') || !/[A-Z]/.test(name)) return name;
    for (const path of this.filesByKey.get(key) ?? []) {
      for (const reference of this.files.get(path)?.references ?? []) {
        if (!/[A-Z]/.test(reference.name) && flagKey(reference.name) === key) return reference.name;
      }
    }
    return underscore(name);
  }

  private prefixCache?: { version: number; prefixes: string[] };

  /** Distinct non-empty static prefixes of dynamic names, cached until the index changes. */
  dynamicPrefixes(): string[] {
    if (this.prefixCache?.version !== this.dynamicVersion) {
      const prefixes = new Set<string>();
      for (const path of this.dynamicFiles) for (const item of this.files.get(path)?.dynamic ?? []) if (item.prefix) prefixes.add(item.prefix);
      this.prefixCache = { version: this.dynamicVersion, prefixes: [...prefixes] };
    }
    return this.prefixCache.prefixes;
  }

  dynamicReferences(): Located<DynamicReference>[] {
    const out: Located<DynamicReference>[] = [];
    for (const path of [...this.dynamicFiles].sort()) {
      for (const item of this.files.get(path)?.dynamic ?? []) out.push({ file: path, item });
    }
    return out;
  }

  private allDefinitionsMemo?: { version: number; list: FlagDefinition[] };

  /** Every definition in the root, for listing and staleness. Callers must not mutate it. */
  allDefinitions(): FlagDefinition[] {
    if (this.allDefinitionsMemo?.version === this.definitionsVersion) return this.allDefinitionsMemo.list;
    const out: FlagDefinition[] = [];
    for (const paths of this.definitionsByKey.values()) {
      for (const path of paths) {
        const definition = this.files.get(path)?.definition;
        if (definition) out.push(definition);
      }
    }
    this.allDefinitionsMemo = { version: this.definitionsVersion, list: out };
    return out;
  }

  /** Files that are definitions but failed to parse into a name (malformed YAML). */
  definitionFiles(): string[] {
    const out: string[] = [];
    for (const [path, file] of this.files) if (file.definition) out.push(path);
    return out;
  }
}
