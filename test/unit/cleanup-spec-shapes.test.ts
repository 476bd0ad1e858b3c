// Generated RSpec and Jest files made of the shapes cleanup finishes (issue 15 §4): groups and
// examples stubbing the flag, file-wide stubs, let-driven stubs with overrides, shared contexts
// and shared examples, Jest helpers taking the flag as a parameter, setups in hooks. Each shape
// says which of its examples test the kept behaviour; after the cleanup exactly those examples
// (and the ones that never touched the flag) are left, the flag is gone from the file, nothing is
// listed for a person, the output parses, and cleaning it again changes nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { nodeModulesWasmDir, planCleanup } from '../../server/src/cleanup/index';
import { treeSitterErrors } from '../../server/src/cleanup/guards';
import { loadParsers, type GrammarName } from '../../server/src/cleanup/parsers';
import { params } from '../fuzz/support/fuzzConfig';

const WASM = nodeModulesWasmDir(join(__dirname, '..', '..'));

interface Shape {
  kind: number;
  /** The stubbed value (true, false, or an actor) or the let's default. */
  value: number;
  /** A let override's value, where the shape has one. */
  override: boolean;
}

interface Generated {
  text: string;
  /** Example name → the behaviour it needs, or 'any' for examples that never set the flag. */
  examples: Map<string, boolean | 'any'>;
}

const shape = fc.record({ kind: fc.nat({ max: 6 }), value: fc.nat({ max: 2 }), override: fc.boolean() });
const file = fc.record({ shapes: fc.array(shape, { minLength: 1, maxLength: 6 }), fileWide: fc.nat({ max: 2 }), keep: fc.constantFrom('enabled' as const, 'disabled' as const) });

const indent = (lines: string[], by = 2) => lines.map((line) => (line === '' ? '' : ' '.repeat(by) + line));
const example = (name: string) => [`it '${name}' do`, `  expect(${JSON.stringify(name)}).to be_present`, 'end'];
/** 0: false, 1: true, 2: an actor (on). */
const rubyValue = (value: number) => ['false', 'true', 'project'][value];
const on = (value: number) => value !== 0;

function rspec(shapes: Shape[], fileWide: number): Generated {
  const examples = new Map<string, boolean | 'any'>();
  const body: string[][] = [];
  if (fileWide < 2) body.push(['before do', `  stub_feature_flags(my_flag: ${rubyValue(fileWide)})`, '  sign_in(user)', 'end']);
  shapes.forEach((s, i) => {
    switch (s.kind) {
      case 0:
        examples.set(`e${i}`, on(s.value));
        body.push([`context 'g${i}' do`, '  before do', `    stub_feature_flags(my_flag: ${rubyValue(s.value)})`, '  end', '', ...indent(example(`e${i}`)), 'end']);
        break;
      case 1:
        examples.set(`e${i}`, on(s.value));
        body.push([`it 'e${i}' do`, `  stub_feature_flags(my_flag: ${rubyValue(s.value)})`, '', `  expect(${i}).to eq(${i})`, 'end']);
        break;
      case 2:
        examples.set(`e${i}`, on(s.value));
        body.push([`context 'g${i}' do`, `  before { stub_feature_flags(other_flag: true, my_flag: ${rubyValue(s.value)}) }`, '', ...indent(example(`e${i}`)), 'end']);
        break;
      case 3:
        examples.set(`d${i}`, 'any');
        examples.set(`o${i}`, s.override);
        body.push([
          `context 'g${i}' do`,
          `  let(:on${i}) { ${on(s.value)} }`,
          '',
          '  before do',
          `    stub_feature_flags(my_flag: on${i})`,
          '  end',
          '',
          ...indent(example(`d${i}`)),
          '',
          `  context 'o${i}' do`,
          `    let(:on${i}) { ${s.override} }`,
          '',
          ...indent(example(`o${i}`), 4),
          '  end',
          'end',
        ]);
        break;
      case 4:
        examples.set(`e${i}`, on(s.value));
        body.push([`shared_context 's${i}' do`, '  before do', `    stub_feature_flags(my_flag: ${rubyValue(s.value)})`, '  end', 'end']);
        body.push([`context 'u${i}' do`, `  include_context 's${i}'`, '', ...indent(example(`e${i}`)), 'end']);
        break;
      case 5:
        examples.set(`x${i}`, s.override);
        examples.set(`b${i}`, 'any');
        body.push([`shared_examples 'x${i}' do`, `  context 'c${i}' do`, `    before { stub_feature_flags(my_flag: ${s.override}) }`, '', ...indent(example(`x${i}`), 4), '  end', 'end']);
        body.push([`context 'b${i}' do`, `  it_behaves_like 'x${i}'`, '', ...indent(example(`b${i}`)), 'end']);
        break;
      default:
        examples.set(`p${i}`, 'any');
        body.push(example(`p${i}`));
    }
  });
  const text = ["require 'spec_helper'", '', 'RSpec.describe Widget, feature_category: :shared do', ...indent(body.flatMap((block, i) => (i === 0 ? block : ['', ...block]))), 'end', ''].join('\n');
  return { text, examples };
}

const jsExample = (name: string, setup: string[]) => [`it('${name}', () => {`, ...indent(setup), '', `  expect(wrapper.exists()).toBe(true);`, '});'];

function jest(shapes: Shape[], fileWide: number): Generated {
  const examples = new Map<string, boolean | 'any'>();
  const body: string[][] = [['let wrapper;'], ['const createComponent = ({ myFlag = false, props = {} } = {}) => {', '  wrapper = shallowMount(Widget, { propsData: props, provide: { glFeatures: { myFlag } } });', '};']];
  if (fileWide < 2) body.push(['beforeEach(() => {', `  window.gon.features = { myFlag: ${on(fileWide)} };`, '});']);
  shapes.forEach((s, i) => {
    const value = on(s.value);
    switch (s.kind) {
      case 0:
        examples.set(`t${i}`, value);
        body.push(jsExample(`t${i}`, [`createComponent({ myFlag: ${value} });`]));
        break;
      case 1:
        examples.set(`d${i}`, 'any');
        body.push(jsExample(`d${i}`, ['createComponent();']));
        break;
      case 2:
        examples.set(`g${i}`, value);
        body.push([`describe('g${i}', () => {`, '  beforeEach(() => {', `    createComponent({ props: { index: ${i} }, myFlag: ${value} });`, '  });', '', ...indent(jsExample(`g${i}`, [])), '});']);
        break;
      case 3:
        examples.set(`p${i}`, value);
        body.push(jsExample(`p${i}`, [`wrapper = shallowMount(Widget, { provide: { glFeatures: { myFlag: ${value}, otherFlag: true } } });`]));
        break;
      case 4:
        examples.set(`w${i}`, value);
        body.push([`describe('w${i}', () => {`, '  beforeEach(() => {', `    window.gon.features.myFlag = ${value};`, '    createComponent();', '  });', '', ...indent(jsExample(`w${i}`, [])), '});']);
        break;
      default:
        examples.set(`n${i}`, 'any');
        body.push(jsExample(`n${i}`, ['createComponent({ props: { plain: true } });']));
    }
  });
  const text = ["import { shallowMount } from '@vue/test-utils';", "import Widget from '~/widget.vue';", '', "describe('Widget', () => {", ...indent(body.flatMap((block, i) => (i === 0 ? block : ['', ...block]))), '});', ''].join('\n');
  return { text, examples };
}

async function check(generated: Generated, keep: 'enabled' | 'disabled', path: string, grammar: GrammarName, names: RegExp, flagPattern: RegExp): Promise<void> {
  const parsers = await loadParsers(WASM);
  assert.equal(treeSitterErrors(parsers, grammar, generated.text), 0, `generated input does not parse:\n${generated.text}`);
  const output = await planCleanup({ flag: 'my_flag', keep, files: [{ path, text: generated.text }], definitionFiles: [], wasmDir: WASM });
  const after = output.changes[0]?.after ?? generated.text;
  const context = `keep ${keep}\n--- before\n${generated.text}\n--- after\n${after}`;
  assert.deepEqual(output.refused, [], context);
  assert.deepEqual(output.manual, [], context);
  assert.equal(treeSitterErrors(parsers, grammar, after), 0, context);
  assert.doesNotMatch(after, flagPattern, context);
  const kept = keep === 'enabled';
  const expected = [...generated.examples].filter(([, needs]) => needs === 'any' || needs === kept).map(([name]) => name).sort();
  const left = [...after.matchAll(names)].map((match) => match[1]).sort();
  assert.deepEqual(left, expected, context);
  const again = await planCleanup({ flag: 'my_flag', keep, files: [{ path, text: after }], definitionFiles: [], wasmDir: WASM });
  assert.deepEqual(again.changes, [], `not a fixpoint: ${context}`);
}

test('RSpec shapes: exactly the examples of the kept behaviour remain, and nothing is left for a person', async () => {
  await fc.assert(
    fc.asyncProperty(file, (f) => check(rspec(f.shapes, f.fileWide), f.keep, 'spec/models/widget_spec.rb', 'ruby', /^\s*it '(\w+)' do$/gm, /my_flag/)),
    params(40, 0.2),
  );
});

test('Jest shapes: exactly the tests of the kept behaviour remain, and nothing is left for a person', async () => {
  await fc.assert(
    fc.asyncProperty(file, (f) => check(jest(f.shapes, f.fileWide), f.keep, 'spec/frontend/widget_spec.js', 'javascript', /^\s*it\('(\w+)', \(\) => \{$/gm, /myFlag/)),
    params(40, 0.2),
  );
});
