// JavaScript/TypeScript rules that find the flag: `gon.features.x`, `this.glFeatures.x`,
// template `glFeatures.x`, computed aliases of the flag, Jest `glFeatures: { x: … }` and
// `gon.features = { x: … }` setups, and assignments to the flag in test setup.

import type { Node } from 'web-tree-sitter';
import { marker, type Rule, type RuleContext } from './engine';
import { listElements, removeListElement } from './lists';
import { helperParameter } from './jestHelpers';
import { calleeName, isJsContainer, jsStatementOf, removeJsStatement } from './jsStatements';
import type { Edit } from './text';

export interface JsOptions {
  /** Vue template expressions read `glFeatures.x` and computed properties without `this.`. */
  template: boolean;
  /** Computed properties that only return the flag: read as the flag, and removed. */
  aliases: ReadonlySet<string>;
}

const FEATURE_OBJECTS = new Set(['gon.features', 'window.gon.features', 'this.glFeatures', 'vm.glFeatures', 'wrapper.vm.glFeatures']);

function normalized(node: Node): string {
  return node.text.replace(/\s+/g, '').replace(/\?\./g, '.').replace(/!\./g, '.');
}

export function isFeatureObject(node: Node | null, options: JsOptions): boolean {
  if (!node) return false;
  const text = normalized(node);
  return FEATURE_OBJECTS.has(text) || (options.template && text === 'glFeatures');
}

function stringValue(node: Node | null): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  return node.namedChildren.map((child) => child?.text ?? '').join('');
}

/** The camelCase key of an object entry: `myFlag: …`, `'myFlag': …`. */
export function pairKey(pair: Node): string | undefined {
  const key = pair.childForFieldName('key');
  if (!key) return undefined;
  return key.type === 'string' ? stringValue(key) : key.text;
}

/** True for a read of the flag; reports dynamic lookups on a features object. */
export function isFlagRead(node: Node, ctx: RuleContext, options: JsOptions): boolean {
  if (node.type === 'member_expression') {
    const property = node.childForFieldName('property');
    const object = node.childForFieldName('object');
    if (property?.text === ctx.camel && isFeatureObject(object, options)) return true;
    if (property && options.aliases.has(property.text) && object?.type === 'this') return true;
    return false;
  }
  if (node.type === 'subscript_expression' && isFeatureObject(node.childForFieldName('object'), options)) {
    const index = node.childForFieldName('index');
    if (stringValue(index) === ctx.camel) return true;
    if (index && index.type !== 'string' && index.type !== 'number') {
      ctx.skip(node, 'dynamic feature lookup: check by hand whether it can read this flag');
    }
    return false;
  }
  if (options.template && node.type === 'identifier' && options.aliases.has(node.text)) {
    return node.parent?.type !== 'member_expression' || node.parent.childForFieldName('object')?.id === node.id;
  }
  return false;
}

function flagValue(ctx: RuleContext): boolean {
  return ctx.keep === 'enabled';
}

export function jsFlagRules(options: JsOptions): Rule[] {
  const flagRead: Rule = (node, ctx) => {
    if (!isFlagRead(node, ctx, options)) return null;
    const parent = node.parent;
    if (parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.id === node.id) {
      return flagAssignment(parent, ctx);
    }
    return [{ start: node.startIndex, end: node.endIndex, text: marker(flagValue(ctx)) }];
  };

  /** A computed property whose whole body is `return <flag>;`: every reader was inlined. */
  const aliasDefinition: Rule = (node, ctx) => {
    if (node.type !== 'method_definition' || !options.aliases.has(node.childForFieldName('name')?.text ?? '')) return null;
    const body = node.childForFieldName('body');
    const statements = body ? listElements(body) : [];
    if (statements.length !== 1 || statements[0].type !== 'return_statement') return null;
    const returned = statements[0].namedChild(0)?.text;
    if (returned !== marker(true) && returned !== marker(false)) return null;
    return removeListElement(node, ctx.lines) ?? removeEmptiedOwner(node, ctx);
  };

  return [flagRead, aliasDefinition, featureSetupEntry];
}

/** `window.gon.features.myFlag = true;` in test setup. */
function flagAssignment(assignment: Node, ctx: RuleContext): Edit[] | null {
  const value = assignment.childForFieldName('right');
  const statement = jsStatementOf(assignment);
  if (!statement || statement.namedChild(0)?.id !== assignment.id) {
    ctx.skip(assignment, 'assignment to the flag used as a value');
    return null;
  }
  if (value?.type !== 'true' && value?.type !== 'false') {
    ctx.skip(assignment, 'flag set from a variable; resolve by hand');
    return null;
  }
  if ((value.type === 'true') === flagValue(ctx)) return removeJsStatement(statement, ctx);
  return removeTestFor(assignment, ctx, () => removeJsStatement(statement, ctx));
}

function isFeaturesSetupObject(object: Node): boolean {
  const parent = object.parent;
  if (!parent) return false;
  if (parent.type === 'pair') return ['glFeatures', 'features'].includes(pairKey(parent) ?? '');
  if (parent.type === 'assignment_expression') return /(^|\.)(features|glFeatures)$/.test(parent.childForFieldName('left')?.text ?? '');
  return false;
}

/** `provide: { glFeatures: { myFlag: true } }`, `gon.features = { myFlag: false }`. */
const featureSetupEntry: Rule = (node, ctx) => {
  if (node.type !== 'pair' && node.type !== 'shorthand_property_identifier') return null;
  const object = node.parent;
  if (!object || object.type !== 'object' || !isFeaturesSetupObject(object)) return null;
  const key = node.type === 'pair' ? pairKey(node) : node.text;
  if (key !== ctx.camel) return null;
  const value = node.type === 'pair' ? node.childForFieldName('value') : node;
  const removeEntry = () => removeListElement(node, ctx.lines) ?? removeEmptiedOwner(node, ctx);
  if (value?.type === 'identifier' || value?.type === 'shorthand_property_identifier') return helperParameter(node, value, ctx, removeEntry, removeTestFor);
  if (value?.type !== 'true' && value?.type !== 'false') {
    ctx.skip(node, 'flag provided from a variable; remove the setup and the tests of the removed branch by hand');
    return null;
  }
  if ((value.type === 'true') === flagValue(ctx)) return removeEntry();
  return removeTestFor(node, ctx, removeEntry);
};

/** Removes `element`, the only entry of its object, by removing what the object belongs to. */
function removeEmptiedOwner(element: Node, ctx: RuleContext): Edit[] | null {
  let object = element.parent;
  for (let depth = 0; object && depth < 4; depth++) {
    const owner: Node | null = object.parent;
    if (!owner) break;
    if (owner.type === 'pair') {
      const removed = removeListElement(owner, ctx.lines);
      if (removed) return removed;
      object = owner.parent;
      continue;
    }
    if (owner.type === 'arguments' && listElements(owner).length === 1) {
      return [{ start: owner.startIndex, end: owner.endIndex, text: '()' }];
    }
    if (owner.type === 'assignment_expression' || owner.type === 'arguments' || owner.type === 'variable_declarator') {
      return [{ start: object.startIndex, end: object.endIndex, text: '{}' }];
    }
    break;
  }
  ctx.skip(element, 'cannot remove this flag entry automatically');
  return null;
}

const TESTS = new Set(['it', 'test']);
const GROUPS = new Set(['describe']);
const HOOKS = new Set(['beforeEach', 'beforeAll']);
const TEARDOWNS = new Set(['afterEach', 'afterAll']);

function enclosingCall(node: Node): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    const name = calleeName(current) ?? '';
    if (current.type === 'call_expression' && (TESTS.has(name) || GROUPS.has(name) || HOOKS.has(name) || TEARDOWNS.has(name))) {
      return current;
    }
  }
  return null;
}

/**
 * The test, or the `describe` whose hook, sets the flag to the removed branch's value. A setup
 * that every test of the file shares (in the outermost `describe`'s hook, a helper outside any
 * test, or the file's top level) selects no test: `removeSetup` removes just the setup, and the
 * tests stay, as examples without a stub do in RSpec. A teardown resets, it selects nothing either.
 */
function removeTestFor(node: Node, ctx: RuleContext, removeSetup: () => Edit[] | null): Edit[] | null {
  let owner = enclosingCall(node);
  if (owner && TEARDOWNS.has(calleeName(owner) ?? '')) return removeSetup();
  while (owner && HOOKS.has(calleeName(owner) ?? '')) owner = enclosingCall(owner);
  if (!owner || (GROUPS.has(calleeName(owner) ?? '') && !enclosingCall(owner))) return removeSetup();
  const statement = jsStatementOf(owner);
  if (statement && statement.namedChild(0)?.id === owner.id && isJsContainer(statement.parent)) {
    return removeJsStatement(statement, ctx);
  }
  ctx.skip(node, 'setup of the removed branch in a test this cleanup cannot remove; remove the tests it serves by hand');
  return null;
}
