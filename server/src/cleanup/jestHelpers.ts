// Jest helpers that take the flag as a parameter:
//
//   const createComponent = ({ myFlag = false, props = {} } = {}) => {
//     wrapper = shallowMount(Foo, { propsData: props, provide: { glFeatures: { myFlag } } });
//   };
//   it('…', () => { createComponent({ myFlag: true }); … });
//
// Each call passes a literal, or nothing (the default). Tests passing the removed branch's value
// go (or the describe whose hook passes it); calls passing the kept value lose the argument;
// then the parameter and the entry go together. One edit per step, so the helper still says
// which parameter it is on every step.

import type { Node } from 'web-tree-sitter';
import type { RuleContext } from './engine';
import { listElements, removeListElement } from './lists';
import { mergeEdits, type Edit } from './text';

const FUNCTIONS = new Set(['arrow_function', 'function_expression', 'function_declaration', 'function', 'generator_function', 'generator_function_declaration']);

interface Binding {
  fn: Node;
  /** The helper's name, as tests call it. */
  name: string;
  /** Position of the parameter (the destructured object, or the flag itself). */
  index: number;
  /** The property tests pass (`{ myFlag: true }`); undefined for a positional parameter. */
  key?: string;
  /** The node to remove from the parameter list or the object pattern. */
  element: Node;
  defaultValue: boolean | undefined | 'other';
}

type CallValue = { call: Node; value: boolean | 'default' | 'unknown'; argument?: Node; property?: Node };

function literal(node: Node | null | undefined): boolean | undefined | 'other' {
  if (!node) return undefined;
  if (node.type === 'true') return true;
  if (node.type === 'false') return false;
  if (node.type === 'undefined' || (node.type === 'identifier' && node.text === 'undefined')) return undefined;
  return 'other';
}

function rootOf(node: Node): Node {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}

/** `pattern = default` in JavaScript, `pattern: Type = default` in TypeScript. */
function unwrapParameter(param: Node): { pattern: Node; defaultValue: Node | null } {
  if (param.type === 'required_parameter' || param.type === 'optional_parameter') {
    const pattern = param.childForFieldName('pattern') ?? param;
    return { pattern, defaultValue: param.childForFieldName('value') };
  }
  if (param.type === 'assignment_pattern') return { pattern: param.childForFieldName('left') ?? param, defaultValue: param.childForFieldName('right') };
  return { pattern: param, defaultValue: null };
}

function functionName(fn: Node): string | undefined {
  if (fn.type === 'function_declaration' || fn.type === 'generator_function_declaration') return fn.childForFieldName('name')?.text;
  const parent = fn.parent;
  if (parent?.type === 'variable_declarator' && parent.childForFieldName('name')?.type === 'identifier') return parent.childForFieldName('name')!.text;
  if (parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.type === 'identifier') return parent.childForFieldName('left')!.text;
  return undefined;
}

/** The parameter of an enclosing named function that `identifier` reads. */
function bindingOf(identifier: Node): Binding | { reason: string } | undefined {
  const name = identifier.text;
  for (let fn = identifier.parent; fn; fn = fn.parent) {
    if (!FUNCTIONS.has(fn.type)) continue;
    if (fn.childForFieldName('parameter')?.text === name) return { reason: `'${name}' is the helper's only parameter, without parentheses; resolve by hand` };
    const list = fn.childForFieldName('parameters');
    if (!list) continue;
    const params = listElements(list);
    for (let index = 0; index < params.length; index++) {
      const { pattern, defaultValue } = unwrapParameter(params[index]);
      const helper = functionName(fn);
      if (pattern.type === 'identifier' && pattern.text === name) {
        if (!helper) return { reason: `'${name}' is a parameter of an unnamed function; resolve by hand` };
        if (index !== params.length - 1) return { reason: `'${name}' is not the last parameter of ${helper}; resolve by hand` };
        return { fn, name: helper, index, element: params[index], defaultValue: literal(defaultValue) };
      }
      if (pattern.type !== 'object_pattern') continue;
      for (const property of listElements(pattern)) {
        let key: string | undefined;
        let local: Node | null = null;
        let value: Node | null = null;
        if (property.type === 'shorthand_property_identifier_pattern') {
          key = property.text;
          local = property;
        } else if (property.type === 'object_assignment_pattern') {
          local = property.childForFieldName('left');
          key = local?.text;
          value = property.childForFieldName('right');
        } else if (property.type === 'pair_pattern') {
          key = property.childForFieldName('key')?.text;
          const target = property.childForFieldName('value');
          if (target?.type === 'assignment_pattern') {
            local = target.childForFieldName('left');
            value = target.childForFieldName('right');
          } else {
            local = target;
          }
        }
        if (local?.text !== name || key === undefined) continue;
        if (!helper) return { reason: `'${name}' is a parameter of an unnamed function; resolve by hand` };
        return { fn, name: helper, index, key, element: property, defaultValue: literal(value) };
      }
    }
  }
  return undefined;
}

/** What each call of the helper passes for the flag. Bare references (`beforeEach(createComponent)`) pass nothing. */
function callValues(binding: Binding): CallValue[] {
  const found: CallValue[] = [];
  const visit = (node: Node) => {
    if (node.type === 'identifier' && node.text === binding.name && !isWithinNode(node, binding.fn) && !isDeclaration(node)) {
      const call = node.parent?.type === 'call_expression' && node.parent.childForFieldName('function')?.id === node.id ? node.parent : null;
      found.push(call ? valueAt(call, binding) : { call: node, value: 'default' });
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(rootOf(binding.fn));
  return found;
}

/** The helper's own name where it is declared or assigned, not a use. */
function isDeclaration(identifier: Node): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (parent.type === 'variable_declarator' || parent.type === 'function_declaration') return parent.childForFieldName('name')?.id === identifier.id;
  if (parent.type === 'assignment_expression') return parent.childForFieldName('left')?.id === identifier.id;
  return false;
}

function isWithinNode(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

function valueAt(call: Node, binding: Binding): CallValue {
  const args = listElements(call.childForFieldName('arguments') ?? call);
  if (args.slice(0, binding.index + 1).some((arg) => arg.type === 'spread_element')) return { call, value: 'unknown' };
  const argument = args[binding.index];
  if (!argument) return { call, value: 'default' };
  if (binding.key === undefined) {
    if (args.length > binding.index + 1) return { call, value: 'unknown' };
    const value = literal(argument);
    if (value === 'other') return { call, value: 'unknown' };
    return value === undefined ? { call, value: 'default', argument } : { call, value, argument };
  }
  if (argument.type !== 'object') return literal(argument) === undefined ? { call, value: 'default' } : { call, value: 'unknown' };
  const entries = listElements(argument);
  const property = entries.find((entry) => (entry.type === 'pair' && entry.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '') === binding.key) || (entry.type === 'shorthand_property_identifier' && entry.text === binding.key));
  if (!property) return { call, value: entries.some((entry) => entry.type === 'spread_element') ? 'unknown' : 'default' };
  const value = property.type === 'pair' ? literal(property.childForFieldName('value')) : 'other';
  if (value === 'other') return { call, value: 'unknown' };
  return { call, value: value ?? 'default', argument, property };
}

/** Removes what a call passes for the flag: the property, the emptied object, or the argument. */
function removeArgument(found: CallValue, ctx: RuleContext): Edit[] | null {
  if (found.property) {
    const removed = removeListElement(found.property, ctx.lines);
    if (removed) return removed;
  }
  const argument = found.argument!;
  const args = argument.parent!;
  const elements = listElements(args);
  if (elements.length === 1) return [{ start: args.startIndex, end: args.endIndex, text: '()' }];
  if (elements[elements.length - 1].id === argument.id) return [{ start: elements[elements.length - 2].endIndex, end: argument.endIndex, text: '' }];
  return [{ start: argument.startIndex, end: argument.endIndex, text: '{}' }];
}

/** Removes the parameter (or its property in the destructured object, and the object once empty). */
function removeParameter(binding: Binding, ctx: RuleContext): Edit[] {
  let param: Node = binding.element;
  while (param.parent && param.parent.type !== 'formal_parameters') param = param.parent;
  if (binding.key !== undefined) {
    const removed = removeListElement(binding.element, ctx.lines);
    if (removed) return [...removed, ...removeTypeMember(param, binding.key)];
  }
  param = binding.element;
  while (param.parent && param.parent.type !== 'formal_parameters') param = param.parent;
  const params = listElements(param.parent!);
  if (params.length === 1) return [{ start: param.parent!.startIndex, end: param.parent!.endIndex, text: '()' }];
  const index = params.findIndex((candidate) => candidate.id === param.id);
  if (index === params.length - 1) return [{ start: params[index - 1].endIndex, end: param.endIndex, text: '' }];
  const pattern = binding.element.parent!;
  return [{ start: pattern.startIndex, end: pattern.endIndex, text: '{}' }];
}

/** TypeScript: `({ myFlag = false, x }: { myFlag?: boolean; x: number })` loses `myFlag?: boolean` too. */
function removeTypeMember(param: Node, key: string): Edit[] {
  if (param.type !== 'required_parameter' && param.type !== 'optional_parameter') return [];
  const type = param.childForFieldName('type')?.namedChild(0);
  if (type?.type !== 'object_type') return [];
  const members = listElements(type);
  const index = members.findIndex((member) => member.type === 'property_signature' && member.childForFieldName('name')?.text === key);
  if (index < 0 || members.length === 1) return [];
  const member = members[index];
  if (index + 1 < members.length) return [{ start: member.startIndex, end: members[index + 1].startIndex, text: '' }];
  return [{ start: members[index - 1].endIndex, end: member.endIndex, text: '' }];
}

/** The identifier is read anywhere in the helper besides `entry`. */
function readElsewhere(binding: Binding, identifier: Node, entry: Node): boolean {
  const body = binding.fn.childForFieldName('body');
  let reads = 0;
  const visit = (node: Node) => {
    if (isWithinNode(node, entry)) return;
    if ((node.type === 'identifier' || node.type === 'shorthand_property_identifier') && node.text === identifier.text) reads++;
    for (const child of node.namedChildren) if (child) visit(child);
  };
  if (body) visit(body);
  return reads > 0;
}

/**
 * `glFeatures: { myFlag }` (or `myFlag: isOn`) where the value is a helper's parameter. Returns the
 * next step's edits; reports and returns null for shapes it cannot resolve (a call passing a
 * variable, a parameter read elsewhere).
 */
export function helperParameter(
  entry: Node,
  identifier: Node,
  ctx: RuleContext,
  removeEntry: () => Edit[] | null,
  removeTestFor: (node: Node, ctx: RuleContext, removeSetup: () => Edit[] | null) => Edit[] | null,
): Edit[] | null {
  const binding = bindingOf(identifier);
  if (!binding) {
    ctx.skip(entry, 'flag provided from a variable; remove the setup and the tests of the removed branch by hand');
    return null;
  }
  if ('reason' in binding) {
    ctx.skip(entry, binding.reason);
    return null;
  }
  if (binding.defaultValue === 'other') {
    ctx.skip(entry, `the default of '${identifier.text}' in ${binding.name} is not true or false; resolve by hand`);
    return null;
  }
  if (readElsewhere(binding, identifier, entry)) {
    ctx.skip(entry, `'${identifier.text}' is read elsewhere in ${binding.name} too; resolve by hand`);
    return null;
  }
  const calls = callValues(binding);
  const argumentName = binding.key ?? identifier.text;
  const unknown = calls.filter((found) => found.value === 'unknown');
  if (unknown.length > 0) {
    for (const found of unknown) ctx.note(found.call, `${binding.name} is called with '${argumentName}' set from a variable; resolve this call and the helper's parameter by hand`);
    ctx.skip(entry, `${binding.name} is called with '${argumentName}' set from a variable; resolve by hand`);
    return null;
  }
  const kept = ctx.keep === 'enabled';
  const removedCall = calls.find((found) => found.value === !kept);
  if (removedCall) {
    const edits = removeTestFor(removedCall.call, ctx, () => removeArgument(removedCall, ctx));
    if (!edits) ctx.skip(entry, `a call of ${binding.name} passing the removed branch could not be removed; resolve by hand`);
    return edits;
  }
  const keptCall = calls.find((found) => found.value === kept && found.argument);
  if (keptCall) return removeArgument(keptCall, ctx);
  const edits = [...removeParameter(binding, ctx)];
  const entryEdits = removeEntry();
  if (!entryEdits) return null;
  const merged = mergeEdits([...edits, ...entryEdits]);
  if (!merged) ctx.skip(entry, `the parameter and the setup of ${binding.name} overlap; resolve by hand`);
  return merged;
}
