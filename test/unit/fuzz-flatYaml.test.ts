// flatYaml.ts against the `yaml` package (issue 17). readFlatYaml is a fast reader for the flat
// `key: scalar` YAML of definitions; on any text it accepts, its entries must be exactly what
// `yaml` gives (keys, resolved values and both ranges), and on any text it declines the fallback
// in parseDefinition must give `yaml`'s result. Documents are generated from definition-like
// lines with every scalar style and every YAML construct flatYaml must not misread (tabs, `- `,
// `? `, block scalars, flow collections, anchors, tags, comments, CRLF, BOM, document markers,
// duplicate keys), then mutated at random.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { readFlatYaml, type FlatEntry } from '../../server/src/flags/flatYaml';
import { parseDefinition, type FlagDefinition } from '../../server/src/flags/definition';
import type { Range } from '../../server/src/flags/model';
import { params } from '../fuzz/support/fuzzConfig';

const PATH = 'config/feature_flags/wip/my_flag.yml';
const FILE = `/root/${PATH}`;

// ---------------------------------------------------------------------------------------------
// The oracle: `yaml`'s parse, in the representation readFlatYaml returns.

type YamlAnswer = { entries: FlatEntry[] } | { notFlat: string };

/** `yaml`'s parse of `text`: its entries, if flat, and the fields parseDefinition must copy out. */
function yamlAnswer(text: string): { answer: YamlAnswer; fields: Record<string, unknown> } {
  const lineCounter = new LineCounter();
  // The options parseDefinition's fallback uses (parseBoundedYaml composes without prettyErrors).
  const document = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  if (document.errors.length > 0) return { answer: { notFlat: `error ${document.errors[0].code}` }, fields: { malformed: `Malformed YAML: ${document.errors[0].message.split('\n')[0]}` } };
  const contents = document.contents;
  if (!isMap(contents)) return { answer: { notFlat: `not a map: ${contents === null ? 'null' : (contents as { type?: string }).type ?? typeof contents}` }, fields: { notMap: true } };
  const toRange = (offsets: readonly number[] | null | undefined): Range => {
    assert.ok(offsets, 'a node without a range');
    const start = lineCounter.linePos(offsets[0]);
    const end = lineCounter.linePos(offsets[1]);
    return { start: { line: start.line - 1, character: start.col - 1 }, end: { line: end.line - 1, character: end.col - 1 } };
  };
  let notFlat: string | undefined;
  const entries: FlatEntry[] = [];
  // Last one wins, as in parseDefinition.
  const values: Record<string, unknown> = {};
  for (const pair of contents.items) {
    if (!isScalar(pair.key)) {
      notFlat ??= 'a key that is not a scalar';
      continue;
    }
    const key = String(pair.key.value);
    if (!isScalar(pair.value)) {
      notFlat ??= pair.value === null ? 'a pair without a value node' : 'a value that is not a scalar';
      values[key] = pair.value === null ? null : { collection: true };
      continue;
    }
    const value = pair.value.value;
    values[key] = value;
    if (value !== null && typeof value !== 'string' && typeof value !== 'boolean' && typeof value !== 'number') notFlat ??= `a ${typeof value} value`;
    else entries.push({ key, value, source: String(pair.value.source), keyRange: toRange(pair.key.range), valueRange: toRange(pair.value.range) });
  }
  const string = (key: string): string | undefined => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const boolean = (key: string): boolean | undefined => (typeof values[key] === 'boolean' ? (values[key] as boolean) : undefined);
  const fields = {
    name: string('name') ?? 'my_flag',
    type: string('type'),
    group: string('group'),
    milestone: string('milestone'),
    description: string('description'),
    defaultEnabled: boolean('default_enabled'),
    featureIssueUrl: string('feature_issue_url'),
    introducedByUrl: string('introduced_by_url'),
    rolloutIssueUrl: string('rollout_issue_url'),
    logStateChanges: boolean('log_state_changes'),
    intendedToRolloutBy: string('intended_to_rollout_by'),
  };
  return { answer: notFlat ? { notFlat } : { entries }, fields };
}

function fieldsOf(definition: FlagDefinition): Record<string, unknown> {
  const first = definition.problems[0]?.message ?? '';
  if (first.startsWith('Malformed YAML: ')) return { malformed: first };
  if (first.startsWith('A flag definition must be a YAML mapping')) return { notMap: true };
  const { name, type, group, milestone, description, defaultEnabled, featureIssueUrl, introducedByUrl, rolloutIssueUrl, logStateChanges, intendedToRolloutBy } = definition;
  return { name, type, group, milestone, description, defaultEnabled, featureIssueUrl, introducedByUrl, rolloutIssueUrl, logStateChanges, intendedToRolloutBy };
}

const tally = { accepted: 0, declined: 0, declinedButFlat: 0 };

/**
 * The property: accepted means exactly `yaml`'s entries; either way parseDefinition (which falls
 * back to `yaml` when the reader declines) gives `yaml`'s fields, and the same definition, ranges
 * and problems included, as with the full parser alone.
 */
function agrees(text: string): void {
  const flat = readFlatYaml(text);
  const { answer, fields } = yamlAnswer(text);
  if (flat) {
    tally.accepted++;
    assert.deepEqual({ entries: flat }, answer, `flatYaml accepted ${JSON.stringify(text)}`);
  } else {
    tally.declined++;
    if ('entries' in answer) tally.declinedButFlat++;
  }
  const definition = parseDefinition(FILE, text, PATH);
  assert.deepEqual(fieldsOf(definition), fields, `parseDefinition(${JSON.stringify(text)})`);
  // When the reader declines, parseDefinition runs the full parser's code: the same by construction.
  if (flat) assert.deepEqual(definition, parseDefinition(FILE, text, PATH, { fullParser: true }), `fast and full parseDefinition(${JSON.stringify(text)})`);
}

// ---------------------------------------------------------------------------------------------
// Definition-like documents.

const KEYS = ['name', 'feature_issue_url', 'introduced_by_url', 'rollout_issue_url', 'milestone', 'group', 'type', 'default_enabled', 'description', 'log_state_changes', 'intended_to_rollout_by'];
const ODD_KEYS = ['null', 'true', 'x', '_', 'Name', 'foo-bar', '"name"', "'type'", 'name ', 'name\t', '? name', '- name', '&k name', '*k ', '!!str name', 'a b', '\tname', ' name', '[name]', 'name#'];
const key = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_KEYS) });

const PLAIN = [
  'my_flag', 'wip', 'beta', 'gitlab_com_derisk', 'group::source code', 'https://gitlab.com/gitlab-org/gitlab/-/issues/435948',
  'Adds a thing', 'a,b', '[x', 'x]', 'x}', 'a{b', 'a#b', 'C#', 'é', '😀', 'a\tb', 'a  b', "it's", 'say "hi"', 'a\\nb',
  '16.10', '17.9', '017', '0o17', '0o8', '0x1F', '0X1F', '0x', '1e3', '1E+3', '.5', '5.', '.', '+12', '-0', '1_000', '0b101', '1.2.3',
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '-.nan', 'inf', 'nan',
  'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'No', 'on', 'OFF', 'y', 'n',
  'null', 'Null', 'NULL', 'nULL', '~', '~~', '',
  '-', '--', '---', '...', '?', ':', '-x', '?x', ':x', 'x:', 'x:y', 'x::y', '<<', '=', '- x', '? x', ': x', '-\tx', '?\tx', ':\tx',
];
const ESCAPED_DOUBLE = ['"\\x41"', '"\\u00e9"', '"\\U0001F600"', '"\\/"', '"\\ "', '"\\N"', '"\\_"', '"\\0"', '"\\t"', '"\\\t"', '"\\q"', '"a\\\\"', '"\\"', '"a\\"b"', '""', "''", "''''", "'a''b'", "'a'b'", '"a"b"', "'a' #c", '"a" #c', "'a'x", '"a"x'];
const ALPHABET = [' ', ' ', '\t', '\r', '\u00a0', '\u0085', '\u2028', '\u2029', '\ufeff', '\u0000', '\u0007', '\u007f', '\ud83d', '#', ':', '-', '?', "'", '"', '\\', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', '~', 'a', 'z', 'A', '0', '1', '.', '_', 'é'];
const chars = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength });

const singleQuoted = chars(10).map((text) => `'${text.replace(/'/g, "''")}'`);
const doubleQuoted = fc.oneof(fc.string({ maxLength: 10 }).map((text) => JSON.stringify(text)), chars(8).map((text) => JSON.stringify(text)), fc.constantFrom(...ESCAPED_DOUBLE));
const fragment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PLAIN) },
  { weight: 2, arbitrary: singleQuoted },
  { weight: 2, arbitrary: doubleQuoted },
  { weight: 2, arbitrary: chars(8) },
);
const SEPARATORS = [' ', ' ', '\t', '', ': ', ':\t', ':', ' #', '\t#', ' # c', ' - ', ' ? '];
const joined = fc.tuple(fragment, fc.array(fc.tuple(fc.constantFrom(...SEPARATORS), fragment), { maxLength: 2 })).map(([first, rest]) => first + rest.map(([separator, next]) => separator + next).join(''));
// Values that are not one-line scalars: the reader must decline all of them.
const EXOTIC = [
  '|', '|-', '|+', '>', '>-', '>+', '|2', '>1-', '|\n  block\n  text', '|-\n  block\n\n', '>+\n  folded\n\n  text\n\n', '>\n\tx',
  '[a, b]', '[]', '{}', '{a: b}', '[a,\n  b]', '{ a: 1 }', '&a x', '&a', '*a', '&a [x]', '!!str 17', '!!int 1', '!tag x', '!!binary aGk=', '! x',
  '"multi\n  line"', "'multi\n  line'", '"multi\nline"', 'plain\n  continued', 'plain\ncontinued', 'plain\n\n  continued', '\n  - a\n  - b', '\n- a\n- b',
  '\n  nested: map', '\n  x', '\n\tx', '@x', '`x', '%x', '"unterminated', "'unterminated", '? complex\n: value', 'x\n...', 'x\n---',
];
const value = fc.oneof({ weight: 10, arbitrary: joined }, { weight: 1, arbitrary: fc.constantFrom(...EXOTIC) });

const AFTER_COLON = [' ', ' ', ' ', ' ', '  ', '', '\t', ' \t', '\t '];
const TRAILING = ['', '', '', '', ' ', '  ', '\t', ' \t', '\t ', ' # comment', '\t# c', '#c', ' #', ' \u00a0', '\r'];
const line = fc.tuple(key, fc.constantFrom(...AFTER_COLON), value, fc.constantFrom(...TRAILING)).map(([k, after, v, trailing]) => `${k}:${after}${v}${trailing}`);
const OTHER_LINES = [
  '', '', '# comment', '#', '#\ttab', '# c\rname: hidden', '  # indented comment', '   ', '\t', ' \t ', '---', '--- # c', '...', '  continued', '\tcontinued',
  '- item', '? complex', ': value', '?', '-', '%YAML 1.2', '%TAG ! tag:x,2024:', '\ufeff# bom comment', '&a name: x', '*a : x', 'name: &a x', 'group: *a', '[a, b]: c', '{a: b}: c', '"name": x', "'type': wip",
];
const docLine = fc.oneof({ weight: 8, arbitrary: line }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_LINES) });

const PREFIXES = ['', '', '', '---', '--- ', '---\t', '--- # c', '--- x', '\ufeff', '\ufeff---', '# head\n---', '%YAML 1.2\n---', '---\n---', '...', '\n'];
const SUFFIXES = ['', '', '', '...', '---', '--- x', '...\n# after', '---\nname: other', '... # c', '\n\n', '#'];
const EOLS = ['\n', '\n', '\n', '\r\n', '\r\n', '\r'];

const document = fc
  .tuple(fc.constantFrom(...PREFIXES), fc.array(fc.tuple(docLine, fc.constantFrom('', '', '', '', '', '', '\r\n', '\n')), { maxLength: 12 }), fc.constantFrom(...SUFFIXES), fc.constantFrom(...EOLS), fc.boolean())
  .map(([prefix, lines, suffix, eol, finalEol]) => {
    // A line's own end is the document's, or (rarely) another one: mixed line ends.
    const body = lines.map(([text, own]) => text + (own || eol)).join('');
    const all = (prefix ? prefix.replace(/\n/g, eol) + eol : '') + body + suffix.replace(/\n/g, eol);
    return finalEol || suffix === '' ? all : all + eol;
  });

/** A document of real keys and mostly ordinary values, so that most are accepted and compared. */
const ORDINARY = ['my_flag', "'it''s'", "''''", "'a''b'", 'x:', 'my_flag', 'wip', 'beta', 'ops', 'group::source code', 'false', 'true', "'17.9'", "'16.10'", 'wip', 'beta', 'group::source code', 'https://gitlab.com/gitlab-org/gitlab/-/issues/435948', 'Adds a thing', 'a,b', 'x]', "it's", 'say "hi"', 'C#', 'é', '😀', '-x', '?x', ':x', 'x:y', '1.2.3', '0b101', '1_000', '-.nan', 'tRUE', 'yes', 'No', 'on', 'y', 'nULL', '~~', '...', '---', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', '~', ''];
// One-line values the reader must decline or decode with care (a nested map, an indicator, a
// number, an escape): rarer, so that most documents are still accepted.
const NEAR_MISSES = ['x:', 'a:b:', 'group::x:', '-', '?', ':', '- x', '? x', ': x', '16.10', '017', '0o17', '0x1F', '1e3', '.5', '+12', '-0', '.inf', '-.Inf', '.NaN', 'a #b', 'a#b', ...ESCAPED_DOUBLE];
const ordinaryValue = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom(...ORDINARY) },
  { weight: 2, arbitrary: fc.constantFrom(...NEAR_MISSES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((text) => `'${text.replace(/'/g, "''")}'`) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', "'", '#', ':'), maxLength: 8 }).map((text) => `"${text.replace(/["\\]/g, '\\$&')}"`) },
  { weight: 1, arbitrary: joined },
);
const ordinaryDocument = fc
  .tuple(fc.constantFrom('', '---'), fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 11 }), fc.array(fc.tuple(ordinaryValue, fc.oneof({ weight: 30, arbitrary: fc.constantFrom('', '', ' ') }, { weight: 1, arbitrary: fc.constantFrom('  ', '\t', ' # c', '\r') })), { minLength: 11, maxLength: 11 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([prefix, keys, values, eol, finalEol]) => (prefix ? prefix + eol : '') + keys.map((k, i) => `${k}: ${values[i][0]}${values[i][1]}`).join(eol) + (finalEol ? eol : ''));

// ---------------------------------------------------------------------------------------------
// Hostile mutations of generated documents and of real definitions.

const REAL: string[] = (() => {
  const base = join(__dirname, '../fixtures/real-definitions/config/feature_flags');
  const texts: string[] = [];
  for (const type of readdirSync(base)) for (const file of readdirSync(join(base, type))) texts.push(readFileSync(join(base, type, file), 'utf8'));
  return texts;
})();

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(chars(3), fc.constantFrom(...SEPARATORS, ...EXOTIC, '\n', '\r\n', '\n  ', '\n- ', '\n? ', '\n\t')) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: chars(1) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, mutations: readonly Mutation[]): string {
  let result = text;
  for (const m of mutations) {
    const at = result.length === 0 ? 0 : m.at % (result.length + 1);
    if (m.kind === 'insert') result = result.slice(0, at) + m.text + result.slice(at);
    else if (m.kind === 'delete') result = result.slice(0, at) + result.slice(at + m.length);
    else if (m.kind === 'replace') result = result.slice(0, at) + m.text + result.slice(at + 1);
    else if (m.kind === 'truncate') result = result.slice(0, at);
    else {
      const lines = result.split('\n');
      const i = m.at % lines.length;
      if (m.kind === 'duplicate-line') lines.splice(i, 0, lines[i]);
      else {
        const j = m.with % lines.length;
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
      result = lines.join('\n');
    }
  }
  return result;
}

const base = fc.oneof(ordinaryDocument, document, fc.constantFrom(...REAL));

// ---------------------------------------------------------------------------------------------

// A run is about a millisecond, so a failure is shrunk to a small document (unlike params()'s
// endOnFailure), and the assertion's diff is part of the report.
const RUN = { ...params<unknown>(200), includeErrorInReport: true, endOnFailure: false };

test('flatYaml gives exactly yaml\'s entries on definition-like documents it accepts (all scalar styles, comments, CRLF, BOM, markers)', () => {
  fc.assert(fc.property(fc.oneof({ weight: 2, arbitrary: ordinaryDocument }, { weight: 1, arbitrary: document }), agrees), RUN);
});

test('flatYaml agrees with yaml, or declines, on hostile mutations of generated and real definitions', () => {
  fc.assert(fc.property(base, fc.array(mutation, { minLength: 1, maxLength: 4 }), (text, mutations) => agrees(mutate(text, mutations))), RUN);
});

test('the property tests exercise both sides: many documents accepted and compared, many declined', () => {
  // Run after the two properties (node:test runs a file's tests in order): the tally is theirs.
  if (process.env.FUZZ_REPORT) process.stderr.write(`flatYaml fuzz: ${JSON.stringify(tally)}\n`);
  const total = tally.accepted + tally.declined;
  assert.ok(tally.accepted >= total / 6, `only ${tally.accepted} of ${total} accepted`);
  assert.ok(tally.declined >= total / 4, `only ${tally.declined} of ${total} declined`);
});
