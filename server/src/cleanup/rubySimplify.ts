// Folds the flag markers out of Ruby code: boolean operators, ternaries, if/unless/elsif/else,
// modifiers, guard clauses, and local variables assigned only from the flag check.

import type { Node } from 'web-tree-sitter';
import { foldBinary, foldNot, takenBranch, type Connective } from './booleanFold';
import { marker, markerValue, type Rule, type RuleContext } from './engine';
import { contentChildren, isContainer, reindentedText, removeStatement, unwrapLines } from './rubyStatements';
import type { Edit } from './text';

const replace = (node: Node, text: string): Edit[] => [{ start: node.startIndex, end: node.endIndex, text }];

/** Ruby's spellings of the connectives; `and`/`or` fold as `&&`/`||` do. */
const CONNECTIVES = new Map<string, Connective>([
  ['&&', 'and'],
  ['and', 'and'],
  ['||', 'or'],
  ['or', 'or'],
]);

const simplifyUnary: Rule = (node) => {
  if (node.type !== 'unary') return null;
  const op = node.childForFieldName('operator')?.text;
  const value = markerValue(node.childForFieldName('operand'));
  if ((op !== '!' && op !== 'not') || value === undefined) return null;
  return replace(node, marker(foldNot(value)));
};

const simplifyParens: Rule = (node) => {
  if (node.type !== 'parenthesized_statements') return null;
  const value = markerValue(node);
  return value === undefined ? null : replace(node, marker(value));
};

const simplifyBinary: Rule = (node) => {
  if (node.type !== 'binary') return null;
  const connective = CONNECTIVES.get(node.childForFieldName('operator')?.text ?? '');
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!connective || !left || !right) return null;
  const folded = foldBinary(connective, markerValue(left), markerValue(right));
  if (!folded) return null;
  if ('value' in folded) return replace(node, marker(folded.value));
  return replace(node, (folded.keep === 'left' ? left : right).text);
};

const simplifyTernary: Rule = (node) => {
  if (node.type !== 'conditional') return null;
  const value = markerValue(node.childForFieldName('condition'));
  if (value === undefined) return null;
  const branch = node.childForFieldName(takenBranch(value));
  return branch ? replace(node, branch.text) : null;
};

/** Line of the `end` keyword closing an if/unless. */
function endLine(node: Node, ctx: RuleContext): number {
  return ctx.lines.lineOf(node.endIndex - 1);
}

function hasIndentSensitiveHeredoc(node: Node): boolean {
  if (node.type === 'heredoc_beginning' && !node.text.startsWith('<<~')) return true;
  return node.namedChildren.some((child) => !!child && hasIndentSensitiveHeredoc(child));
}

function keepBranch(node: Node, branch: Node, ctx: RuleContext, headerEnd: number): Edit[] | null {
  const lines = ctx.lines;
  const stmts = contentChildren(branch);
  const headerLine = lines.lineOf(headerEnd);
  const oneLine = stmts.length > 0 && lines.lineOf(stmts[0].startIndex) === headerLine;
  if (!oneLine && lines.ownsLines(node.startIndex, node.endIndex) && isContainer(node.parent)) {
    if (hasIndentSensitiveHeredoc(branch)) {
      // Re-indenting a <<- or << heredoc would change the string itself.
      ctx.skip(node, 'branch holds a heredoc whose text depends on indentation; unwrap it by hand');
      return null;
    }
    const alternative = branch.type === 'then' ? node.childForFieldName('alternative') : null;
    const bodyLast = (alternative ? lines.lineOf(alternative.startIndex) : endLine(node, ctx)) - 1;
    return unwrapLines(ctx, lines.lineOf(node.startIndex), endLine(node, ctx), headerLine + 1, bodyLast);
  }
  if (stmts.length === 0) return isContainer(node.parent) ? removeStatement(node, ctx) : replace(node, 'nil');
  if (stmts.length === 1) {
    const lineIndent = lines.indent(lines.lineOf(node.startIndex));
    const stmtLine = lines.lineOf(stmts[0].startIndex);
    const delta = stmtLine === headerLine ? 0 : lines.indent(stmtLine) - lineIndent;
    return replace(node, reindentedText(stmts[0], delta));
  }
  ctx.skip(node, 'conditional with several statements used as a value or on one line; simplify by hand');
  return null;
}

const simplifyIf: Rule = (node, ctx) => {
  if (node.type !== 'if' && node.type !== 'unless') return null;
  const condition = node.childForFieldName('condition');
  const value = markerValue(condition);
  if (value === undefined || !condition) return null;
  const taken = node.type === 'if' ? value : foldNot(value);
  const consequence = node.childForFieldName('consequence');
  const alternative = node.childForFieldName('alternative');
  const headerEnd = consequence && consequence.child(0)?.type === 'then' ? consequence.child(0)!.endIndex - 1 : condition.endIndex - 1;
  if (taken) {
    if (!consequence) return removeStatement(node, ctx);
    return keepBranch(node, consequence, ctx, headerEnd);
  }
  if (!alternative) return removeStatement(node, ctx);
  if (alternative.type === 'elsif') {
    // `if off … elsif c … end` → `if c … end`
    return [{ start: node.startIndex, end: alternative.startIndex + 'elsif'.length, text: 'if' }];
  }
  const elseKeyword = alternative.child(0)!;
  return keepBranch(node, alternative, ctx, elseKeyword.endIndex - 1);
};

const simplifyElsif: Rule = (node, ctx) => {
  if (node.type !== 'elsif') return null;
  const condition = node.childForFieldName('condition');
  const value = markerValue(condition);
  if (value === undefined || !condition) return null;
  const lines = ctx.lines;
  const alternative = node.childForFieldName('alternative');
  let owner: Node = node;
  while (owner.parent && owner.type === 'elsif') owner = owner.parent;
  if (value) {
    // The branch always runs: it becomes the `else`, and every later branch goes.
    const consequence = node.childForFieldName('consequence');
    const headerEnd = consequence?.child(0)?.type === 'then' ? consequence.child(0)!.endIndex : condition.endIndex;
    const edits: Edit[] = [{ start: node.startIndex, end: headerEnd, text: 'else' }];
    if (alternative) {
      edits.push({ start: lines.start(lines.lineOf(alternative.startIndex)), end: lines.start(endLine(owner, ctx)), text: '' });
    }
    return edits;
  }
  const first = lines.lineOf(node.startIndex);
  const last = (alternative ? lines.lineOf(alternative.startIndex) : endLine(owner, ctx)) - 1;
  return [{ start: lines.start(first), end: lines.next(last), text: '' }];
};

const simplifyModifier: Rule = (node, ctx) => {
  if (node.type !== 'if_modifier' && node.type !== 'unless_modifier') return null;
  const value = markerValue(node.childForFieldName('condition'));
  if (value === undefined) return null;
  const taken = node.type === 'if_modifier' ? value : foldNot(value);
  const body = node.childForFieldName('body');
  if (!taken || !body) return removeStatement(node, ctx, 'modifier conditional used as a value');
  const edits = replace(node, body.text);
  if (['return', 'next', 'break'].includes(body.type) && isContainer(node.parent)) {
    // An unconditional guard makes the rest of its body dead code, which goes with it.
    const siblings = contentChildren(node.parent!);
    const later = siblings.slice(siblings.findIndex((s) => s.id === node.id) + 1);
    if (later.length > 0) {
      const lines = ctx.lines;
      const lastLine = lines.lineOf(later[later.length - 1].endIndex - 1);
      edits.push({ start: lines.next(lines.lineOf(node.endIndex - 1)), end: lines.next(lastLine), text: '' });
      ctx.note(node, `'${body.text}' now always runs; the code after it was removed, check whether the method is still needed`);
    }
  }
  return edits;
};

/** `enabled = Feature.enabled?(:x)` then `if enabled`: the variable is inlined. */
const inlineVariable: Rule = (node, ctx) => {
  if (node.type !== 'assignment' || !isContainer(node.parent)) return null;
  const left = node.childForFieldName('left');
  const value = markerValue(node.childForFieldName('right'));
  if (!left || left.type !== 'identifier' || value === undefined) return null;
  let scope: Node | null = node.parent;
  while (scope && !['method', 'singleton_method', 'do_block', 'block', 'lambda', 'program', 'class', 'module'].includes(scope.type)) {
    scope = scope.parent;
  }
  if (!scope) return null;
  const uses: Node[] = [];
  let reassigned = false;
  const visit = (n: Node) => {
    if ((n.type === 'assignment' || n.type === 'operator_assignment') && n.id !== node.id && n.childForFieldName('left')?.text === left.text) {
      reassigned = true;
    }
    if (n.type === 'identifier' && n.text === left.text && n.startIndex > node.endIndex) uses.push(n);
    for (const child of n.namedChildren) if (child) visit(child);
  };
  visit(scope);
  if (reassigned) {
    ctx.skip(node, `local variable '${left.text}' holds the flag check and is reassigned; inline it by hand`);
    return null;
  }
  const removal = removeStatement(node, ctx);
  if (!removal) return null;
  return [...removal, ...uses.map((use) => ({ start: use.startIndex, end: use.endIndex, text: marker(value) }))];
};

export const RUBY_SIMPLIFY_RULES: Rule[] = [
  simplifyUnary,
  simplifyParens,
  simplifyBinary,
  simplifyTernary,
  simplifyModifier,
  simplifyElsif,
  simplifyIf,
  inlineVariable,
];
