// Bounded parsing of definitions (issue 13, finding 8): deep nesting, too many tokens and huge
// files are one invalid-definition problem each, found without handing the text to `yaml`'s
// composer; everything else parses exactly as parseDocument does. Before: a 4.9 MB `[[[[…`
// definition took 55 s and 4.4 GB, `{a: {a: …` 15 s and 1.1 GB.
//
// NOTE: `within` asserts a generous wall-clock bound (50 times what the code takes on a loaded
// machine), because a node:test timeout cannot stop synchronous code: before the fix, the cases
// below took 24 s to 114 s here and would still have passed on their results alone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { LineCounter, parseDocument } from 'yaml';
import { parseDefinition } from '../../server/src/flags/definition';
import { readFlatYaml } from '../../server/src/flags/flatYaml';
import { parseBoundedYaml } from '../../server/src/flags/boundedYaml';
import { checklist } from '../../server/src/cleanup/changelog';

const PATH = 'config/feature_flags/wip/my_flag.yml';
const HEAD = 'name: my_flag\ntype: wip\ndefault_enabled: false\ndescription: ';
const DEPTH = 'The definition nests more than 64 levels deep; a flag definition is a flat map.';

function within<T>(work: () => T, limitMs = 5000): T {
  const started = performance.now();
  const result = work();
  const elapsed = performance.now() - started;
  assert.ok(elapsed < limitMs, `took ${Math.round(elapsed)} ms (bound ${limitMs} ms)`);
  return result;
}

function problems(text: string): { message: string; range: string }[] {
  return parseDefinition(`/root/${PATH}`, text, PATH).problems.map((problem) => ({
    message: problem.message,
    range: `${problem.range.start.line}:${problem.range.start.character}-${problem.range.end.line}:${problem.range.end.character}`,
  }));
}

test('a 4.9 MB `[[[[…` definition is one problem at the bracket that goes past 64 levels', () => {
  const text = `${HEAD}${'['.repeat(4_900_000)}\n`;
  // The top-level map is level 1, so the 64th bracket opens level 65 (column 13 + 63).
  assert.deepEqual(within(() => problems(text)), [{ message: DEPTH, range: '3:76-3:77' }]);
});

test('a 4.9 MB `{a: {a: …` definition is one problem at the brace that goes past 64 levels', () => {
  const text = `${HEAD}${'{a: '.repeat(1_225_000)}\n`;
  assert.equal(text.length, 4_900_061);
  assert.deepEqual(within(() => problems(text)), [{ message: DEPTH, range: '3:265-3:266' }]);
});

test('2,000 levels of block indentation are the same problem, on the key that goes past 64', () => {
  const text = `name: my_flag\n${Array.from({ length: 2000 }, (_, depth) => `${' '.repeat(depth)}k${depth}:`).join('\n')}\n`;
  assert.deepEqual(within(() => problems(text)), [{ message: DEPTH, range: '65:67-65:68' }]);
});

test('a 4.9 MB flat flow list is one problem: more tokens than any definition has', () => {
  const text = `${HEAD}[${'a, '.repeat(1_633_000)}]\n`;
  assert.deepEqual(within(() => problems(text)), [{ message: 'The definition has more than 5,000 YAML tokens; a flag definition is a flat map of a few keys.', range: '3:3743-3:3744' }]);
});

test('a definition over 256 KB (one huge quoted scalar) is one problem at the start of the file', () => {
  const text = `${HEAD}'${"it''s ".repeat(60_000)}'\n`;
  assert.deepEqual(within(() => problems(text)), [{ message: 'The definition is larger than 256 KB; a flag definition is a flat map of a few keys.', range: '0:0-0:0' }]);
});

test('nesting up to 64 levels still parses; normal nested flow values parse as before', () => {
  const deepest = `${HEAD}${'['.repeat(63)}x${']'.repeat(63)}\n`;
  assert.deepEqual(problems(deepest), []);
  assert.deepEqual(problems(`${HEAD}${'['.repeat(64)}x${']'.repeat(64)}\n`), [{ message: DEPTH, range: '3:76-3:77' }]);
  const nested = 'name: my_flag\ngroup: [group::a, [b, {c: d}]]\ntype: wip\ndefault_enabled: false\nmilestone: "17.9"\n';
  const definition = parseDefinition(`/root/${PATH}`, nested, PATH);
  assert.deepEqual(definition.problems, []);
  assert.equal(definition.group, undefined, 'a list group is not a string');
  assert.equal(definition.milestone, '17.9');
  assert.deepEqual(definition.valueRanges.group, { start: { line: 1, character: 7 }, end: { line: 1, character: 30 } });
});

test('parseBoundedYaml composes exactly what parseDocument does (real definitions, errors, several documents, empty text)', () => {
  const texts = ['', '---\n', 'a: 1\n---\nb: 2\n', 'name: broken\n  type: wip\ngroup: [x\n', '- a\n- b\n', 'a: &x [1, *x]\nb: *missing\n', 'k: 1\nk: 2\n'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.yml')) texts.push(readFileSync(join(dir, entry.name), 'utf8'));
    }
  };
  walk(join(__dirname, '../fixtures/real-definitions'));
  walk(join(__dirname, '../../examples/workspace/config'));
  for (const text of texts) {
    const expectedLines = new LineCounter();
    const expected = parseDocument(text, { lineCounter: expectedLines, uniqueKeys: false, prettyErrors: false });
    const actualLines = new LineCounter();
    const { document: actual } = parseBoundedYaml(text, { lineCounter: actualLines, uniqueKeys: false });
    assert.ok(actual, text);
    assert.equal(inspect(actual.contents, { depth: null }), inspect(expected.contents, { depth: null }), text);
    assert.deepEqual(actual.errors.map((error) => [error.code, error.message, error.pos]), expected.errors.map((error) => [error.code, error.message, error.pos]), text);
    assert.deepEqual(actual.warnings.map((warning) => warning.message), expected.warnings.map((warning) => warning.message), text);
    assert.deepEqual(actual.range, expected.range, text);
    assert.deepEqual(actualLines.lineStarts, expectedLines.lineStarts, text);
  }
  assert.ok(texts.length > 60);
});

test('the flat reader is linear in a run of spaces (its old line regex backtracked quadratically)', () => {
  const text = `name: my_flag\ndescription: a${' '.repeat(200_000)}b   \n`;
  const entries = within(() => readFlatYaml(text));
  assert.deepEqual(entries?.map((entry) => [entry.key, typeof entry.value === 'string' ? entry.value.length : entry.value, entry.valueRange.start.character, entry.valueRange.end.character]), [
    ['name', 7, 6, 13],
    ['description', 200_002, 13, 200_015],
  ]);
  // A space run that is not a flat value goes to the full parser after a linear scan too.
  assert.deepEqual(within(() => problems(`name: my_flag\ndescription: [a${' '.repeat(200_000)}, b]\ntype: wip\ndefault_enabled: false\n`)), []);
});

test("cleanup's checklist reads a hostile definition within the same bounds (no rollout link, no hang)", () => {
  const file = join(mkdtempSync(join(tmpdir(), 'gitlab-flags-deep-')), 'my_flag.yml');
  writeFileSync(file, `rollout_issue_url: https://example.com/1\nx: ${'['.repeat(4_900_000)}\n`);
  const steps = within(() => checklist({ flag: 'my_flag', keep: 'enabled', definitionFiles: [file], touchedPaths: [], manualCount: 0, refusedCount: 0 }));
  assert.equal(steps.at(-1), 'Close the rollout issue, if the flag has one.');
  writeFileSync(file, 'rollout_issue_url: https://example.com/1\nname: my_flag\n');
  assert.equal(checklist({ flag: 'my_flag', keep: 'enabled', definitionFiles: [file], touchedPaths: [], manualCount: 0, refusedCount: 0 }).at(-1), 'Close the rollout issue: https://example.com/1');
});
