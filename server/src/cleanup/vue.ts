// Vue single-file components: @vue/compiler-sfc splits the file; the template is rewritten
// element by element (v-if / v-else-if / v-else / v-show and bound expressions), the script
// with the JavaScript rules, and the feature-flag mixin goes when nothing reads a flag any more.

import { parse as parseSfc, type SFCDescriptor } from '@vue/compiler-sfc';
import type { Node } from 'web-tree-sitter';
import { MARKER_OFF, MARKER_ON, rewriteToFixpoint, type FlagNames, type ManualNote, type RewriteResult, type Rule } from './engine';
import { rewriteJs } from './javascript';
import { listElements, removeListElement } from './lists';
import type { GrammarName, Parsers } from './parsers';
import { applyEdits, dedentLines, deleteLines, Lines, type Edit } from './text';

// Numeric node types of @vue/compiler-core, stable across Vue 3.
const ELEMENT = 1;
const INTERPOLATION = 5;
const DIRECTIVE = 7;

interface Loc {
  start: { offset: number };
  end: { offset: number };
}
interface TemplateNode {
  type: number;
  tag?: string;
  loc: Loc;
  props?: TemplateProp[];
  children?: TemplateNode[];
  content?: { content?: string; loc: Loc };
}
interface TemplateProp {
  type: number;
  name: string;
  loc: Loc;
  exp?: { content: string; loc: Loc };
}

const MAX_TEMPLATE_STEPS = 500;

export function sfcParseErrors(text: string): number {
  return parseSfc(text, { ignoreEmpty: false }).errors.length;
}

function scriptBlock(descriptor: SFCDescriptor) {
  return descriptor.scriptSetup ?? descriptor.script;
}

function scriptGrammar(lang: string | undefined): GrammarName {
  if (lang === 'ts') return 'typescript';
  if (lang === 'tsx') return 'tsx';
  return 'javascript';
}

/** Computed properties whose whole body is `return this.glFeatures.x;`. */
function findAliases(script: string, grammar: GrammarName, parsers: Parsers, camel: string): Set<string> {
  const aliases = new Set<string>();
  const tree = parsers.parse(grammar, script);
  const reads = new Set([`this.glFeatures.${camel}`, `gon.features.${camel}`, `window.gon.features.${camel}`]);
  const visit = (node: Node) => {
    if (node.type === 'method_definition' && node.parent?.parent?.type === 'pair' && node.parent.parent.childForFieldName('key')?.text === 'computed') {
      const body = node.childForFieldName('body');
      const statements = body ? listElements(body) : [];
      const returned = statements.length === 1 && statements[0].type === 'return_statement' ? statements[0].namedChild(0) : null;
      if (returned && reads.has(returned.text.replace(/\s+/g, '').replace(/\?\./g, '.'))) {
        aliases.add(node.childForFieldName('name')!.text);
      }
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(tree.rootNode);
  tree.delete();
  return aliases;
}

type Evaluated = { constant: boolean } | { expression: string } | undefined;

export function rewriteVue(text: string, parsers: Parsers, names: FlagNames): RewriteResult {
  const notes: ManualNote[] = [];
  const first = parseSfc(text).descriptor;
  const firstScript = scriptBlock(first);
  const grammar = scriptGrammar(firstScript?.lang);
  const aliases = firstScript ? findAliases(firstScript.content, grammar, parsers, names.camel) : new Set<string>();
  const mentions = [names.camel, ...aliases];

  const evaluate = (expression: string): Evaluated => {
    if (!mentions.some((name) => expression.includes(name))) return undefined;
    const result = rewriteJs(`(${expression});`, 'javascript', parsers, names, { template: true, aliases }, { on: MARKER_ON, off: MARKER_OFF });
    if (result.failure) return undefined;
    const tree = parsers.parse('javascript', result.text);
    let node = tree.rootNode.namedChild(0)?.namedChild(0) ?? null;
    while (node?.type === 'parenthesized_expression' && node.namedChildCount === 1) node = node.namedChild(0);
    const out = node?.text ?? '';
    tree.delete();
    if (out === MARKER_ON) return { constant: true };
    if (out === MARKER_OFF) return { constant: false };
    const literal = out.replaceAll(MARKER_ON, 'true').replaceAll(MARKER_OFF, 'false');
    return literal === expression ? undefined : { expression: literal };
  };

  let current = text;
  let step = 0;
  for (; step < MAX_TEMPLATE_STEPS; step++) {
    const descriptor = parseSfc(current).descriptor;
    const root = descriptor.template?.ast as unknown as TemplateNode | undefined;
    if (!root) break;
    const edits = templateStep(root, new Lines(current), evaluate);
    if (!edits) break;
    current = applyEdits(current, edits);
  }
  if (step === MAX_TEMPLATE_STEPS) return { text, notes: [], failure: 'the template rewrite did not settle' };

  // Script: rewrite with the aliases known, then drop the mixin if nothing reads a flag.
  const descriptor = parseSfc(current).descriptor;
  const script = scriptBlock(descriptor);
  if (script) {
    const start = script.loc.start.offset;
    const result = rewriteJs(script.content, grammar, parsers, names, { template: false, aliases });
    if (result.failure) return { text, notes: [], failure: result.failure };
    for (const note of result.notes) notes.push({ offset: note.offset + start, reason: note.reason });
    let scriptText = result.text;
    const templateText = descriptor.template?.content ?? '';
    if (scriptText !== script.content && !/glFeatures/.test(templateText) && !/glFeatures\./.test(scriptText)) {
      scriptText = rewriteToFixpoint(scriptText, (source) => parsers.parse(grammar, source), [removeMixin, removeUnusedMixinImport], names).text;
    }
    current = current.slice(0, start) + scriptText + current.slice(script.loc.end.offset);
  }
  return { text: current, notes };
}

function directiveChain(siblings: TemplateNode[], index: number): TemplateNode[] {
  const chain: TemplateNode[] = [];
  for (let i = index + 1; i < siblings.length; i++) {
    const sibling = siblings[i];
    if (sibling.type !== ELEMENT) {
      if (sibling.type === 3 /* comment */) continue;
      break;
    }
    if (!sibling.props?.some((p) => p.type === DIRECTIVE && (p.name === 'else-if' || p.name === 'else'))) break;
    chain.push(sibling);
  }
  return chain;
}

/** Finds the first directive or interpolation reading the flag and rewrites its element. */
function templateStep(root: TemplateNode, lines: Lines, evaluate: (exp: string) => Evaluated): Edit[] | null {
  const visit = (siblings: TemplateNode[]): Edit[] | null => {
    for (let index = 0; index < siblings.length; index++) {
      const node = siblings[index];
      if (node.type === INTERPOLATION && node.content?.content) {
        const result = evaluate(node.content.content);
        if (result) return [{ start: node.content.loc.start.offset, end: node.content.loc.end.offset, text: expressionText(result) }];
      }
      if (node.type !== ELEMENT) continue;
      for (const prop of node.props ?? []) {
        if (prop.type !== DIRECTIVE || !prop.exp || prop.name === 'for' || prop.name === 'slot') continue;
        const result = evaluate(prop.exp.content);
        if (!result) continue;
        if (!('constant' in result) || !['if', 'else-if', 'show'].includes(prop.name)) {
          return [{ start: prop.exp.loc.start.offset, end: prop.exp.loc.end.offset, text: expressionText(result) }];
        }
        return conditionalElement(node, prop, result.constant, directiveChain(siblings, index), lines);
      }
      const inner = visit(node.children ?? []);
      if (inner) return inner;
    }
    return null;
  };
  return visit(root.children ?? []);
}

function expressionText(result: NonNullable<Evaluated>): string {
  return 'constant' in result ? String(result.constant) : result.expression;
}

function conditionalElement(node: TemplateNode, prop: TemplateProp, value: boolean, chain: TemplateNode[], lines: Lines): Edit[] {
  if (!value) {
    const edits = [removeElement(node, lines)];
    const next = chain[0];
    if (prop.name === 'if' && next) {
      const directive = next.props!.find((p) => p.type === DIRECTIVE && (p.name === 'else-if' || p.name === 'else'))!;
      if (directive.name === 'else-if') {
        edits.push({ start: directive.loc.start.offset, end: directive.loc.start.offset + 'v-else-if'.length, text: 'v-if' });
      } else {
        edits.push(...dropAttribute(next, directive, lines));
      }
    }
    return edits;
  }
  // Always shown: the condition goes, and so does every branch after it.
  const edits: Edit[] = chain.map((sibling) => removeElement(sibling, lines));
  if (prop.name === 'else-if') edits.push({ start: prop.loc.start.offset, end: prop.loc.end.offset, text: 'v-else' });
  else edits.push(...dropAttribute(node, prop, lines));
  return mergeOverlaps(edits);
}

function removeElement(node: TemplateNode, lines: Lines): Edit {
  const { offset: start } = node.loc.start;
  const { offset: end } = node.loc.end;
  if (lines.ownsLines(start, end)) return deleteLines(lines, lines.lineOf(start), lines.lineOf(end - 1));
  return { start, end, text: '' };
}

/** Removes one attribute; a `<template>` left with no attribute is unwrapped into its children. */
function dropAttribute(node: TemplateNode, prop: TemplateProp, lines: Lines): Edit[] {
  const others = (node.props ?? []).filter((p) => p !== prop);
  if (node.tag === 'template' && others.length === 0 && lines.ownsLines(node.loc.start.offset, node.loc.end.offset)) {
    const first = lines.lineOf(node.loc.start.offset);
    const last = lines.lineOf(node.loc.end.offset - 1);
    const body: string[] = [];
    for (let line = first + 1; line < last; line++) body.push(lines.get(line));
    const nonBlank = body.filter((line) => line.trim() !== '');
    if (nonBlank.length === 0) return [deleteLines(lines, first, last)];
    const indent = Math.min(...nonBlank.map((line) => line.length - line.trimStart().length));
    const replacement = dedentLines(body, indent - lines.indent(first)).join('\n').replace(/^\n+|\n+$/g, '') + '\n';
    return [deleteLines(lines, first, last, replacement)];
  }
  const start = prop.loc.start.offset;
  const end = prop.loc.end.offset;
  if (lines.ownsLines(start, end)) return [deleteLines(lines, lines.lineOf(start), lines.lineOf(end - 1))];
  const before = /[ \t]+$/.exec(lines.text.slice(0, start));
  return [{ start: before ? start - before[0].length : start, end, text: '' }];
}

/** Attribute edits inside an element that is itself removed are dropped. */
function mergeOverlaps(edits: Edit[]): Edit[] {
  return edits.filter((edit) => !edits.some((other) => other !== edit && other.start <= edit.start && edit.end <= other.end && (other.start !== edit.start || other.end !== edit.end)));
}

const MIXIN = /^glFeatureFlags?Mixin$/;

const removeMixin: Rule = (node, ctx) => {
  if (node.type !== 'call_expression' || !MIXIN.test(node.childForFieldName('function')?.text ?? '')) return null;
  const array = node.parent;
  if (array?.type !== 'array' || array.parent?.type !== 'pair' || array.parent.childForFieldName('key')?.text !== 'mixins') return null;
  const object = array.parent.parent!;
  return (
    removeListElement(node, ctx.lines) ??
    removeListElement(array.parent, ctx.lines) ?? [{ start: object.startIndex, end: object.endIndex, text: '{}' }]
  );
};

const removeUnusedMixinImport: Rule = (node, ctx) => {
  if (node.type !== 'import_statement') return null;
  const clause = node.namedChildren.find((child) => child?.type === 'import_clause');
  const name = clause?.namedChild(0);
  if (!clause || clause.namedChildCount !== 1 || name?.type !== 'identifier' || !MIXIN.test(name.text)) return null;
  if (new RegExp(`\\b${name.text}\\b`).test(ctx.text.slice(node.endIndex))) return null;
  const lines = ctx.lines;
  return [deleteLines(lines, lines.lineOf(node.startIndex), lines.lineOf(node.endIndex - 1))];
};
