import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { compareReferences, normalizePaths, type ReportedReference } from '../../bench/accuracy/compare';
import { generateTree, type GenerateResult } from '../../bench/generate';
import { FORMS } from '../../bench/generator/forms';
import type { Manifest } from '../../bench/generator/manifest';
import { camelize } from '../../server/src/flags/naming';

const workDir = mkdtempSync(join(tmpdir(), 'bench-generator-test-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

function generate(name: string, seed: number): GenerateResult {
  return generateTree({ out: join(workDir, name), flags: 30, files: 300, seed, git: false });
}

function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path, 'latin1'));
    }
  };
  walk(root);
  return files;
}

const first = generate('a', 11);
const again = generate('b', 11);
const otherSeed = generate('c', 12);

describe('bench tree generator', () => {
  it('writes the same files, bytes and manifest for the same seed', () => {
    assert.deepEqual(readTree(join(workDir, 'b')), readTree(join(workDir, 'a')));
    assert.deepEqual(again.manifest, first.manifest);
  });

  it('writes a different tree for a different seed', () => {
    assert.notDeepEqual(readTree(join(workDir, 'c')), readTree(join(workDir, 'a')));
    assert.notDeepEqual(otherSeed.manifest.references, first.manifest.references);
  });

  it('puts the manifest outside the tree', () => {
    assert.equal(first.manifestPath, `${join(workDir, 'a')}.manifest.json`);
    assert.deepEqual(JSON.parse(readFileSync(first.manifestPath, 'utf8')), first.manifest);
  });

  it('points every manifest position exactly at the name as written, snake or camel', () => {
    const lines = new Map<string, string[]>();
    const lineOf = (path: string, line: number) => {
      if (!lines.has(path)) lines.set(path, readFileSync(join(workDir, 'a', path), 'utf8').split('\n'));
      return lines.get(path)![line];
    };
    const wrong: string[] = [];
    for (const ref of first.manifest.references) {
      const written = lineOf(ref.path, ref.line).slice(ref.character, ref.endCharacter);
      if (ref.endLine !== ref.line || written !== ref.name || (ref.name !== ref.flag && ref.name !== camelize(ref.flag))) {
        wrong.push(`${ref.path}:${ref.line}:${ref.character} ${ref.form} expected ${ref.name} found ${written}`);
      }
      // The name token is whole: not a prefix of a longer identifier.
      if (/[A-Za-z0-9_]/.test(lineOf(ref.path, ref.line).charAt(ref.endCharacter))) wrong.push(`${ref.path}:${ref.line} ${ref.form} is cut short`);
    }
    for (const span of [...first.manifest.dynamic, ...first.manifest.optional]) {
      const written = lineOf(span.path, span.line).slice(span.character, span.endCharacter);
      const expected = 'expression' in span ? span.expression : span.name;
      if (written !== expected) wrong.push(`${span.path}:${span.line} ${span.form} expected ${expected} found ${written}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('counts UTF-16 code units, not bytes, before a name on a line with emoji', () => {
    const ref = first.manifest.references.find((r) => r.form === 'check-after-emoji')!;
    const line = readFileSync(join(workDir, 'a', ref.path), 'utf8').split('\n')[ref.line];
    assert.equal(line.trimStart().startsWith("log_info('Prüfung 🚀 läuft') if ::Feature.enabled?(:"), true);
    assert.equal(ref.character, line.indexOf(`:${ref.name}`) + 1);
  });

  it('plants every reference form, a YAML definition per defined flag, and dynamic names', () => {
    const forms = new Set(first.manifest.references.map((r) => r.form));
    assert.deepEqual(
      [...FORMS.map((f) => f.id), 'yaml-definition'].filter((id) => !forms.has(id)),
      [],
    );
    const definitions = first.manifest.references.filter((r) => r.kind === 'definition').map((r) => r.flag).sort();
    const defined = first.manifest.flags.filter((f) => f.definition).map((f) => f.name).sort();
    assert.deepEqual(definitions, defined);
    assert.deepEqual(
      [...new Set(first.manifest.dynamic.map((d) => d.form))].sort(),
      ['dynamic-gon-computed', 'dynamic-interpolated-string', 'dynamic-interpolated-symbol'],
    );
  });

  it('lists a large Ruby file with references and a line where a statement can be inserted', () => {
    const large = first.manifest.largeFiles[0];
    const lines = readFileSync(join(workDir, 'a', large.path), 'utf8').split('\n');
    assert.equal(large.lines >= 2000, true);
    assert.equal(lines[large.statementLine - 1].trimStart().startsWith('def '), true);
    assert.equal(lines[large.statementLine].startsWith(large.indent), true);
  });
});

describe('bench accuracy comparison', () => {
  const span = (line: number, character: number, name: string) => ({ path: 'app/a.rb', line, character, endLine: line, endCharacter: character + name.length });
  const manifest: Manifest = {
    version: 1,
    seed: 1,
    flagCount: 2,
    fileCount: 1,
    bytes: 0,
    flags: [],
    references: [
      { flag: 'foo', ...span(0, 10, 'foo'), kind: 'check', form: 'check', name: 'foo' },
      { flag: 'foo_bar', ...span(1, 10, 'foo_bar'), kind: 'check', form: 'check', name: 'foo_bar' },
      { flag: 'foo', ...span(2, 4, 'foo'), kind: 'stub', form: 'stub-multi', name: 'foo' },
      { flag: 'foo_bar', ...span(2, 15, 'foo_bar'), kind: 'stub', form: 'stub-multi', name: 'foo_bar' },
      { flag: 'foo', ...span(3, 4, 'foo'), kind: 'qa', form: 'qa-runtime', name: 'foo' },
    ],
    dynamic: [{ ...span(4, 8, ':"x_#{y}"'), prefix: 'x_', form: 'dynamic-interpolated-symbol', expression: ':"x_#{y}"' }],
    optional: [{ flag: 'foo', ...span(5, 8, 'FOO_FEATURE_FLAG'), form: 'constant-use', name: 'FOO_FEATURE_FLAG' }],
    largeFiles: [],
  };
  const reported = (flag: string, s: ReturnType<typeof span>, kind: string): ReportedReference => ({ flag, ...s, kind });

  it('scores a report equal to the manifest as full recall and precision', () => {
    const report = compareReferences(
      manifest,
      manifest.references.map((r) => reported(r.flag, r, r.kind)),
    );
    assert.deepEqual(
      [report.expected, report.reported, report.found, report.exact, report.recall, report.precision, report.unexpected.length],
      [5, 5, 5, 5, 1, 1, 0],
    );
  });

  it('tells wrong flags, wrong kinds, inexact ranges, dynamic, optional and unexpected reports apart', () => {
    const report = compareReferences(manifest, [
      reported('foo', { ...span(0, 9, ':foo') }, 'check'), // range includes the colon
      reported('foo', span(1, 10, 'foo'), 'check'), // prefix of foo_bar: wrong flag
      reported('foo_bar', span(2, 15, 'foo_bar'), 'stub'),
      reported('foo', span(2, 4, 'foo'), 'stub'),
      reported('foo', span(3, 4, 'foo'), 'toggle'), // wrong kind
      reported('x_y', span(4, 8, ':"x_#{y}"'), 'check'),
      reported('foo', span(5, 8, 'FOO_FEATURE_FLAG'), 'check'),
      reported('bar', span(7, 0, 'bar'), 'check'),
    ]);
    assert.deepEqual(
      {
        found: report.found,
        exact: report.exact,
        wrongFlag: report.wrongFlag.map((m) => `${m.expected.flag}->${m.reported.flag}`),
        wrongKind: report.wrongKind.map((m) => `${m.expected.kind}->${m.reported.kind}`),
        positionOff: report.positionOff.map((m) => m.expected.line),
        missed: report.missed.map((m) => m.flag),
        onDynamic: report.onDynamic.length,
        onOptional: report.onOptional,
        unexpected: report.unexpected.map((r) => r.flag),
        recall: report.recall,
        precision: report.precision,
      },
      {
        found: 4,
        exact: 3,
        wrongFlag: ['foo_bar->foo'],
        wrongKind: ['qa->toggle'],
        positionOff: [0],
        missed: [],
        onDynamic: 1,
        onOptional: 1,
        unexpected: ['bar'],
        recall: 4 / 5,
        precision: 4 / 7,
      },
    );
  });

  it('makes absolute and file:// paths relative to the tree', () => {
    const base = { flag: 'foo', line: 0, character: 0, endLine: 0, endCharacter: 3, kind: 'check' };
    assert.deepEqual(
      normalizePaths([{ ...base, path: '/t/app/a.rb' }, { ...base, path: 'file:///t/app/b%20c.rb' }, { ...base, path: 'app/d.rb' }], '/t').map((r) => r.path),
      ['app/a.rb', 'app/b c.rb', 'app/d.rb'],
    );
  });
});
