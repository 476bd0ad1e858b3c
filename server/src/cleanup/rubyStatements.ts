// Statement-level removals in Ruby, with the cascade that removes a block left empty
// (`before_action do … end`, `before { … }`, an RSpec `context` with nothing left in it).

import type { Node } from 'web-tree-sitter';
import type { RuleContext } from './engine';
import { isGlobalSharedGroup, isSharedGroup, sharedGroupKind, sharedGroupName, sharedGroupUses } from './rubySpecGroups';
import { deleteLines, dedentLines, type Edit } from './text';

const CONTAINERS = new Set(['program', 'body_statement', 'block_body', 'then', 'else', 'begin', 'ensure', 'do']);

/** Calls whose block exists only for its contents, so an emptied block removes the call. */
const EMPTYABLE_BLOCK_CALLS = new Set([
  'before', 'after', 'around', 'prepend_before', 'before_all', 'before_action', 'prepend_before_action',
  'append_before_action', 'after_action', 'around_action', 'context', 'describe', 'feature', 'it', 'specify',
  'scenario', 'example', 'let_it_be', 'with_them', 'where',
]);

export function isContainer(node: Node | null): boolean {
  return !!node && CONTAINERS.has(node.type);
}

export function statementOf(node: Node): Node | null {
  let current: Node = node;
  while (current.parent && !isContainer(current.parent)) {
    const parent: Node = current.parent;
    if (parent.type !== 'call' && parent.type !== 'argument_list') return null;
    current = parent;
  }
  return current.parent ? current : null;
}

export function contentChildren(container: Node): Node[] {
  return container.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
}

export function callName(node: Node): string | undefined {
  if (node.type !== 'call') return undefined;
  return node.childForFieldName('method')?.text;
}

/** The call owning the block whose body is `container`, if removing it is safe when empty. */
function emptyableOwner(container: Node): Node | null {
  if (container.type !== 'body_statement' && container.type !== 'block_body') return null;
  const block = container.parent;
  if (!block || (block.type !== 'do_block' && block.type !== 'block')) return null;
  const call = block.parent;
  if (!call || call.type !== 'call' || call.childForFieldName('receiver')) return null;
  if (!EMPTYABLE_BLOCK_CALLS.has(callName(call) ?? '')) return null;
  // NOTE: a spec file's outermost group is never removed; an empty file would be worse.
  if (call.parent?.type === 'program') return null;
  return call;
}

/** The shared group (`shared_context 'x' do … end`) whose body is `container`. */
function sharedGroupOf(container: Node): Node | null {
  if (container.type !== 'body_statement' && container.type !== 'block_body') return null;
  const block = container.parent;
  const call = block && (block.type === 'do_block' || block.type === 'block') ? block.parent : null;
  return isSharedGroup(call) ? call : null;
}

/**
 * A shared group about to lose its last statement is dead: its uses go first (one per step, so
 * the group and what empties it are still there to find them), then the group. A group defined
 * with `RSpec.` or outside every group may be used from other files: it is left empty, and said.
 */
function removeEmptiedSharedGroup(shared: Node, ctx: RuleContext): Edit[] | null {
  const name = sharedGroupName(shared);
  if (name === undefined || isGlobalSharedGroup(shared)) {
    const label = name === undefined ? sharedGroupKind(shared) : `${sharedGroupKind(shared)} '${name}'`;
    ctx.note(shared, `${label} is left empty; it may be used from other files: remove it and its include_context/it_behaves_like lines`);
    return null;
  }
  const [use] = sharedGroupUses(shared);
  return removeStatement(use ? use.call : shared, ctx);
}

/** Removes `node`'s statement; cascades to the enclosing block call when nothing else remains. */
export function removeStatement(node: Node, ctx: RuleContext, reason = 'cannot remove this expression automatically'): Edit[] | null {
  const statement = statementOf(node) ?? (isContainer(node.parent) ? node : null);
  if (!statement || !statement.parent) {
    ctx.skip(node, reason);
    return null;
  }
  const container = statement.parent;
  const owner = emptyableOwner(container);
  if (owner && contentChildren(container).length === 1) return removeStatement(owner, ctx, reason);
  const shared = sharedGroupOf(container);
  if (shared && contentChildren(container).length === 1) {
    const removal = removeEmptiedSharedGroup(shared, ctx);
    if (removal) return removal;
  }
  const lines = ctx.lines;
  if (lines.ownsLines(statement.startIndex, statement.endIndex)) {
    return [deleteLines(lines, lines.lineOf(statement.startIndex), lines.lineOf(statement.endIndex - 1))];
  }
  const after = /^[ \t]*;[ \t]*/.exec(ctx.text.slice(statement.endIndex));
  if (after) return [{ start: statement.startIndex, end: statement.endIndex + after[0].length, text: '' }];
  const before = /[ \t]*;[ \t]*$/.exec(ctx.text.slice(0, statement.startIndex));
  if (before) return [{ start: statement.startIndex - before[0].length, end: statement.endIndex, text: '' }];
  ctx.skip(node, reason);
  return null;
}

/**
 * Replaces `node` (which owns its lines, from `firstLine` to `lastLine`) by the lines
 * bodyFirst..bodyLast re-indented to the node's own indentation.
 */
export function unwrapLines(
  ctx: RuleContext,
  firstLine: number,
  lastLine: number,
  bodyFirst: number,
  bodyLast: number,
): Edit[] {
  const lines = ctx.lines;
  while (bodyFirst <= bodyLast && lines.isBlank(bodyFirst)) bodyFirst++;
  while (bodyLast >= bodyFirst && lines.isBlank(bodyLast)) bodyLast--;
  if (bodyFirst > bodyLast) return [deleteLines(lines, firstLine, lastLine)];
  const body: string[] = [];
  for (let line = bodyFirst; line <= bodyLast; line++) body.push(lines.get(line));
  const bodyIndent = Math.min(...body.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length));
  const replacement = dedentLines(body, bodyIndent - lines.indent(firstLine)).join('\n') + '\n';
  return [deleteLines(lines, firstLine, lastLine, replacement)];
}

/** The text of `node` with its continuation lines re-indented by `delta` fewer columns. */
export function reindentedText(node: Node, delta: number): string {
  const [first, ...rest] = node.text.split('\n');
  return [first, ...dedentLines(rest, delta)].join('\n');
}
