// Folds the flag markers out of JavaScript/TypeScript: `!`, `&&`, `||`, `??`, ternaries,
// if/else (including else-if chains and early returns), and constants holding the flag.

import type { Node } from 'web-tree-sitter';
import { foldBinary, foldNot, takenBranch, type Connective } from './booleanFold';
import { marker, markerValue, type Rule, type RuleContext } from './engine';
import { isFeatureObject, type JsOptions } from './jsFlagRules';
import { isJsContainer, removeJsStatement } from './jsStatements';
import { listElements } from './lists';
import { reindentedText, unwrapLines } from './rubyStatements';
import type { Edit } from './text';

const replace = (node: Node, text: string): Edit[] => [{ start: node.startIndex, end: node.endIndex, text }];

/** JavaScript's connectives; `??` is not one (it keeps a known left side whatever its value). */
const CONNECTIVES = new Map<string, Connective>([
  ['&&', 'and'],
  ['||', 'or'],
]);

const PRIMARY = new Set(['identifier', 'member_expression', 'call_expression', 'string', 'number', 'true', 'false', 'null', 'this', 'template_string', 'subscript_expression']);

/** Replaces `node` by `kept`; parentheses that only grouped the folded expression go too. */
function replaceWith(node: Node, kept: Node): Edit[] {
  const parent = node.parent;
  if (parent?.type === 'parenthesized_expression' && !isSyntaxParens(parent) && parent.namedChildCount === 1 && PRIMARY.has(kept.type)) {
    return replace(parent, kept.text);
  }
  return replace(node, kept.text);
}

/** Parentheses that are part of the statement's syntax, not of the expression. */
function isSyntaxParens(node: Node): boolean {
  const parent = node.parent;
  return !!parent && ['if_statement', 'while_statement', 'do_statement', 'switch_statement'].includes(parent.type) &&
    parent.childForFieldName('condition')?.id === node.id;
}

/** `gon.features && gon.features.x`: the guard only protected the flag read. */
function isFeaturesGuard(node: Node, options: JsOptions): boolean {
  const text = node.text.replace(/\s+/g, '').replace(/\?\./g, '.');
  return isFeatureObject(node, options) || ['gon', 'window.gon', 'this.glFeatures', 'glFeatures'].includes(text);
}

export function jsSimplifyRules(options: JsOptions): Rule[] {
  const unary: Rule = (node) => {
    if (node.type !== 'unary_expression' || node.childForFieldName('operator')?.text !== '!') return null;
    const value = markerValue(node.childForFieldName('argument'));
    return value === undefined ? null : replace(node, marker(foldNot(value)));
  };

  const parens: Rule = (node) => {
    if (node.type !== 'parenthesized_expression' || isSyntaxParens(node)) return null;
    const value = markerValue(node);
    return value === undefined ? null : replace(node, marker(value));
  };

  const binary: Rule = (node) => {
    if (node.type !== 'binary_expression') return null;
    const op = node.childForFieldName('operator')?.text;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return null;
    const lv = markerValue(left);
    const rv = markerValue(right);
    if (op === '??') return lv === undefined ? null : replaceWith(node, left);
    const connective = CONNECTIVES.get(op ?? '');
    const folded = connective ? foldBinary(connective, lv, rv) : undefined;
    if (!folded) return null;
    if ('value' in folded) return replace(node, marker(folded.value));
    // `gon.features && <flag on>`: the guard only protected the flag read, so it goes with it.
    if (connective === 'and' && rv === true && isFeaturesGuard(left, options)) return replace(node, marker(true));
    return replaceWith(node, folded.keep === 'left' ? left : right);
  };

  const ternary: Rule = (node) => {
    if (node.type !== 'ternary_expression') return null;
    const value = markerValue(node.childForFieldName('condition'));
    if (value === undefined) return null;
    const branch = node.childForFieldName(takenBranch(value));
    return branch ? replaceWith(node, branch) : null;
  };

  /** `Boolean(flag)` */
  const booleanCall: Rule = (node) => {
    if (node.type !== 'call_expression' || node.childForFieldName('function')?.text !== 'Boolean') return null;
    const args = node.childForFieldName('arguments');
    const value = args && args.namedChildCount === 1 ? markerValue(args.namedChild(0)) : undefined;
    return value === undefined ? null : replace(node, marker(value));
  };

  const ifStatement: Rule = (node, ctx) => {
    if (node.type !== 'if_statement') return null;
    const value = markerValue(node.childForFieldName('condition'));
    if (value === undefined) return null;
    const consequence = node.childForFieldName('consequence');
    const elseClause = node.childForFieldName('alternative');
    const alternative = elseClause ? listElements(elseClause)[0] ?? null : null;
    const kept = value ? consequence : alternative;
    if (!kept) return removeIf(node, ctx);
    const edits = keepStatement(node, kept, ctx);
    return edits ? [...edits, ...deadCodeAfter(node, kept, ctx)] : null;
  };

  /** `const isOn = this.glFeatures.x;` then `if (isOn)`: the constant is inlined. */
  const inlineConstant: Rule = (node, ctx) => {
    if (node.type !== 'variable_declarator') return null;
    const name = node.childForFieldName('name');
    const value = markerValue(node.childForFieldName('value'));
    const declaration = node.parent;
    if (!name || name.type !== 'identifier' || value === undefined || !declaration) return null;
    if (listElements(declaration).filter((child) => child.type === 'variable_declarator').length !== 1) return null;
    if (!isJsContainer(declaration.parent) && declaration.parent?.type !== 'export_statement') return null;
    if (declaration.parent?.type === 'export_statement') return null;
    const scope = declaration.parent!;
    const uses: Node[] = [];
    let reassigned = false;
    const visit = (n: Node) => {
      if ((n.type === 'assignment_expression' || n.type === 'augmented_assignment_expression' || n.type === 'update_expression') &&
        (n.childForFieldName('left') ?? n.childForFieldName('argument'))?.text === name.text) reassigned = true;
      if ((n.type === 'identifier' || n.type === 'shorthand_property_identifier') && n.text === name.text && n.startIndex > node.endIndex) uses.push(n);
      for (const child of n.namedChildren) if (child) visit(child);
    };
    visit(scope);
    if (reassigned) {
      ctx.skip(node, `'${name.text}' holds the flag and is reassigned; inline it by hand`);
      return null;
    }
    return [
      ...removeJsStatement(declaration, ctx),
      ...uses.map((use) => ({
        start: use.startIndex,
        end: use.endIndex,
        text: use.type === 'shorthand_property_identifier' ? `${use.text}: ${marker(value)}` : marker(value),
      })),
    ];
  };

  return [unary, parens, binary, ternary, booleanCall, ifStatement, inlineConstant];
}

/** An early return that now always runs makes the rest of its block dead code, which goes too. */
function deadCodeAfter(node: Node, kept: Node, ctx: RuleContext): Edit[] {
  const only = kept.type === 'statement_block' ? listElements(kept) : [kept];
  if (only.length !== 1 || only[0].type !== 'return_statement' || !isJsContainer(node.parent)) return [];
  if (!ctx.lines.ownsLines(node.startIndex, node.endIndex)) return [];
  const siblings = listElements(node.parent!);
  const later = siblings.slice(siblings.findIndex((sibling) => sibling.id === node.id) + 1);
  if (later.length === 0) return [];
  const lines = ctx.lines;
  ctx.note(node, "an early return now always runs; the code after it was removed, check whether the function is still needed");
  return [{ start: lines.next(lines.lineOf(node.endIndex - 1)), end: lines.next(lines.lineOf(later[later.length - 1].endIndex - 1)), text: '' }];
}

function removeIf(node: Node, ctx: RuleContext): Edit[] | null {
  const parent = node.parent;
  if (parent?.type === 'else_clause') {
    // `} else if (off) { … }` without a further else: the whole else goes.
    const outer = parent.parent!;
    const consequence = outer.childForFieldName('consequence')!;
    return [{ start: consequence.endIndex, end: parent.endIndex, text: '' }];
  }
  if (isJsContainer(parent)) return removeJsStatement(node, ctx);
  ctx.skip(node, 'conditional in an unusual position; simplify by hand');
  return null;
}

function keepStatement(node: Node, kept: Node, ctx: RuleContext): Edit[] | null {
  const lines = ctx.lines;
  if (kept.type === 'statement_block') {
    const statements = listElements(kept);
    if (statements.length === 0) return removeIf(node, ctx);
    if (isJsContainer(node.parent) && lines.ownsLines(node.startIndex, node.endIndex)) {
      const open = lines.lineOf(kept.startIndex);
      const close = lines.lineOf(kept.endIndex - 1);
      if (open !== close && lines.lineOf(statements[0].startIndex) > open) {
        return unwrapLines(ctx, lines.lineOf(node.startIndex), lines.lineOf(node.endIndex - 1), open + 1, close - 1);
      }
    }
    if (node.parent?.type === 'else_clause') return replace(node, kept.text);
    if (statements.length === 1 && isJsContainer(node.parent)) return replace(node, statements[0].text);
    ctx.skip(node, 'conditional with a block on one line; simplify by hand');
    return null;
  }
  // A single statement (`if (on) return;`) or an `else if` chain.
  const lineIndent = lines.indent(lines.lineOf(node.startIndex));
  const keptLine = lines.lineOf(kept.startIndex);
  const delta = keptLine === lines.lineOf(node.startIndex) || kept.type === 'if_statement' ? 0 : lines.indent(keptLine) - lineIndent;
  return replace(node, reindentedText(kept, delta));
}
