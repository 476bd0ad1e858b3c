// Ruby rules that find the flag itself: checks become markers, pushes and toggles are
// removed, `feature_flag:` options and QA metadata are dropped, spec stubs are resolved.

import type { Node } from 'web-tree-sitter';
import { marker, type Rule, type RuleContext } from './engine';
import { removeListElement } from './lists';
import { callName, contentChildren, removeStatement, statementOf } from './rubyStatements';
import { removeExampleFor, removeLetDrivenStub, stubVariable } from './rubySpecRules';

/** The literal flag name in a symbol, string or hash key; undefined when not literal. */
export function literalName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'simple_symbol':
      return node.text.slice(1);
    case 'hash_key_symbol':
    case 'identifier':
      return node.text;
    case 'string':
    case 'delimited_symbol':
      if (node.namedChildren.some((child) => child?.type === 'interpolation')) return undefined;
      return node.namedChildren.map((child) => child?.text ?? '').join('');
    default:
      return undefined;
  }
}

/** True when an interpolated symbol or string could spell the flag (`:"foo_#{x}"` for foo_bar). */
export function mayBeDynamicName(node: Node | null | undefined, flag: string): boolean {
  if (!node || (node.type !== 'string' && node.type !== 'delimited_symbol')) return false;
  const parts = node.namedChildren;
  if (!parts.some((child) => child?.type === 'interpolation')) return false;
  const source = parts
    .map((child) => (child?.type === 'interpolation' ? '.*' : (child?.text ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(flag);
}

const FEATURE_RECEIVER = /^(::)?((QA::)?Runtime::)?Feature$/;

function isFeatureCall(node: Node, methods: ReadonlySet<string>): boolean {
  const receiver = node.childForFieldName('receiver');
  return !!receiver && FEATURE_RECEIVER.test(receiver.text) && methods.has(callName(node) ?? '');
}

function firstArgument(node: Node): Node | null {
  return node.childForFieldName('arguments')?.namedChild(0) ?? null;
}

const CHECKS = new Set(['enabled?', 'disabled?']);
const TOGGLES = new Set([
  'enable', 'disable', 'remove', 'enable_percentage_of_actors', 'enable_percentage_of_time',
  'disable_percentage_of_actors', 'disable_percentage_of_time',
]);
const PUSHES = new Set(['push_frontend_feature_flag', 'push_force_frontend_feature_flag']);

function refersToFlag(arg: Node | null, node: Node, ctx: RuleContext): boolean {
  if (literalName(arg) === ctx.flag) return true;
  if (mayBeDynamicName(arg, ctx.flag)) ctx.skip(node, 'dynamic flag name: check by hand whether it can be this flag');
  return false;
}

const checkToMarker: Rule = (node, ctx) => {
  if (node.type !== 'call' || !isFeatureCall(node, CHECKS)) return null;
  if (!refersToFlag(firstArgument(node), node, ctx)) return null;
  const enabled = callName(node) === 'enabled?';
  const value = ctx.keep === 'enabled' ? enabled : !enabled;
  // NOTE: `Feature.enabled?(:x)? a : b` and `… if Feature.enabled?(:x)unless c` are legal
  // Ruby; `true? a : b` is not, and `trueunless` would silently read as a method call.
  const spacer = /[\w?]/.test(ctx.text[node.endIndex] ?? '') ? ' ' : '';
  return [{ start: node.startIndex, end: node.endIndex, text: marker(value) + spacer }];
};

const removeToggleOrPush: Rule = (node, ctx) => {
  if (node.type !== 'call') return null;
  const isPush = PUSHES.has(callName(node) ?? '') && !node.childForFieldName('receiver');
  if (!isPush && !isFeatureCall(node, TOGGLES)) return null;
  if (!refersToFlag(firstArgument(node), node, ctx)) return null;
  return removeStatement(node, ctx, 'flag push or toggle used as a value');
};

/**
 * `data_consistency :delayed, feature_flag: :x`, `deduplicate …, feature_flag: :x`,
 * `field …, feature_flag: :x`: the option only applies while the flag is on, so keeping
 * enabled drops the option and keeping disabled drops the whole declaration.
 */
const featureFlagOption: Rule = (node, ctx) => {
  if (node.type !== 'pair' || node.parent?.type !== 'argument_list') return null;
  if (literalName(node.childForFieldName('key')) !== 'feature_flag') return null;
  const value = node.childForFieldName('value');
  if (value?.type === 'hash') return qaMetadata(node, value, ctx);
  if (!refersToFlag(value, node, ctx)) return null;
  if (ctx.keep === 'disabled') return removeStatement(node.parent, ctx, 'declaration gated by the flag used as a value');
  return removeListElement(node, ctx.lines) ?? removeStatement(node.parent, ctx);
};

/** QA `feature_flag: { name: 'x', scope: :global }` metadata on an example. */
function qaMetadata(pair: Node, hash: Node, ctx: RuleContext): ReturnType<Rule> {
  const name = hash.namedChildren.find((child) => child?.type === 'pair' && literalName(child.childForFieldName('key')) === 'name');
  if (!name || !refersToFlag(name.childForFieldName('value'), pair, ctx)) return null;
  return removeListElement(pair, ctx.lines);
}

/** `stub_feature_flags(x: …)`: true (or an actor) is the spec default, false exercises the other branch. */
const stubFeatureFlags: Rule = (node, ctx) => {
  if (node.type !== 'pair') return null;
  const list = node.parent;
  const call = list?.type === 'hash' ? list.parent?.parent : list?.parent;
  if (!list || !call || callName(call) !== 'stub_feature_flags') return null;
  if (literalName(node.childForFieldName('key')) !== ctx.flag) return null;
  const removeStub = () => removeListElement(node, ctx.lines) ?? removeStatement(call, ctx, 'stub_feature_flags used as a value');
  const value = node.childForFieldName('value');
  if (value?.type === 'identifier') {
    const variable = stubVariable(value);
    if (variable.kind === 'manual') {
      ctx.skip(node, variable.reason);
      return null;
    }
    if (variable.kind === 'lets') return removeLetDrivenStub(node, call, variable.lets, ctx, removeStub);
  }
  // Anything but `false` (true, a model, an array of actors) turns the flag on.
  const stubbedOn = value?.type !== 'false';
  if (stubbedOn === (ctx.keep === 'enabled')) return removeStub();
  return removeExampleFor(call, ctx, removeStub);
};

/** `have_pushed_frontend_feature_flags(myFlag: true)`: the push is gone, so is its expectation. */
const pushedMatcher: Rule = (node, ctx) => {
  if (node.type !== 'pair') return null;
  const list = node.parent;
  const call = list?.type === 'hash' ? list.parent?.parent : list?.parent;
  if (!list || !call || callName(call) !== 'have_pushed_frontend_feature_flags') return null;
  const key = literalName(node.childForFieldName('key'));
  if (key !== ctx.camel && key !== ctx.flag) return null;
  const removal = removeListElement(node, ctx.lines);
  if (removal) return removal;
  const statement = statementOf(call);
  if (!statement) return null;
  const example = exampleWithOnly(statement);
  return removeStatement(example ?? statement, ctx);
};

/** The `it` block around `statement` when that is its only expectation: the example goes too. */
function exampleWithOnly(statement: Node): Node | null {
  const body = statement.parent;
  const call = body?.parent?.parent;
  if (!body || !call || !['it', 'specify', 'scenario', 'example'].includes(callName(call) ?? '')) return null;
  const others = contentChildren(body).filter((child) => child.id !== statement.id);
  return others.some((child) => /\b(expect|is_expected|should)\b/.test(child.text)) ? null : call;
}

export const RUBY_FLAG_RULES: Rule[] = [checkToMarker, removeToggleOrPush, featureFlagOption, stubFeatureFlags, pushedMatcher];
