// Hostile input for the scanners: random and mutated files (truncated, NUL bytes, invalid UTF-8,
// CRLF, BOM, deep nesting, 5 MB single lines) never throw, never run past the per-file budget
// the scanner enforces itself, and every name they report is really at the reported range.
// Files generated from the grammar of reference forms are scanned to exactly what was planted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { scanBuffer, readAndScan } from '../../server/src/index/readAndScan';
import { scanFile } from '../../server/src/index/scanFile';
import { LineMap } from '../../server/src/index/sourceText';
import { buildIndex } from '../../server/src/index/buildIndex';
import { hamlFile, jsFile, rubyFile, rubyForms, jsForms, type GeneratedFile } from '../fuzz/support/referenceGrammar';
import { params } from '../fuzz/support/fuzzConfig';

const PATHS = ['app/models/a.rb', 'app/views/a/show.html.haml', 'app/views/a/b.html.erb', 'app/assets/javascripts/a.js', 'app/assets/javascripts/a.ts', 'app/assets/javascripts/a.vue', 'config/feature_flags/wip/a_flag.yml'];
// Generous: the scanner's own budget plus room for a loaded 2-core machine; never a speed claim.
const BUDGET_MS = 300;
const SLACK_MS = 5000;

/** Snippets real files contain, so random mutations land near the scanners' interesting paths. */
const SEEDS = [
  'Feature.enabled?(:my_flag, project)\n',
  "stub_feature_flags(my_flag: false, 'other' => true)\n",
  'push_frontend_feature_flag(:my_flag, @project, type: :beta)\n',
  'data_consistency :delayed, feature_flag: :my_flag\n',
  "feature_flag: { name: 'my_flag', scope: :project }\n",
  'MY_FEATURE_FLAG = :my_flag\nFeature.enabled?(MY_FEATURE_FLAG)\n',
  'Feature.enabled?(:"run_#{klass}")\n',
  'const a = gon.features?.myFlag; glFeatures: { myFlag: true }; gon.features[name];\n',
  'window.gon = { features: { myFlag: true } };\n',
  '---\nname: a_flag\ntype: wip\ndefault_enabled: false\nmilestone: "17.9"\n',
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('nul' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('invalid-utf8' as const), at: fc.nat(), byte: fc.constantFrom(0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf4, 0xf8, 0xff) }),
  fc.record({ kind: fc.constant('crlf' as const) }),
  fc.record({ kind: fc.constant('bom' as const) }),
  fc.record({ kind: fc.constant('duplicate' as const), from: fc.nat(), length: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 3000 }), open: fc.constantFrom('(', '[', '{', '"', "'", '`', '#{') }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(buffer: Buffer, mutations: Mutation[]): Buffer {
  let out = buffer;
  for (const m of mutations) {
    const at = 'at' in m ? m.at % (out.length + 1) : 0;
    switch (m.kind) {
      case 'truncate':
        out = out.subarray(0, at);
        break;
      case 'insert':
        out = Buffer.concat([out.subarray(0, at), Buffer.from(m.bytes), out.subarray(at)]);
        break;
      case 'nul':
        out = Buffer.concat([out.subarray(0, at), Buffer.from([0]), out.subarray(at)]);
        break;
      case 'invalid-utf8':
        out = Buffer.concat([out.subarray(0, at), Buffer.from([m.byte]), out.subarray(at)]);
        break;
      case 'crlf':
        out = Buffer.from(out.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
        break;
      case 'bom':
        out = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), out]);
        break;
      case 'duplicate': {
        const from = m.from % (out.length + 1);
        out = Buffer.concat([out, out.subarray(from, from + m.length)]);
        break;
      }
      case 'nest':
        out = Buffer.concat([out.subarray(0, at), Buffer.from(m.open.repeat(m.depth)), out.subarray(at)]);
        break;
    }
  }
  return out;
}

/** Decodes as scanBuffer does, so reported ranges can be checked against the text. */
function decoded(buffer: Buffer): string {
  const text = new TextDecoder('utf-8').decode(buffer);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Every reported name sits at its range (a constant-resolved name sits on the constant). */
function assertRangesHoldNames(path: string, buffer: Buffer, result: ReturnType<typeof scanBuffer>): void {
  if (!result.scan || path.endsWith('.yml')) return;
  const text = decoded(buffer);
  const lines = new LineMap(text);
  for (const reference of result.scan.references) {
    const token = text.slice(lines.offset(reference.range.start), lines.offset(reference.range.end));
    assert.ok(token === reference.name || /^(?:::)?[A-Z]\w*(?:::[A-Z]\w*)*$/.test(token), `${path}: ${reference.name} reported on '${token}'`);
  }
}

function scanTimed(path: string, buffer: Buffer, budgetMs = BUDGET_MS): { result: ReturnType<typeof scanBuffer>; ms: number } {
  const started = performance.now();
  const result = scanBuffer(`/root/${path}`, path, buffer, budgetMs);
  return { result, ms: performance.now() - started };
}

function assertOutcome(path: string, buffer: Buffer, budgetMs = BUDGET_MS): ReturnType<typeof scanBuffer> {
  const { result, ms } = scanTimed(path, buffer, budgetMs);
  assert.ok(ms < budgetMs + SLACK_MS, `${path}: ${Math.round(ms)} ms is beyond the ${budgetMs} ms budget`);
  assert.ok(result.scan !== undefined || result.skipped !== undefined, `${path}: neither scanned nor skipped`);
  if (result.skipped) assert.ok(['binary', 'not-utf8', 'timeout'].includes(result.skipped), `${path}: unexpected skip ${result.skipped}`);
  assertRangesHoldNames(path, buffer, result);
  return result;
}

test('mutated reference files (truncated, NUL, invalid UTF-8, CRLF, BOM, nesting) never throw and report names where they are', () => {
  fc.assert(
    fc.property(fc.constantFrom(...PATHS), fc.array(fc.constantFrom(...SEEDS), { minLength: 1, maxLength: 6 }), fc.array(mutation, { maxLength: 6 }), (path, seeds, mutations) => {
      assertOutcome(path, mutate(Buffer.from(seeds.join('')), mutations));
    }),
    params(300),
  );
});

test('random bytes and random Unicode text in every file type never throw', () => {
  fc.assert(
    fc.property(fc.constantFrom(...PATHS), fc.oneof(fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)), fc.string({ unit: 'binary', maxLength: 2000 }).map((text) => Buffer.from(`Feature ${text}`))), (path, buffer) => {
      assertOutcome(path, buffer);
    }),
    params(300),
  );
});

test('scanFile on random text with reference fragments never throws', () => {
  const fragment = fc.constantFrom('Feature.enabled?(', 'stub_feature_flags ', 'feature_flag: ', ':', "'", '"', '(', ')', '{', '}', '#{', '\n', ' ', 'glFeatures', 'gon.features', '?.', '[', ']', '=', ',', 'X_FEATURE_FLAG', 'a_b', '=>', '#');
  fc.assert(
    fc.property(fc.constantFrom(...PATHS.filter((path) => !path.endsWith('.yml'))), fc.array(fragment, { maxLength: 200 }), (path, parts) => {
      const text = parts.join('');
      const scan = scanFile(`/root/${path}`, path, text);
      assertRangesHoldNames(path, Buffer.from(text), { scan });
    }),
    params(500),
  );
});

// Lines no real editor would keep, but generated or minified files contain. Each one is far
// beyond any budget when scanned without one, so the bounded scan must skip it as 'timeout'.
const HOSTILE_LINES: [string, string][] = [
  ['spec/a_spec.rb', 'stub_feature_flags a: 1, '],
  ['spec/b_spec.rb', 'have_pushed_frontend_feature_flags x: 1 '],
  ['app/c.rb', 'Feature.enabled? :x, '],
  ['app/d.rb', 'Feature.enabled?((((('],
  ['spec/e_spec.rb', 'stub_feature_flags({'],
  ['app/assets/javascripts/f.js', 'glFeatures: {'],
  ['app/assets/javascripts/g.js', 'glFeatures['],
];
const FIVE_MB = 5 * 1024 * 1024;

test('a 5 MB single line of hostile calls is skipped as timeout within the budget, for each shape', () => {
  for (const [path, unit] of HOSTILE_LINES) {
    const buffer = Buffer.from(unit.repeat(Math.floor(FIVE_MB / unit.length)));
    const result = assertOutcome(path, buffer);
    assert.deepEqual(result, { skipped: 'timeout', detail: `over ${BUDGET_MS} ms` }, path);
  }
});

test('a benign 5 MB single line is scanned whole under the default budget', () => {
  const line = `${'x = 1; '.repeat(Math.floor((FIVE_MB - 100) / 7))}Feature.enabled?(:at_the_end)\n`;
  const result = scanBuffer('/root/app/big.rb', 'app/big.rb', Buffer.from(line));
  assert.deepEqual(result.scan?.references.map((reference) => `${reference.name} ${reference.kind} ${reference.range.start.line}:${reference.range.start.character}`), [
    `at_the_end check 0:${line.indexOf('at_the_end')}`,
  ]);
});

test('a timed-out file is skipped and reported through readAndScan and buildIndex stats; the rest is indexed', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-fuzz-timeout-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('app/assets/javascripts/minified.js', 'glFeatures: {'.repeat(400_000));
  write('app/models/ok.rb', 'Feature.enabled?(:kept_flag)\n');
  assert.deepEqual(
    { ...readAndScan(root, 'app/assets/javascripts/minified.js', undefined, BUDGET_MS), mtimeMs: 0 },
    { relativePath: 'app/assets/javascripts/minified.js', size: 5_200_000, mtimeMs: 0, skipped: 'timeout', detail: `over ${BUDGET_MS} ms` },
  );
  const built = await buildIndex(root, { useCache: false, scanTimeoutMs: BUDGET_MS, workers: 0 });
  assert.deepEqual(built.stats.skipped, { binary: 0, 'too-large': 0, unreadable: 0, 'not-utf8': 0, symlink: 0, missing: 0, timeout: 1 });
  assert.deepEqual(built.stats.skippedFiles, [{ path: 'app/assets/javascripts/minified.js', reason: 'timeout', detail: `over ${BUDGET_MS} ms` }]);
  assert.deepEqual(built.index.references('kept_flag').map((found) => found.item.name), ['kept_flag']);
  rmSync(root, { recursive: true, force: true });
});

function expectExactly(file: GeneratedFile): void {
  const scan = scanFile(`/root/${file.path}`, file.path, file.text);
  const found = scan.references.map((r) => `${r.name} ${r.kind} ${r.range.start.line}:${r.range.start.character}-${r.range.end.line}:${r.range.end.character}`).sort();
  const planted = file.planted.map((p) => `${p.name} ${p.kind} ${p.line}:${p.character}-${p.line}:${p.character + p.name.length}`).sort();
  assert.deepEqual(found, planted, `${file.path}:\n${file.text}`);
  assert.deepEqual(scan.dynamic, [], file.path);
}

test('Ruby generated from the reference forms scans to exactly the planted references', () => {
  fc.assert(fc.property(rubyFile, expectExactly), params(300));
});

test('HAML generated from the reference forms scans to exactly the planted references', () => {
  fc.assert(fc.property(hamlFile, expectExactly), params(100));
});

test('JS, TS and Vue generated from the reference forms scan to exactly the planted references', () => {
  fc.assert(fc.property(jsFile, expectExactly), params(300));
});

test('the grammar covers every reference kind a scanner can report', () => {
  const kinds = new Set<string>();
  for (const form of [...rubyForms('a_b', 'c_d'), ...jsForms('a_b', 'c_d')]) for (const line of form) for (const part of line) if (typeof part !== 'string') kinds.add(part.kind);
  assert.deepEqual([...kinds].sort(), ['check', 'frontend', 'matcher', 'option', 'push', 'qa', 'route', 'stub', 'toggle']);
});
