// Which RSpec examples go with a stub that exercises the branch being removed, and stubs whose
// value comes from a `let` (`let(:flag_on) { true }` … `stub_feature_flags(my_flag: flag_on)`).

import type { Node } from 'web-tree-sitter';
import { mergeEdits, type Edit } from './text';
import type { RuleContext } from './engine';
import { callName, removeStatement } from './rubyStatements';
import {
  blockCallOf, exampleOwner, isGlobalSharedGroup, isOutermostGroup, isRemovableExampleOrGroup, isSharedGroup, isWithin,
  sharedGroupKind, sharedGroupName, sharedGroupUses,
} from './rubySpecGroups';

/**
 * A stub of the removed branch: the example holding it goes, or the group whose hook holds it.
 * - In the file's outermost group (a `before` for the whole file), every example ran with it and
 *   none can be told apart: `removeStub` removes just the stub, and the examples stay.
 * - In a shared group defined inside the file, every group including it ran the removed branch:
 *   `it_behaves_like` lines go, groups that `include_context` it go, then the shared group.
 * - Anywhere else (a helper method, a `let`, a global shared group) it is reported.
 */
export function removeExampleFor(stub: Node, ctx: RuleContext, removeStub: () => Edit[] | null): Edit[] | null {
  const owner = exampleOwner(stub);
  if (owner && isRemovableExampleOrGroup(owner)) {
    return removeStatement(owner, ctx, 'example stubbing the removed branch used as a value');
  }
  if (!owner || isOutermostGroup(owner)) {
    if (owner || isTopLevelHook(stub)) return removeStub();
  }
  if (owner && isSharedGroup(owner)) return removeSharedGroupOfRemovedBranch(owner, stub, ctx);
  const where = owner ? `a '${callName(owner)}' block` : insideMethod(stub) ? 'a helper method' : 'code outside any example group';
  ctx.skip(stub, `stub of the removed branch in ${where}; remove the examples it serves by hand`);
  return null;
}

function insideMethod(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) if (current.type === 'method' || current.type === 'singleton_method') return true;
  return false;
}

/** `before { … }` at the top of a file (outside any group) also runs for every example of it. */
function isTopLevelHook(stub: Node): boolean {
  const hook = blockCallOf(stub);
  return !!hook && ['before', 'prepend_before'].includes(callName(hook) ?? '') && !blockCallOf(hook) && !hook.childForFieldName('receiver');
}

function removeSharedGroupOfRemovedBranch(shared: Node, stub: Node, ctx: RuleContext): Edit[] | null {
  const name = sharedGroupName(shared);
  const label = name === undefined ? sharedGroupKind(shared) : `${sharedGroupKind(shared)} '${name}'`;
  if (name === undefined || isGlobalSharedGroup(shared)) {
    ctx.skip(stub, `${label} stubs the removed branch and may be used from other files: remove the groups that include it, then the ${sharedGroupKind(shared)}`);
    return null;
  }
  const [use] = sharedGroupUses(shared);
  if (!use) return removeStatement(shared, ctx);
  if (!use.inline) return removeStatement(use.call, ctx);
  // include_context runs the shared code in the including group itself: the whole group ran the removed branch.
  const group = blockCallOf(use.call);
  if (group && isRemovableExampleOrGroup(group)) return removeStatement(group, ctx);
  if (!group || isOutermostGroup(group)) return removeStatement(use.call, ctx);
  ctx.skip(stub, `${label} stubs the removed branch and is included from a '${callName(group)}' block; remove what includes it by hand`);
  return null;
}

const LETS = new Set(['let', 'let!', 'let_it_be', 'let_it_be_with_reload', 'let_it_be_with_refind']);

export interface FlagLet {
  call: Node;
  value: boolean;
}

export type StubVariable = { kind: 'actor' } | { kind: 'manual'; reason: string } | { kind: 'lets'; lets: FlagLet[] };

function rootOf(node: Node): Node {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}

/** The literal boolean a `let` block returns; undefined for anything else. */
function letValue(call: Node): boolean | undefined {
  const body = call.childForFieldName('block')?.childForFieldName('body');
  const statements = body?.namedChildren.filter((child) => child?.type !== 'comment') ?? [];
  if (statements.length !== 1) return undefined;
  if (statements[0]!.type === 'true') return true;
  if (statements[0]!.type === 'false') return false;
  return undefined;
}

function firstSymbol(call: Node): string | undefined {
  const first = call.childForFieldName('arguments')?.namedChild(0);
  if (first?.type === 'simple_symbol') return first.text.slice(1);
  if (first?.type === 'string' && first.namedChildren.every((child) => child?.type === 'string_content')) return first.namedChildren.map((c) => c?.text ?? '').join('');
  return undefined;
}

/**
 * What `stub_feature_flags(my_flag: name)` stubs: an actor (a `let` of a model, a method), or a
 * boolean chosen per group by `let(:name) { true | false }`. Table columns, block and method
 * parameters, and lets read elsewhere too are reported.
 */
export function stubVariable(value: Node): StubVariable {
  const name = value.text;
  const lets: { call: Node; value: boolean | undefined }[] = [];
  let table = false;
  let parameter = false;
  let otherReads = 0;
  const visit = (node: Node) => {
    if (node.type === 'call') {
      const method = callName(node) ?? '';
      if (LETS.has(method) && firstSymbol(node) === name) lets.push({ call: node, value: letValue(node) });
      if (method === 'where') {
        const args = node.childForFieldName('arguments');
        for (const arg of args?.namedChildren ?? []) {
          if (arg?.type === 'simple_symbol' && arg.text === `:${name}`) table = true;
          if (arg?.type === 'pair' && arg.childForFieldName('key')?.text.replace(/:$/, '') === name) table = true;
        }
      }
    }
    if (node.type === 'identifier' && node.text === name && node.id !== value.id) {
      const parent = node.parent?.type;
      if (parent === 'block_parameters' || parent === 'method_parameters' || parent === 'lambda_parameters' || parent === 'optional_parameter') parameter = true;
      else otherReads++;
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(rootOf(value));
  if (table) return { kind: 'manual', reason: `flag stubbed from the where table's '${name}' column; remove the rows and examples of the removed branch by hand` };
  if (parameter) return { kind: 'manual', reason: `flag stubbed from the parameter '${name}'; remove the examples of the removed branch by hand` };
  const literal = lets.filter((found): found is FlagLet => found.value !== undefined);
  if (literal.length === 0) return { kind: 'actor' };
  if (literal.length !== lets.length) return { kind: 'manual', reason: `let(:${name}) is not always true or false; resolve the stub by hand` };
  if (otherReads > 0) return { kind: 'manual', reason: `let(:${name}) holds the stubbed value and is read elsewhere too; resolve by hand` };
  return { kind: 'lets', lets: literal };
}

/**
 * `let(:on) { true }`, `before { stub_feature_flags(my_flag: on) }`, and groups overriding the
 * let. Groups under the stub whose let picks the removed branch go first, one per step; then the
 * stub and every remaining let go together (the defaults, and the overrides of the kept branch).
 */
export function removeLetDrivenStub(pair: Node, call: Node, lets: FlagLet[], ctx: RuleContext, removeStub: () => Edit[] | null): Edit[] | null {
  const kept = ctx.keep === 'enabled';
  const scope = exampleOwner(call);
  const root = rootOf(call);
  const inScope = (let_: FlagLet) => {
    const owner = blockCallOf(let_.call) ?? root;
    return !scope || isWithin(scope, owner) || isWithin(owner, scope);
  };
  const stray = lets.find((let_) => !inScope(let_));
  if (stray) {
    ctx.skip(pair, `let(:${firstSymbol(stray.call)}) is also defined where this stub does not apply; resolve by hand`);
    return null;
  }
  for (const let_ of lets) {
    const owner = blockCallOf(let_.call);
    if (let_.value === kept || !owner || !scope || owner.id === scope.id || !isWithin(owner, scope)) continue;
    if (isRemovableExampleOrGroup(owner)) return removeStatement(owner, ctx, 'group of the removed branch used as a value');
    ctx.skip(pair, `let(:${firstSymbol(let_.call)}) picks the removed branch in a '${callName(owner)}' block; remove it by hand`);
    return null;
  }
  const edits: Edit[] = [];
  for (const part of [removeStub(), ...lets.map((let_) => removeStatement(let_.call, ctx))]) {
    if (!part) return null;
    edits.push(...part);
  }
  const merged = mergeEdits(edits);
  if (!merged) ctx.skip(pair, 'the stub and its lets overlap in a way cleanup cannot rewrite; resolve by hand');
  return merged;
}
