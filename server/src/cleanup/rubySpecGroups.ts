// The shape of an RSpec file as the spec rules need it: which example group, example or shared
// group a piece of code runs for, whether a group is a file's outermost one, and where a shared
// group (`shared_context`, `shared_examples`) is used. Pure tree queries, no edits.

import type { Node } from 'web-tree-sitter';

export const EXAMPLES = new Set(['it', 'specify', 'scenario', 'example', 'its']);
export const GROUPS = new Set(['context', 'describe', 'feature']);
export const SHARED_GROUPS = new Set(['shared_context', 'shared_examples', 'shared_examples_for']);
/** Hooks whose code sets up the examples of the group they are in. */
export const HOOKS = new Set(['before', 'around', 'prepend_before', 'before_all']);
/** `it_behaves_like 'x'` makes a nested group; `include_context 'x'` runs in the current one. */
const NESTED_USES = new Set(['it_behaves_like', 'it_should_behave_like']);
const INLINE_USES = new Set(['include_context', 'include_examples']);

function methodName(node: Node): string {
  return node.type === 'call' ? (node.childForFieldName('method')?.text ?? '') : '';
}

/** The call owning the nearest block around `node`; null inside a method definition or at the top. */
export function blockCallOf(node: Node): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'method' || current.type === 'singleton_method') return null;
    if ((current.type === 'do_block' || current.type === 'block') && current.parent?.type === 'call') return current.parent;
  }
  return null;
}

/** The group, example or shared group whose examples `node` runs for (hooks are looked through). */
export function exampleOwner(node: Node): Node | null {
  let owner = blockCallOf(node);
  while (owner && HOOKS.has(methodName(owner))) owner = blockCallOf(owner);
  return owner;
}

function isGroupLike(call: Node): boolean {
  const name = methodName(call);
  return GROUPS.has(name) || SHARED_GROUPS.has(name);
}

/** `RSpec.describe …` or a `describe` no other group encloses: the whole file. */
export function isOutermostGroup(call: Node): boolean {
  if (!GROUPS.has(methodName(call))) return false;
  if (call.childForFieldName('receiver')) return true;
  for (let owner = blockCallOf(call); owner; owner = blockCallOf(owner)) if (isGroupLike(owner)) return false;
  return true;
}

/** An `it` or a nested `context`/`describe`: removing it removes only the examples it holds. */
export function isRemovableExampleOrGroup(call: Node): boolean {
  const name = methodName(call);
  if (call.childForFieldName('receiver')) return false;
  return EXAMPLES.has(name) || (GROUPS.has(name) && !isOutermostGroup(call));
}

export function isSharedGroup(call: Node | null): call is Node {
  return !!call && SHARED_GROUPS.has(methodName(call));
}

/** 'shared context' or 'shared examples', for messages. */
export function sharedGroupKind(call: Node): string {
  return methodName(call) === 'shared_context' ? 'shared context' : 'shared examples';
}

/** The literal name of a shared group or of a use (`'with x'`, `:with_x`); undefined when computed. */
export function sharedGroupName(call: Node): string | undefined {
  const first = call.childForFieldName('arguments')?.namedChild(0);
  if (!first) return undefined;
  if (first.type === 'simple_symbol') return first.text.slice(1);
  if (first.type === 'string' && first.namedChildren.every((child) => child?.type === 'string_content')) {
    return first.namedChildren.map((child) => child?.text ?? '').join('');
  }
  return undefined;
}

/**
 * Defined with `RSpec.` or outside every group: RSpec makes it visible to every spec file, so its
 * uses may be in files this cleanup does not read.
 */
export function isGlobalSharedGroup(call: Node): boolean {
  if (call.childForFieldName('receiver')) return true;
  for (let owner = blockCallOf(call); owner; owner = blockCallOf(owner)) if (isGroupLike(owner)) return false;
  return true;
}

export interface SharedGroupUse {
  call: Node;
  /** include_context / include_examples: the shared code runs in the enclosing group itself. */
  inline: boolean;
}

/** Uses of a group-local shared group: in the group that defines it, outside the definition. */
export function sharedGroupUses(shared: Node): SharedGroupUse[] {
  const name = sharedGroupName(shared);
  const scope = shared.parent;
  if (name === undefined || !scope) return [];
  const uses: SharedGroupUse[] = [];
  const visit = (node: Node) => {
    if (node.id === shared.id) return;
    const method = methodName(node);
    if ((NESTED_USES.has(method) || INLINE_USES.has(method)) && !node.childForFieldName('receiver') && sharedGroupName(node) === name) {
      uses.push({ call: node, inline: INLINE_USES.has(method) });
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(scope);
  return uses;
}

/** True when `inner` is `outer` or lies inside it. */
export function isWithin(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}
