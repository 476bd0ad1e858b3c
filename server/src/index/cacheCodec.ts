// How per-file scans are stored in the persisted cache. They are stored in their in-memory
// shape, so JSON.parse builds the final objects and a warm start allocates them only once;
// what the cache leaves out is what it can restore (the absolute file path, and the index's own
// fields). A definition's key and value ranges are stored compactly (encodeRanges) and rebuilt
// when first read, so a definition from the cache has the same ranges as one just parsed, at
// little cost to a warm start that never reads them. Decoding checks the shape in
// place and throws on anything unexpected. NOTE: the file's checksum already proves the bytes are
// the ones we wrote; these checks keep a cache from another build of the same version (or a
// hand-edited one with a fixed-up checksum) from reaching the index as the wrong types, so they
// check each field's type but not every coordinate of every range, which would double the cost
// (names, definition positions and key/value ranges excepted: edits are built from them).

import type { FlagDefinition } from '../flags/definition';
import type { DynamicReference, FileReference, Problem, Range, ReferenceKind, TimeRollout } from '../flags/model';
import type { ScannedFile } from './scanFile';

type CachedProblem = Omit<Problem, 'file'>;
/** Ranges by key, flat (see encodeRanges). */
type CompactRanges = (string | number)[];
type CachedDefinition = Omit<FlagDefinition, 'file' | 'keyRanges' | 'valueRanges' | 'problems'> & {
  problems?: CachedProblem[];
  /** Left out when empty. */
  keyRanges?: CompactRanges;
  valueRanges?: CompactRanges;
};
/**
 * Empty lists are left out, and so is a definition file's one reference (its `name:`), which
 * is rebuilt from the definition: fewer objects to parse and to collect on a warm start.
 */
export interface CachedScan {
  references?: FileReference[];
  dynamic?: DynamicReference[];
  definition?: CachedDefinition;
  timeRollouts?: TimeRollout[];
}

// Shared by every decoded scan that has none; frozen, so a stray push fails loudly.
const NONE = Object.freeze([]) as unknown as never[];

const KINDS = new Set<ReferenceKind>(['definition', 'check', 'push', 'option', 'toggle', 'stub', 'matcher', 'frontend', 'qa', 'constant', 'route', 'gon']);
const PROBLEM_KINDS = new Set<Problem['kind']>(['invalid-definition', 'undefined-flag', 'unused-definition', 'type-mismatch', 'dynamic-flag-name', 'frontend-flag-not-pushed', 'stale-flag', 'ready-to-remove']);
const SEVERITIES = new Set<Problem['severity']>(['error', 'warning', 'information', 'hint']);
const STRING_FIELDS = ['type', 'group', 'milestone', 'description', 'featureIssueUrl', 'introducedByUrl', 'rolloutIssueUrl', 'intendedToRolloutBy'] as const;
const BOOLEAN_FIELDS = ['defaultEnabled', 'logStateChanges'] as const;

const copyRange = (range: Range): Range => ({ start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } });

export function encodeScan(scan: ScannedFile): CachedScan {
  const encoded: CachedScan = {};
  const onlyItsName = scan.definition && scan.references.length === 1 && scan.references[0].kind === 'definition' && scan.references[0].name === scan.definition.name && scan.references[0].range === scan.definition.nameRange;
  if (scan.references.length > 0 && !onlyItsName) encoded.references = scan.references.map(encodeReference);
  if (scan.dynamic.length > 0) encoded.dynamic = scan.dynamic.map((d): DynamicReference => (d.noActor ? { prefix: d.prefix, range: d.range, expression: d.expression, noActor: true } : { prefix: d.prefix, range: d.range, expression: d.expression }));
  if (scan.timeRollouts?.length) encoded.timeRollouts = scan.timeRollouts.map((t): TimeRollout => (t.flag === undefined ? { range: t.range } : { range: t.range, flag: t.flag }));
  if (!scan.definition) return encoded;
  const { file: _file, keyRanges, valueRanges, problems, ...fields } = scan.definition;
  const definition: CachedDefinition = { ...fields, nameRange: copyRange(fields.nameRange) };
  if (problems.length > 0) definition.problems = problems.map(({ file: _problemFile, ...problem }) => problem);
  const keys = encodeRanges(keyRanges);
  if (keys) definition.keyRanges = keys;
  const values = encodeRanges(valueRanges);
  if (values) definition.valueRanges = values;
  encoded.definition = definition;
  // NOTE: an explicit empty list marks a definition file without its name reference.
  if (scan.references.length === 0) encoded.references = [];
  return encoded;
}

/**
 * Ranges by key, flat: each key followed by [line, character, endCharacter] for a range on one
 * line, else [line, character, endLine, endCharacter]. One array per definition, so parsing it
 * allocates one object where a record of ranges would allocate dozens.
 */
function encodeRanges(ranges: Record<string, Range>): CompactRanges | undefined {
  let out: CompactRanges | undefined;
  for (const key of Object.keys(ranges)) {
    const { start, end } = ranges[key];
    out ??= [];
    if (start.line === end.line) out.push(key, start.line, start.character, end.character);
    else out.push(key, start.line, start.character, end.line, end.character);
  }
  return out;
}

/** Checks compact ranges fully (every coordinate): hover, definition and edits are built from them. */
function checkRanges(value: unknown): CompactRanges {
  const compact = array(value);
  let numbers = 0;
  for (let i = 0; i <= compact.length; i++) {
    const item = compact[i];
    if (i === compact.length || typeof item === 'string') {
      if (i > 0 && numbers !== 3 && numbers !== 4) throw new BadCache('bad key range');
      numbers = 0;
    } else if (typeof item === 'number' && Number.isInteger(item) && item >= 0 && i > 0) numbers++;
    else throw new BadCache('bad key range');
  }
  return compact as CompactRanges;
}

function expandRanges(compact: CompactRanges): Record<string, Range> {
  const ranges: Record<string, Range> = {};
  for (let i = 0; i < compact.length; ) {
    const key = compact[i] as string;
    const line = compact[i + 1] as number;
    const character = compact[i + 2] as number;
    if (i + 4 === compact.length || typeof compact[i + 4] === 'string') {
      ranges[key] = { start: { line, character }, end: { line, character: compact[i + 3] as number } };
      i += 4;
    } else {
      ranges[key] = { start: { line, character }, end: { line: compact[i + 3] as number, character: compact[i + 4] as number } };
      i += 5;
    }
  }
  return ranges;
}

/**
 * Sets a definition's keyRanges or valueRanges from the cache. The ranges are built when first
 * read (most definitions of a warm start never are), then kept as a plain property; writing
 * replaces them. Checked now, so a bad cache is still refused at load.
 */
function restoreRanges(definition: Record<string, unknown>, field: 'keyRanges' | 'valueRanges'): void {
  const stored = definition[field];
  if (stored === undefined) {
    definition[field] = {};
    return;
  }
  const compact = checkRanges(stored);
  const settle = (value: Record<string, Range>) => Object.defineProperty(definition, field, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(definition, field, {
    enumerable: true,
    configurable: true,
    get: () => {
      const ranges = expandRanges(compact);
      settle(ranges);
      return ranges;
    },
    set: settle,
  });
}

/** The reference's own fields only, the optional ones when set (most references have none). */
function encodeReference(r: FileReference): FileReference {
  const encoded: FileReference = { name: r.name, kind: r.kind, range: r.range };
  if (r.typeArg !== undefined) encoded.typeArg = r.typeArg;
  if (r.noActor) encoded.noActor = true;
  if (r.eeInFossAllowed) encoded.eeInFossAllowed = true;
  return encoded;
}

class BadCache extends Error {}

function object(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadCache('not an object');
  return value as Record<string, unknown>;
}

function array(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new BadCache('not an array');
  return value;
}

function string(value: unknown): string {
  if (typeof value !== 'string') throw new BadCache('bad string');
  return value;
}

function range(value: unknown): void {
  const { start, end } = object(value);
  if (typeof start !== 'object' || start === null || typeof end !== 'object' || end === null) throw new BadCache('bad range');
}

/** Names and definition positions are checked fully: messages and edits are built from them. */
function fullRange(value: unknown): void {
  const { start, end } = object(value);
  for (const { line, character } of [object(start), object(end)]) {
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 0 || typeof character !== 'number' || !Number.isInteger(character) || character < 0) throw new BadCache('bad position');
  }
}

function optionalString(value: unknown): void {
  if (value !== undefined) string(value);
}

function optionalTrue(value: unknown): void {
  if (value !== undefined && value !== true) throw new BadCache('bad flag');
}

/** Checks a cached scan in place and restores what the cache left out; `file` is its absolute path. */
export function decodeScan(value: unknown, file: string): ScannedFile {
  const scan = object(value);
  if (scan.references === undefined) scan.references = NONE;
  if (scan.dynamic === undefined) scan.dynamic = NONE;
  for (const raw of array(scan.references)) {
    const reference = object(raw);
    string(reference.name);
    if (!KINDS.has(reference.kind as ReferenceKind)) throw new BadCache('bad kind');
    range(reference.range);
    optionalString(reference.typeArg);
    optionalTrue(reference.noActor);
    optionalTrue(reference.eeInFossAllowed);
  }
  for (const raw of array(scan.dynamic)) {
    const dynamic = object(raw);
    string(dynamic.prefix);
    string(dynamic.expression);
    range(dynamic.range);
    optionalTrue(dynamic.noActor);
  }
  if (scan.timeRollouts !== undefined) {
    for (const raw of array(scan.timeRollouts)) {
      const rollout = object(raw);
      fullRange(rollout.range);
      optionalString(rollout.flag);
    }
  }
  if (scan.definition !== undefined) {
    const definition = object(scan.definition);
    string(definition.name);
    fullRange(definition.nameRange);
    for (const field of STRING_FIELDS) optionalString(definition[field]);
    for (const field of BOOLEAN_FIELDS) if (definition[field] !== undefined && typeof definition[field] !== 'boolean') throw new BadCache('bad boolean');
    if (definition.problems === undefined) definition.problems = NONE;
    for (const raw of array(definition.problems)) {
      const problem = object(raw);
      if (!PROBLEM_KINDS.has(problem.kind as Problem['kind']) || !SEVERITIES.has(problem.severity as Problem['severity'])) throw new BadCache('bad problem');
      string(problem.message);
      range(problem.range);
      optionalString(problem.flag);
      optionalString(problem.group);
      problem.file = file;
    }
    definition.file = file;
    restoreRanges(definition, 'keyRanges');
    restoreRanges(definition, 'valueRanges');
    // The name reference was left out (see CachedScan); it shares the definition's range.
    if (scan.references === NONE) scan.references = [{ name: definition.name, kind: 'definition', range: definition.nameRange }];
  } else if (scan.references === NONE && scan.dynamic === NONE && scan.timeRollouts === undefined) {
    throw new BadCache('empty scan');
  }
  return scan as unknown as ScannedFile;
}
