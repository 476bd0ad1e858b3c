// Parse-error counts used to refuse a rewrite that would break a file.

import type { Node } from 'web-tree-sitter';
import type { GrammarName, Parsers } from './parsers';

export function treeSitterErrors(parsers: Parsers, grammar: GrammarName, text: string): number {
  const tree = parsers.parse(grammar, text);
  let count = 0;
  const visit = (node: Node) => {
    if (node.isError || node.isMissing) count++;
    if (!node.hasError && !node.isMissing) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  tree.delete();
  return count;
}
