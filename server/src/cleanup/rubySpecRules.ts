// Which RSpec examples go with a stub that exercises the branch being removed.

import type { Node } from 'web-tree-sitter';
import type { Edit } from './text';
import type { RuleContext } from './engine';
import { callName, removeStatement } from './rubyStatements';

const EXAMPLES = new Set(['it', 'specify', 'scenario', 'example', 'its']);
const GROUPS = new Set(['context', 'describe', 'feature']);
const HOOKS = new Set(['before', 'around', 'prepend_before', 'before_all']);

function blockCallOf(node: Node): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if ((current.type === 'do_block' || current.type === 'block') && current.parent?.type === 'call') {
      return current.parent;
    }
  }
  return null;
}

/**
 * A stub of the removed branch: the example holding it goes, or the group whose hook holds
 * it. The outermost group of a file, shared examples and helpers are reported instead.
 */
export function removeExampleFor(stub: Node, ctx: RuleContext): Edit[] | null {
  let owner = blockCallOf(stub);
  while (owner && HOOKS.has(callName(owner) ?? '')) owner = blockCallOf(owner);
  const name = owner ? callName(owner) ?? '' : '';
  const removable = owner && !owner.childForFieldName('receiver') && owner.parent?.type !== 'program';
  if (owner && removable && (EXAMPLES.has(name) || GROUPS.has(name))) {
    return removeStatement(owner, ctx, 'example stubbing the removed branch used as a value');
  }
  ctx.skip(stub, `stub of the removed branch outside an example or nested group; remove the examples it serves by hand`);
  return null;
}
