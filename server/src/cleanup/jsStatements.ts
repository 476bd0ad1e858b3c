// Statement-level helpers for JavaScript and TypeScript.

import type { Node } from 'web-tree-sitter';
import type { RuleContext } from './engine';
import { removeListElement } from './lists';
import { deleteLines, type Edit } from './text';

const VUE_HOOKS = new Set(['beforeCreate', 'created', 'beforeMount', 'mounted', 'beforeUpdate', 'updated', 'beforeDestroy', 'destroyed', 'beforeUnmount', 'unmounted', 'activated', 'deactivated']);

const CONTAINERS = new Set(['program', 'statement_block', 'switch_case', 'switch_default']);

export function isJsContainer(node: Node | null): boolean {
  return !!node && CONTAINERS.has(node.type);
}

/** The statement directly inside a block that contains `node`. */
export function jsStatementOf(node: Node): Node | null {
  let current: Node = node;
  while (current.parent && !isJsContainer(current.parent)) current = current.parent;
  return current.parent ? current : null;
}

/** Calls whose callback exists only for its contents, so an emptied callback removes the call. */
const EMPTYABLE_CALLBACK_CALLS = new Set(['beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'it', 'test', 'describe']);

function emptyableOwner(statement: Node): Node | null {
  const block = statement.parent;
  if (block?.type !== 'statement_block') return null;
  if (block.namedChildren.filter((child) => child?.type !== 'comment').length !== 1) return null;
  const fn = block.parent;
  if (!fn || !['arrow_function', 'function_expression', 'function'].includes(fn.type)) return null;
  const call = fn.parent?.type === 'arguments' ? fn.parent.parent : null;
  if (!call || !EMPTYABLE_CALLBACK_CALLS.has(calleeName(call) ?? '')) return null;
  const owner = jsStatementOf(call);
  // NOTE: a spec file's outermost describe is never removed.
  if (!owner || owner.namedChild(0)?.id !== call.id || owner.parent?.type === 'program') return null;
  return owner;
}

export function removeJsStatement(statement: Node, ctx: RuleContext): Edit[] {
  const owner = emptyableOwner(statement);
  if (owner) return removeJsStatement(owner, ctx);
  const block = statement.parent;
  if (block?.type === 'statement_block' && block.namedChildren.filter((child) => child?.type !== 'comment').length === 1) {
    const method = block.parent;
    if (method?.type === 'method_definition' && VUE_HOOKS.has(method.childForFieldName('name')?.text ?? '')) {
      // An emptied lifecycle hook is removed rather than left as `mounted() {}`.
      const removed = removeListElement(method, ctx.lines);
      if (removed) return removed;
    }
    return [{ start: block.startIndex, end: block.endIndex, text: '{}' }];
  }
  const lines = ctx.lines;
  if (lines.ownsLines(statement.startIndex, statement.endIndex)) {
    return [deleteLines(lines, lines.lineOf(statement.startIndex), lines.lineOf(statement.endIndex - 1))];
  }
  const trailing = /^[ \t]*/.exec(ctx.text.slice(statement.endIndex))![0];
  return [{ start: statement.startIndex, end: statement.endIndex + trailing.length, text: '' }];
}

export function calleeName(call: Node): string | undefined {
  if (call.type !== 'call_expression') return undefined;
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  // `it.each(...)(...)`, `describe.skip`: the base name decides what the call is.
  if (fn.type === 'member_expression') return fn.childForFieldName('object')?.text;
  return undefined;
}
