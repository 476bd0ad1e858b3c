// Rewrites a file one small step at a time until no rule applies: each step is found on a
// fresh parse of the current text, so rules never reason about stale positions, and a rule
// only has to handle the one shape it knows.

import type { Node, Tree } from 'web-tree-sitter';
import { applyEdits, Lines, type Edit } from './text';

/** Flag checks are first replaced by these identifiers, valid in Ruby and JavaScript alike,
 * so later rules can tell a constant we introduced from a `true` that was already there. */
export const MARKER_ON = '__gitlab_flags_cleanup_on__';
export const MARKER_OFF = '__gitlab_flags_cleanup_off__';

export interface FlagNames {
  flag: string;
  camel: string;
  keep: 'enabled' | 'disabled';
}

export interface RuleContext extends FlagNames {
  text: string;
  lines: Lines;
  /** Leaves `node` alone from now on and reports it for manual review. */
  skip(node: Node, reason: string): void;
  isSkipped(node: Node): boolean;
  /** Reports `node` for review without stopping rules from rewriting it. */
  note(node: Node, reason: string): void;
}

export type Rule = (node: Node, ctx: RuleContext) => Edit[] | null;

export interface ManualNote {
  offset: number;
  reason: string;
}

export interface RewriteResult {
  text: string;
  notes: ManualNote[];
  /** Set when the rules did not settle; the file must be left untouched. */
  failure?: string;
}

const MAX_STEPS = 2000;

export function markerValue(node: Node | null): boolean | undefined {
  if (!node) return undefined;
  if (node.text === MARKER_ON) return true;
  if (node.text === MARKER_OFF) return false;
  if ((node.type === 'parenthesized_statements' || node.type === 'parenthesized_expression') && node.namedChildCount === 1) {
    return markerValue(node.namedChild(0));
  }
  return undefined;
}

export function marker(value: boolean): string {
  return value ? MARKER_ON : MARKER_OFF;
}

export function rewriteToFixpoint(
  original: string,
  parse: (text: string) => Tree,
  rules: Rule[],
  names: FlagNames,
  literals: { on: string; off: string } = { on: 'true', off: 'false' },
): RewriteResult {
  let text = original;
  let notes: (ManualNote & { key: string })[] = [];
  const keyOf = (node: Node) => `${node.type}@${node.startIndex}`;

  const shift = (edits: Edit[]) => {
    for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
      const delta = edit.text.length - (edit.end - edit.start);
      notes = notes.flatMap((note) => {
        if (note.offset >= edit.end && !(edit.start === edit.end && note.offset === edit.start && delta === 0)) {
          const offset = note.offset + delta;
          return [{ ...note, offset, key: note.key.replace(/@\d+$/, `@${offset}`) }];
        }
        if (note.offset >= edit.start && note.offset < edit.end) {
          // The noted node was rewritten as part of something larger; keep the note at the edit.
          return [{ ...note, offset: edit.start, key: `gone@${edit.start}` }];
        }
        return [note];
      });
    }
  };

  for (let step = 0; step < MAX_STEPS; step++) {
    const tree = parse(text);
    const ctx: RuleContext = {
      ...names,
      text,
      lines: new Lines(text),
      skip(node, reason) {
        notes.push({ offset: node.startIndex, reason, key: keyOf(node) });
      },
      note(node, reason) {
        notes.push({ offset: node.startIndex, reason, key: `note@${node.startIndex}` });
      },
      isSkipped(node) {
        return notes.some((note) => note.key === keyOf(node));
      },
    };
    const edits = findFirst(tree.rootNode, rules, ctx);
    tree.delete();
    if (!edits) {
      const finals: Edit[] = [];
      const pattern = new RegExp(`${MARKER_ON}|${MARKER_OFF}`, 'g');
      for (const match of text.matchAll(pattern)) {
        finals.push({
          start: match.index,
          end: match.index + match[0].length,
          text: match[0] === MARKER_ON ? literals.on : literals.off,
        });
      }
      shift(finals);
      return { text: applyEdits(text, finals), notes: dedupe(notes) };
    }
    shift(edits);
    const next = applyEdits(text, edits);
    if (next === text) return { text: original, notes: [], failure: 'a rewrite rule made no progress' };
    text = next;
  }
  return { text: original, notes: [], failure: 'the rewrite did not settle' };
}

function dedupe(notes: ManualNote[]): ManualNote[] {
  const seen = new Set<string>();
  return notes
    .map(({ offset, reason }) => ({ offset, reason }))
    .filter((note) => {
      const key = `${note.offset}:${note.reason}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.offset - b.offset);
}

/** Post-order: inner shapes (`!flag`) simplify before the shapes that contain them. */
function findFirst(node: Node, rules: Rule[], ctx: RuleContext): Edit[] | null {
  for (const child of node.children) {
    if (!child) continue;
    const found = findFirst(child, rules, ctx);
    if (found) return found;
  }
  if (ctx.isSkipped(node)) return null;
  for (const rule of rules) {
    const edits = rule(node, ctx);
    if (edits && edits.length > 0) return edits;
    if (ctx.isSkipped(node)) return null;
  }
  return null;
}
