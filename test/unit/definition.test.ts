import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDefinition, parseDefinitionPath } from '../../server/src/flags/definition';
import { readFlatYaml } from '../../server/src/flags/flatYaml';

const valid = ['---', 'name: my_flag', "milestone: '17.9'", 'group: group::source code', 'type: beta', 'default_enabled: true', ''].join('\n');

function problems(path: string, text: string): string[] {
  return parseDefinition(`/root/${path}`, text, path).problems.map((p) => `${p.range.start.line}:${p.range.start.character} ${p.message}`);
}

test('a valid definition keeps its fields and the position of each key', () => {
  const definition = parseDefinition('/root/config/feature_flags/beta/my_flag.yml', valid, 'config/feature_flags/beta/my_flag.yml');
  assert.deepEqual(definition.problems, []);
  assert.equal(definition.name, 'my_flag');
  assert.equal(definition.type, 'beta');
  assert.equal(definition.milestone, '17.9');
  assert.equal(definition.group, 'group::source code');
  assert.equal(definition.defaultEnabled, true);
  assert.deepEqual(definition.nameRange, { start: { line: 1, character: 6 }, end: { line: 1, character: 13 } });
  assert.deepEqual(definition.keyRanges.default_enabled, { start: { line: 5, character: 0 }, end: { line: 5, character: 15 } });
});

test('every real GitLab definition validates without problems', () => {
  const base = join(__dirname, '../fixtures/real-definitions/config/feature_flags');
  let checked = 0;
  for (const type of readdirSync(base)) {
    for (const file of readdirSync(join(base, type))) {
      const path = `config/feature_flags/${type}/${file}`;
      assert.deepEqual(problems(path, readFileSync(join(base, type, file), 'utf8')), [], path);
      checked++;
    }
  }
  assert.ok(checked >= 40);
});

test('name format, file name and directory are checked against name and type', () => {
  assert.deepEqual(problems('config/feature_flags/beta/Bad_Name.yml', valid.replace('my_flag', 'Bad_Name')), [
    "1:6 Invalid flag name 'Bad_Name': use lower-case words separated by single underscores.",
  ]);
  assert.deepEqual(problems('config/feature_flags/beta/other.yml', valid), ["1:6 The file is named 'other.yml' but defines 'my_flag'; they must match."]);
  assert.deepEqual(problems('ee/config/feature_flags/wip/my_flag.yml', valid.replace('default_enabled: true', 'default_enabled: false')), [
    "4:6 The definition is in 'wip/' but its type is 'beta'; move it to 'beta/' or fix the type.",
  ]);
});

test('unknown types and default_enabled rules', () => {
  assert.deepEqual(problems('config/feature_flags/feature/my_flag.yml', valid.replace('type: beta', 'type: feature')), [
    "4:6 Unknown type 'feature'; expected one of gitlab_com_derisk, wip, beta, ops, experiment, worker, undefined, development.",
  ]);
  assert.deepEqual(problems('config/feature_flags/wip/my_flag.yml', valid.replace('type: beta', 'type: wip')), ["5:17 A 'wip' flag may not be default_enabled: true."]);
  assert.deepEqual(problems('config/feature_flags/beta/my_flag.yml', valid.replace('default_enabled: true\n', '')), ["1:0 Missing 'default_enabled'."]);
  assert.deepEqual(problems('config/feature_flags/beta/my_flag.yml', valid.replace("'17.9'", '17.9')), ["2:11 'milestone' must be a string: write '17.9' in quotes."]);
});

test('malformed YAML is one problem at the error, never an exception', () => {
  assert.deepEqual(problems('config/feature_flags/wip/broken.yml', 'name: broken\n  type: wip\ngroup: [x\n'), ['0:6 Malformed YAML: Nested mappings are not allowed in compact mappings']);
  assert.deepEqual(problems('config/feature_flags/wip/list.yml', '- a\n- b\n'), ['0:0 A flag definition must be a YAML mapping of keys such as name, type and default_enabled.']);
});

test('aliases are never expanded, so a billion-laughs document is cheap', () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  lines.push('name: lol', 'type: wip', 'default_enabled: false');
  assert.deepEqual(problems('config/feature_flags/wip/lol.yml', lines.join('\n')), []);
});

test('definition paths are recognised in CE, EE and JH', () => {
  assert.deepEqual(parseDefinitionPath('config/feature_flags/beta/x.yml'), { type: 'beta', baseName: 'x' });
  assert.deepEqual(parseDefinitionPath('jh/config/feature_flags/ops/y.yml'), { type: 'ops', baseName: 'y' });
  assert.equal(parseDefinitionPath('config/feature_flags.yml'), undefined);
});

test('the fast flat reader and the yaml package agree on every definition they both read', () => {
  const roots = [join(__dirname, '../fixtures/real-definitions'), join(__dirname, '../../examples/workspace')];
  const samples: [string, string][] = [];
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${rel}${entry.name}/`);
      else if (entry.name.endsWith('.yml') && parseDefinitionPath(`${rel}${entry.name}`)) samples.push([`${rel}${entry.name}`, readFileSync(join(dir, entry.name), 'utf8')]);
    }
  };
  for (const root of roots) walk(root, '');
  samples.push(['config/feature_flags/wip/quoted.yml', `name: "quoted"\ndescription: 'it''s here'\ntype: wip\ndefault_enabled: FALSE\nmilestone: '17.1'\ngroup:\n`]);
  assert.ok(samples.length > 60);
  for (const [path, text] of samples) {
    const fast = parseDefinition(`/r/${path}`, text, path);
    const full = parseDefinition(`/r/${path}`, text, path, { fullParser: true });
    assert.deepEqual(fast, full, path);
  }
});

// Disagreements between the flat reader and `yaml` that test/unit/fuzz-flatYaml.test.ts found
// (issue 17): each was read as a flat value where `yaml` reads something else. The reader now
// declines these, and parseDefinition gives what `yaml` gives.
const HEAD = 'name: my_flag\ntype: wip\ndefault_enabled: false\n';
const WIP = 'config/feature_flags/wip/my_flag.yml';

test('a plain value ending in a colon is a nested mapping to yaml (an error), not a string', () => {
  // Was: group 'group::source code:' and no problem.
  assert.equal(readFlatYaml(`${HEAD}group: group::source code:\n`), undefined);
  assert.deepEqual(problems(WIP, `${HEAD}group: group::source code:\n`), ['3:7 Malformed YAML: Nested mappings are not allowed in compact mappings']);
});

test('a value starting with "- ", "? " or ": " (or one of them alone) is an indicator to yaml, not a string', () => {
  // Was: the strings '- x', '-', '? x', '?' and ':'.
  for (const value of ['- x', '-']) {
    assert.equal(readFlatYaml(`${HEAD}group: ${value}\n`), undefined, value);
    assert.deepEqual(problems(WIP, `${HEAD}group: ${value}\n`), ['3:7 Malformed YAML: Unexpected block-seq-ind on same line with key'], value);
  }
  for (const value of ['? x', '?', ':']) {
    assert.equal(readFlatYaml(`${HEAD}group: ${value}\n`), undefined, value);
    assert.deepEqual(problems(WIP, `${HEAD}group: ${value}\n`), ['3:7 Malformed YAML: Nested mappings are not allowed in compact mappings'], value);
  }
  // Followed by anything but a space they are plain text, to both.
  assert.deepEqual(readFlatYaml('group: -x\n')?.map((entry) => entry.value), ['-x']);
  assert.deepEqual(parseDefinition(`/root/${WIP}`, `${HEAD}group: ?x\n`, WIP).group, '?x');
});

test('a trailing tab after a plain value is whitespace to yaml: default_enabled: false<TAB> is false', () => {
  // Was: the string 'false\t', so "'default_enabled' must be true or false.".
  assert.equal(readFlatYaml(`${HEAD.replace('false', 'false\t')}`), undefined);
  const definition = parseDefinition(`/root/${WIP}`, `name: my_flag\ntype: wip\ndefault_enabled: false\t\ngroup: x\t#c\n`, WIP);
  assert.deepEqual([definition.problems, definition.defaultEnabled, definition.group], [[], false, 'x']);
});

test('an empty document (nothing, a comment, or --- alone) is null to yaml: not a mapping, rather than three missing keys', () => {
  // Was: an empty map, so "Missing 'name'.", "Missing 'type'." and "Missing 'default_enabled'.".
  for (const text of ['', '# only a comment\n', '---\n']) {
    assert.equal(readFlatYaml(text), undefined, JSON.stringify(text));
    assert.deepEqual(problems(WIP, text), ['0:0 A flag definition must be a YAML mapping of keys such as name, type and default_enabled.'], JSON.stringify(text));
  }
});

test('a CR at the very end of the text is content to yaml (only CR LF ends a line): default_enabled: false<CR> is not false', () => {
  // Was: false, and no problem.
  assert.equal(readFlatYaml('name: my_flag\ntype: wip\ndefault_enabled: false\r'), undefined);
  assert.deepEqual(problems(WIP, 'name: my_flag\ntype: wip\ndefault_enabled: false\r'), ["2:17 'default_enabled' must be true or false."]);
  // A CR LF line end is still read by the flat reader.
  assert.deepEqual(readFlatYaml('name: my_flag\r\ndefault_enabled: false\r\n')?.map((entry) => entry.value), ['my_flag', false]);
});

test('the milestone message quotes a boolean as written (False), as with the full parser', () => {
  // Was: "write 'false' in quotes" from the flat reader, "write 'False'" from yaml.
  assert.deepEqual(readFlatYaml('milestone: False\n')?.map((entry) => [entry.value, entry.source]), [[false, 'False']]);
  assert.deepEqual(problems(WIP, `${HEAD}milestone: False\n`), ["3:11 'milestone' must be a string: write 'False' in quotes."]);
});
