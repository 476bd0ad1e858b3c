// Accuracy of `gitlab-flags refs` on a generated tree, scored against the generator's manifest.
//
//   node --import tsx bench/accuracy.ts [--tree DIR] [--manifest FILE] [--refs FILE] [--show N] [--json]
//
// Without --tree it uses (and generates if needed) the default bench tree. --refs reads a saved
// `refs --json` output instead of running the CLI.

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ArgsError, parseArgs, runMain } from './args';
import { compareReferences, normalizePaths, type AccuracyReport, type ReportedReference } from './accuracy/compare';
import { DEFAULTS, defaultTreeDir, generateTree, manifestPathFor } from './generate';
import type { Manifest } from './generator/manifest';
import { textTable } from './harness/table';

const REPO_ROOT = resolve(__dirname, '..');
const CLI = join(REPO_ROOT, 'dist/cli.js');

export async function runRefs(tree: string): Promise<ReportedReference[]> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing; run 'npm run build' first`);
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, [CLI, 'refs', '--root', tree, '--json'], { maxBuffer: 1 << 30 }));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n')[0];
    throw new Error(`'gitlab-flags refs --root ${tree} --json' failed: ${stderr || (error as Error).message}`);
  }
  const parsed: unknown = JSON.parse(stdout);
  if (!Array.isArray(parsed)) throw new Error("'refs --json' did not print a JSON array");
  return parsed as ReportedReference[];
}

const pct = (n: number) => `${(n * 100).toFixed(2)}%`;

function sourceLine(tree: string, path: string, line: number): string {
  try {
    return (readFileSync(join(tree, path), 'utf8').split('\n')[line] ?? '').trim().slice(0, 110);
  } catch {
    return '(unreadable)';
  }
}

export function formatAccuracy(report: AccuracyReport, tree: string, show: number): string {
  const out: string[] = [];
  out.push(
    textTable(
      ['measure', 'value'],
      [
        ['expected references', String(report.expected)],
        ['reported references', String(report.reported)],
        ['found (right flag, on the name)', String(report.found)],
        ['  with exact range', String(report.exact)],
        ['recall', pct(report.recall)],
        ['precision', pct(report.precision)],
        ['wrong-flag attributions', String(report.wrongFlag.length)],
        ['kind mismatches', String(report.wrongKind.length)],
        ['range not exact', String(report.positionOff.length)],
        ['reported on dynamic names', String(report.onDynamic.length)],
        ['reported on optional uses (not scored)', String(report.onOptional)],
        ['unexpected (false positives)', String(report.unexpected.length)],
      ],
    ),
    '',
    textTable(
      ['form', 'expected', 'found', 'missed', 'wrong flag', 'wrong kind', 'recall'],
      report.forms.map((f) => [
        f.form,
        String(f.expected),
        String(f.found),
        String(f.missed.length),
        String(f.wrongFlag),
        String(f.wrongKind),
        pct(f.expected === 0 ? 1 : f.found / f.expected),
      ]),
    ),
  );
  const missedForms = report.forms.filter((f) => f.missed.length > 0);
  if (missedForms.length > 0) {
    out.push('', `First misses per form (up to ${show}):`);
    for (const f of missedForms) {
      out.push(`  ${f.form}:`);
      for (const m of f.missed.slice(0, show)) out.push(`    ${m.path}:${m.line + 1}:${m.character + 1} ${m.flag}  | ${sourceLine(tree, m.path, m.line)}`);
    }
  }
  const listMismatches = (title: string, items: { expected: { path: string; line: number; flag: string; kind: string; character: number; endCharacter: number }; reported: ReportedReference }[]) => {
    if (items.length === 0) return;
    out.push('', `${title} (first ${Math.min(show * 3, items.length)} of ${items.length}):`);
    for (const { expected: e, reported: r } of items.slice(0, show * 3)) {
      out.push(
        `  ${e.path}:${e.line + 1} expected ${e.flag} ${e.kind} [${e.character},${e.endCharacter}) got ${r.flag} ${r.kind} [${r.character},${r.endCharacter})  | ${sourceLine(tree, e.path, e.line)}`,
      );
    }
  };
  listMismatches('Wrong flag', report.wrongFlag);
  const kindPairs = new Map<string, number>();
  for (const m of report.wrongKind) {
    const key = `${m.expected.form}: expected ${m.expected.kind}, got ${m.reported.kind}`;
    kindPairs.set(key, (kindPairs.get(key) ?? 0) + 1);
  }
  if (kindPairs.size > 0) {
    out.push('', 'Kind mismatches:');
    for (const [key, n] of [...kindPairs].sort((a, b) => b[1] - a[1])) out.push(`  ${n} × ${key}`);
  }
  listMismatches('Range not exact', report.positionOff);
  const listReported = (title: string, items: ReportedReference[]) => {
    if (items.length === 0) return;
    out.push('', `${title} (first ${Math.min(show * 3, items.length)} of ${items.length}):`);
    for (const r of items.slice(0, show * 3)) out.push(`  ${r.path}:${r.line + 1}:${r.character + 1} ${r.flag} ${r.kind}  | ${sourceLine(tree, r.path, r.line)}`);
  };
  listReported('Unexpected references', report.unexpected);
  listReported('Reported on dynamic names', report.onDynamic);
  return out.join('\n') + '\n';
}

const OPTIONS = { tree: 'string', manifest: 'string', refs: 'string', show: 'number', json: 'boolean' } as const;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), OPTIONS);
  let tree = args.tree ? resolve(args.tree) : defaultTreeDir(DEFAULTS.flags, DEFAULTS.files, DEFAULTS.seed);
  if (!args.tree && !existsSync(manifestPathFor(tree))) {
    process.stderr.write(`generating ${tree} ...\n`);
    generateTree({ out: tree, ...DEFAULTS, git: true });
  }
  tree = resolve(tree);
  const manifestPath = args.manifest ?? manifestPathFor(tree);
  if (!existsSync(manifestPath)) throw new ArgsError(`no manifest at ${manifestPath}; pass --manifest FILE`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const raw = args.refs ? (JSON.parse(readFileSync(args.refs, 'utf8')) as ReportedReference[]) : await runRefs(tree);
  const report = compareReferences(manifest, normalizePaths(raw, tree));
  if (args.json) {
    const { forms, missed, unexpected, ...totals } = report;
    process.stdout.write(
      JSON.stringify({ ...totals, forms: forms.map((f) => ({ ...f, missed: f.missed.length })), missed: missed.length, unexpected: unexpected.length }, null, 1) + '\n',
    );
  } else {
    process.stdout.write(formatAccuracy(report, tree, args.show ?? 3));
  }
  return 0;
}

if (require.main === module) runMain('accuracy', main);
