// A compact, validated encoding of per-file scans for the persisted cache. Positions become
// number arrays and a definition keeps only what the index uses, which makes the cache about
// five times smaller than plain JSON of the objects, and so faster to read on a warm start.
// Decoding checks every shape and throws on anything unexpected: the cache is never trusted.

import type { FlagDefinition } from '../flags/definition';
import type { DynamicReference, FileReference, Problem, Range, ReferenceKind } from '../flags/model';
import type { ScannedFile } from './scanFile';

type EncodedRange = [number, number, number, number];
type EncodedReference = [string, ReferenceKind, ...EncodedRange, string?];
type EncodedDynamic = [string, ...EncodedRange, string];
type EncodedProblem = [Problem['kind'], Problem['severity'], string, ...EncodedRange, string?, string?];
type EncodedDefinition = [string, EncodedRange, Record<string, string | boolean>, EncodedProblem[]];
export type EncodedScan = [EncodedReference[], EncodedDynamic[], EncodedDefinition?];

const KINDS = new Set<ReferenceKind>(['definition', 'check', 'push', 'option', 'toggle', 'stub', 'matcher', 'frontend', 'qa', 'constant', 'route']);
const STRING_FIELDS = ['type', 'group', 'milestone', 'description', 'featureIssueUrl', 'introducedByUrl', 'rolloutIssueUrl', 'intendedToRolloutBy'] as const;
const BOOLEAN_FIELDS = ['defaultEnabled', 'logStateChanges'] as const;

const encodeRange = (range: Range): EncodedRange => [range.start.line, range.start.character, range.end.line, range.end.character];

export function encodeScan(scan: ScannedFile): EncodedScan {
  const references = scan.references.map((r): EncodedReference => (r.typeArg ? [r.name, r.kind, ...encodeRange(r.range), r.typeArg] : [r.name, r.kind, ...encodeRange(r.range)]));
  const dynamic = scan.dynamic.map((d): EncodedDynamic => [d.prefix, ...encodeRange(d.range), d.expression]);
  if (!scan.definition) return [references, dynamic];
  const definition = scan.definition;
  const fields: Record<string, string | boolean> = {};
  for (const field of [...STRING_FIELDS, ...BOOLEAN_FIELDS]) if (definition[field] !== undefined) fields[field] = definition[field] as string | boolean;
  const problems = definition.problems.map((p): EncodedProblem => [p.kind, p.severity, p.message, ...encodeRange(p.range), p.flag, p.group]);
  return [references, dynamic, [definition.name, encodeRange(definition.nameRange), fields, problems]];
}

class BadCache extends Error {}

function number(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new BadCache('bad position');
  return value;
}

function string(value: unknown): string {
  if (typeof value !== 'string') throw new BadCache('bad string');
  return value;
}

function decodeRange(values: unknown[], at: number): Range {
  return { start: { line: number(values[at]), character: number(values[at + 1]) }, end: { line: number(values[at + 2]), character: number(values[at + 3]) } };
}

function array(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new BadCache('not an array');
  return value;
}

/** `file` is the absolute path the entry belongs to (definitions and problems point at it). */
export function decodeScan(value: unknown, file: string): ScannedFile {
  const [rawReferences, rawDynamic, rawDefinition] = array(value);
  const references = array(rawReferences).map((raw): FileReference => {
    const r = array(raw);
    const kind = r[1] as ReferenceKind;
    if (!KINDS.has(kind)) throw new BadCache('bad kind');
    const reference: FileReference = { name: string(r[0]), kind, range: decodeRange(r, 2) };
    if (r[6] !== undefined) reference.typeArg = string(r[6]);
    return reference;
  });
  const dynamic = array(rawDynamic).map((raw): DynamicReference => {
    const d = array(raw);
    return { prefix: string(d[0]), range: decodeRange(d, 1), expression: string(d[5]) };
  });
  if (rawDefinition === undefined) return { references, dynamic };
  const [name, nameRange, fields, problems] = array(rawDefinition);
  const definition: FlagDefinition = { file, name: string(name), nameRange: decodeRange(array(nameRange), 0), keyRanges: {}, valueRanges: {}, problems: [] };
  if (typeof fields !== 'object' || fields === null) throw new BadCache('bad fields');
  for (const field of STRING_FIELDS) if ((fields as Record<string, unknown>)[field] !== undefined) definition[field] = string((fields as Record<string, unknown>)[field]);
  for (const field of BOOLEAN_FIELDS) {
    const fieldValue = (fields as Record<string, unknown>)[field];
    if (fieldValue === undefined) continue;
    if (typeof fieldValue !== 'boolean') throw new BadCache('bad boolean');
    definition[field] = fieldValue;
  }
  definition.problems = array(problems).map((raw): Problem => {
    const p = array(raw);
    const problem: Problem = { kind: string(p[0]) as Problem['kind'], severity: string(p[1]) as Problem['severity'], message: string(p[2]), file, range: decodeRange(p, 3) };
    if (p[7] !== undefined && p[7] !== null) problem.flag = string(p[7]);
    if (p[8] !== undefined && p[8] !== null) problem.group = string(p[8]);
    return problem;
  });
  return { references, dynamic, definition };
}
