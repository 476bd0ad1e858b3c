// The shapes the MCP tools share: a place in a file, a reference, a problem. Each row keeps the
// fields of the CLI's --json output (0-based LSP positions) and adds `location`, the 1-based
// `path:line:column` that editors, grep and people read, so an agent never converts by hand.

import { z } from 'zod';
import { flagKey } from '../flags/naming';
import type { Problem } from '../flags/model';
import type { FlagIndex } from '../index/flagIndex';
import type { McpContext } from './context';
import { ToolError } from './context';

export const locationField = z.string().describe('path:line:column, 1-based, relative to the root');

export const referenceRow = z.object({
  flag: z.string(),
  path: z.string().describe('relative to the root'),
  line: z.number().int().describe('0-based'),
  character: z.number().int().describe('0-based'),
  endLine: z.number().int(),
  endCharacter: z.number().int(),
  kind: z.string().describe('definition, check, push, option, toggle, stub, matcher, frontend, qa, constant, route or gon'),
  spec: z.boolean().describe('in a spec or test file'),
  location: locationField,
});
export type ReferenceRow = z.infer<typeof referenceRow>;

export const problemRow = z.object({
  kind: z.string(),
  flag: z.string().optional(),
  path: z.string().optional(),
  line: z.number().int().optional().describe('0-based'),
  character: z.number().int().optional().describe('0-based'),
  message: z.string(),
  severity: z.string().describe('error, warning, information or hint'),
  location: locationField.optional(),
  related: z
    .array(z.object({ path: z.string(), line: z.number().int(), character: z.number().int(), message: z.string(), location: locationField }))
    .optional()
    .describe('The other places of a problem reported once (other reads, other uses, other definitions)'),
});
export type ProblemRow = z.infer<typeof problemRow>;

export const manualRow = z.object({
  path: z.string(),
  line: z.number().int().describe('0-based'),
  character: z.number().int().describe('0-based'),
  reason: z.string(),
  location: locationField,
});

export function location(path: string, line: number, character: number): string {
  return `${path}:${line + 1}:${character + 1}`;
}

/** The flag name as an agent may write it: `:my_flag`, `'my_flag'`, `myFlag` all mean my_flag. */
export function normalizeName(raw: string): string {
  const name = raw.trim().replace(/^:/, '').replace(/^(['"`])(.*)\1$/, '$2').trim();
  if (name === '' || /[\s/\\]/.test(name) || name.length > 200) throw new ToolError(`'${raw}' is not a flag name: use the snake_case name, e.g. my_feature_flag.`);
  return name;
}

/** Whether the index knows the flag at all (a definition or any reference). */
export function isKnown(index: FlagIndex, name: string): boolean {
  return index.definitions(name).length > 0 || index.references(name).length > 0;
}

/**
 * A definition nothing uses: no reference outside the YAML, and no dynamic name that could be it
 * (the same rule as lint's unused-definition).
 */
export function isUnusedDefinition(index: FlagIndex, name: string): boolean {
  if (index.definitions(name).length === 0 || index.isUsed(name)) return false;
  const display = index.displayName(name);
  return !index.dynamicPrefixes().some((prefix) => display.startsWith(prefix));
}

/** Up to five known names close to `name`, for "did you mean". */
export function similarNames(index: FlagIndex, name: string): string[] {
  const wanted = flagKey(name).toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const key of index.keys()) {
    const candidate = index.displayName(key);
    const lower = key.toLowerCase();
    const score = lower.includes(wanted) || wanted.includes(lower) ? 0 : editDistance(lower, wanted, 4);
    if (score <= 3) scored.push({ name: candidate, score });
  }
  return [...new Set(scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name)).map((item) => item.name))].slice(0, 5);
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, current[j]);
    }
    if (best > cap) return cap + 1;
    previous = current;
  }
  return previous[b.length];
}

/** Every reference of a flag, in the order and shape of `gitlab-flags refs NAME --json`. */
export function referenceRows(context: McpContext, index: FlagIndex, name: string): ReferenceRow[] {
  const flag = index.displayName(name);
  const rows = index.references(name).map((found): ReferenceRow => {
    const { start, end } = found.item.range;
    const path = context.relativePath(found.file);
    return {
      flag,
      path,
      line: start.line,
      character: start.character,
      endLine: end.line,
      endCharacter: end.character,
      kind: found.item.kind,
      spec: index.file(found.file)?.spec ?? false,
      location: location(path, start.line, start.character),
    };
  });
  return rows.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.character - b.character);
}

/** A problem in the shape of one `gitlab-flags lint --json` row. */
export function problemRowOf(context: McpContext, problem: Problem): ProblemRow {
  const path = context.relativePath(problem.file);
  return {
    kind: problem.kind,
    ...(problem.flag ? { flag: problem.flag } : {}),
    path,
    line: problem.range.start.line,
    character: problem.range.start.character,
    message: problem.message,
    severity: problem.severity,
    location: location(path, problem.range.start.line, problem.range.start.character),
    ...(problem.related
      ? {
          related: problem.related.map((place) => {
            const placePath = context.relativePath(place.file);
            return { path: placePath, line: place.range.start.line, character: place.range.start.character, message: place.message, location: location(placePath, place.range.start.line, place.range.start.character) };
          }),
        }
      : {}),
  };
}

/** Dynamic flag names whose static prefix this flag starts with: they may mean it. */
export function dynamicRows(context: McpContext, index: FlagIndex, name: string): { expression: string; location: string }[] {
  const display = index.displayName(name);
  return index
    .dynamicReferences()
    .filter((dynamic) => dynamic.item.prefix.length > 0 && display.startsWith(dynamic.item.prefix))
    .map((dynamic) => ({ expression: dynamic.item.expression, location: location(context.relativePath(dynamic.file), dynamic.item.range.start.line, dynamic.item.range.start.character) }));
}
