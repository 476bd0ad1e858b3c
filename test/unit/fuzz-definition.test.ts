// Hostile YAML for definition validation: anchors and aliases (billion laughs), huge integers,
// duplicate keys, deep nesting, random documents. Validation never throws, answers with
// one-line problems, and never expands aliases (heap growth stays bounded).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { parseDefinition } from '../../server/src/flags/definition';
import { parseBoundedYaml } from '../../server/src/flags/boundedYaml';
import { scanBuffer } from '../../server/src/index/readAndScan';
import { params } from '../fuzz/support/fuzzConfig';

const PATH = 'config/feature_flags/wip/my_flag.yml';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function assertWellFormedProblems(text: string): ReturnType<typeof parseDefinition> {
  const definition = parseDefinition(`/root/${PATH}`, text, PATH);
  for (const problem of definition.problems) {
    assert.equal(problem.kind, 'invalid-definition');
    assert.ok(!problem.message.includes('\n'), `multi-line message: ${problem.message}`);
    assert.ok(problem.message.length < 400, `long message: ${problem.message.slice(0, 80)}…`);
    assert.ok(problem.range.start.line >= 0 && problem.range.start.character >= 0);
  }
  return definition;
}

const key = fc.constantFrom('name', 'type', 'default_enabled', 'milestone', 'group', 'description', 'log_state_changes', 'rollout_issue_url', 'x', '? complex', '<<');
const scalar = fc.oneof(
  fc.constantFrom('my_flag', 'wip', 'beta', 'true', 'false', 'null', '~', "'17.9'", '17.10', '0x1F', '.inf', '-.nan', '1e400', '"a\\x00b"', '!!binary aGk=', '!!js/function x', '&a x', '*a', '*missing', '|\n  block', '>-\n  folded'),
  fc.bigInt({ min: -(10n ** 400n), max: 10n ** 400n }).map(String),
  fc.string({ maxLength: 30 }).map((text) => JSON.stringify(text)),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const value: fc.Arbitrary<string> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('flow'), tie('anchored')),
  flow: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
  anchored: fc.tuple(fc.constantFrom('a', 'b', 'laugh'), tie('value')).map(([anchor, inner]) => `&${anchor} ${inner}`),
})).value as fc.Arbitrary<string>;
const document = fc.tuple(fc.boolean(), fc.array(fc.tuple(key, value, fc.constantFrom('', '  ', '\t')), { maxLength: 12 }), fc.constantFrom('\n', '\r\n')).map(([marker, pairs, eol]) =>
  (marker ? `---${eol}` : '') + pairs.map(([k, v, indent]) => `${indent}${k}: ${v}`).join(eol) + eol,
);

test('random YAML documents (anchors, aliases, tags, huge numbers, duplicates) never throw and give one-line problems', () => {
  fc.assert(fc.property(document, (text) => void assertWellFormedProblems(text)), params(400));
});

test('random YAML bytes through scanBuffer never throw; a binary or non-UTF-8 definition still defines the flag, with one problem', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
      const result = scanBuffer(`/root/${PATH}`, PATH, Buffer.from(bytes));
      assert.ok(result.scan?.definition, 'a definition file always yields a definition');
      if (result.skipped) assert.equal(result.scan.definition.problems.length, 1);
    }),
    params(300),
  );
});

/** Nine references per level: expanding `levels` levels would need 9^levels nodes. */
function billionLaughs(levels: number): string {
  const lines = ['lol0: &lol0 "lol"'];
  for (let level = 1; level <= levels; level++) lines.push(`lol${level}: &lol${level} [${Array(9).fill(`*lol${level - 1}`).join(', ')}]`);
  lines.push(`name: *lol${levels}`, `description: *lol${levels}`, 'type: wip', 'default_enabled: false');
  return lines.join('\n') + '\n';
}

test('billion laughs (9^40 nodes if expanded) is a problem, not an expansion: heap growth stays under 32 MB', () => {
  const before = heapAfterGc();
  const definition = assertWellFormedProblems(billionLaughs(40));
  let peak = process.memoryUsage().heapUsed;
  for (let i = 0; i < 20; i++) {
    assertWellFormedProblems(billionLaughs(10 + i));
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  assert.deepEqual(definition.problems.map((problem) => problem.message), ["'name' must be a string."]);
  assert.ok(peak - before < 32 * 1024 * 1024, `heap grew by ${Math.round((peak - before) / 1024 / 1024)} MB`);
});

test('deep nesting (20,000 flow levels, 2,000 block levels) is one nesting problem, not a crash', () => {
  const nesting = 'The definition nests more than 64 levels deep; a flag definition is a flat map.';
  const flow = assertWellFormedProblems(`name: my_flag\ndescription: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
  assert.deepEqual(flow.problems.map((problem) => problem.message), [nesting]);
  const block = assertWellFormedProblems(`name: my_flag\n${Array.from({ length: 2000 }, (_, depth) => `${' '.repeat(depth)}k${depth}:`).join('\n')}\n`);
  assert.deepEqual(block.problems.map((problem) => problem.message), [nesting]);
});

test('random YAML documents: the bounded parse composes exactly what parseDocument does', () => {
  fc.assert(
    fc.property(document, (text) => {
      const expected = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
      const { document: actual } = parseBoundedYaml(text, { uniqueKeys: false });
      assert.ok(actual);
      assert.equal(inspect(actual.contents, { depth: null }), inspect(expected.contents, { depth: null }));
      assert.deepEqual(actual.errors.map((error) => [error.code, error.pos]), expected.errors.map((error) => [error.code, error.pos]));
    }),
    params(300),
  );
});

test('a huge integer milestone is quoted as written (shortened), never as Infinity', () => {
  const definition = assertWellFormedProblems(`name: my_flag\ntype: wip\ndefault_enabled: false\nmilestone: ${'9'.repeat(400)}\n`);
  assert.deepEqual(definition.problems.map((problem) => problem.message), [`'milestone' must be a string: write '${'9'.repeat(20)}…' in quotes.`]);
  const tenth = assertWellFormedProblems('name: my_flag\ntype: wip\ndefault_enabled: false\nmilestone: 17.10\n');
  assert.deepEqual(tenth.problems.map((problem) => problem.message), ["'milestone' must be a string: write '17.10' in quotes."]);
});

test('duplicate keys: the last value wins, as in GitLab, and is validated', () => {
  const definition = assertWellFormedProblems('name: other_flag\nname: my_flag\ntype: beta\ntype: wip\ndefault_enabled: true\ndefault_enabled: false\n');
  assert.deepEqual({ name: definition.name, type: definition.type, defaultEnabled: definition.defaultEnabled, problems: definition.problems }, { name: 'my_flag', type: 'wip', defaultEnabled: false, problems: [] });
});

test('names and types holding newlines (block scalars) give one-line messages with the characters escaped', () => {
  const definition = assertWellFormedProblems('---\r\nname: &laugh |\n  block\r\ntype: "wip\\nbeta"\ndefault_enabled: false\n');
  assert.deepEqual(definition.problems.map((problem) => problem.message), [
    "Invalid flag name 'block\\n': use lower-case words separated by single underscores.",
    "The file is named 'my_flag.yml' but defines 'block\\n'; they must match.",
    "Unknown type 'wip\\nbeta'; expected one of gitlab_com_derisk, wip, beta, ops, experiment, worker, undefined, development.",
  ]);
});
