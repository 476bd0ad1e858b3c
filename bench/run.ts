// `npm run bench`: generates (or reuses) a GitLab-shaped tree, then measures cold index, warm
// starts, LSP latencies, didChange-to-diagnostics and peak memory, with ripgrep on the same tree
// in the same run as the reference bar. Writes bench/results/latest.{json,md}.
//
//   npm run bench -- [--quick] [--flags N] [--files N] [--seed S] [--runs N] [--tree DIR] [--keep] [--accuracy]

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { ArgsError, parseArgs, runMain } from './args';
import { runRefs, formatAccuracy } from './accuracy';
import { compareReferences, normalizePaths } from './accuracy/compare';
import { DEFAULTS, defaultTreeDir, generateTree, manifestPathFor } from './generate';
import type { Manifest } from './generator/manifest';
import { Random } from './generator/random';
import { checkBudgets, type BudgetCheck, type Figures } from './harness/budgets';
import { deriveManifest } from './harness/derivedManifest';
import { editFiles, listTextFiles } from './harness/edits';
import { REQUEST_METHODS, runLspPhase, type LspPhaseResult } from './harness/lspPhase';
import { timeCommand } from './harness/processes';
import { median } from './harness/stats';
import { markdownTable, textTable } from './harness/table';

const REPO_ROOT = resolve(__dirname, '..');
const CLI = join(REPO_ROOT, 'dist/cli.js');
const SERVER = join(REPO_ROOT, 'dist/server.js');
const RESULTS = join(REPO_ROOT, 'bench/results');
const QUICK = { flags: 300, files: 6000 };

const OPTIONS = {
  flags: 'number',
  files: 'number',
  seed: 'number',
  runs: 'number',
  tree: 'string',
  keep: 'boolean',
  quick: 'boolean',
  accuracy: 'boolean',
  requests: 'number',
} as const;

function requireRipgrep(): string {
  try {
    return execFileSync('rg', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    throw new Error('ripgrep (rg) is needed as the reference bar and was not found; install it with: apt-get install -y ripgrep');
  }
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function commitOf(dir: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: dir, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return 'unknown';
  }
}

interface RunFigures {
  rgNamesMs: number;
  rgFloorMs: number;
  coldMs: number;
  warmMs: number;
  warmEditedMs: number;
  lsp: LspPhaseResult;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), OPTIONS);
  const rgVersion = requireRipgrep();
  for (const file of [CLI, SERVER]) if (!existsSync(file)) throw new ArgsError(`${file} is missing; run 'npm run build' first`);
  const runs = Math.max(1, args.runs ?? 3);
  const seed = args.seed ?? DEFAULTS.seed;
  const size = args.quick ? QUICK : DEFAULTS;
  const flags = args.flags ?? size.flags;
  const files = args.files ?? size.files;

  const work = mkdtempSync(join(tmpdir(), 'gitlab-flags-bench-run-'));
  let tree: string;
  let setup: { generateMs: number; gitMs: number } | undefined;
  if (args.tree) {
    tree = resolve(args.tree);
    if (!existsSync(tree)) throw new ArgsError(`--tree ${tree}: no such directory`);
    if (!existsSync(manifestPathFor(tree)) && args.accuracy) throw new ArgsError(`--accuracy needs the generator's manifest beside the tree (${manifestPathFor(tree)})`);
  } else {
    tree = defaultTreeDir(flags, files, seed);
    log(`generating ${flags} flags, ${files} files into ${tree} ...`);
    const generated = generateTree({ out: tree, flags, files, seed, git: true });
    setup = { generateMs: generated.generateMs, gitMs: generated.gitMs };
    log(`generated in ${(setup.generateMs / 1000).toFixed(1)} s, git setup ${(setup.gitMs / 1000).toFixed(1)} s (not measured)`);
  }
  let manifest: Manifest;
  if (existsSync(manifestPathFor(tree))) {
    manifest = JSON.parse(readFileSync(manifestPathFor(tree), 'utf8')) as Manifest;
  } else {
    // A tree the generator did not write (a held-out tree, a real checkout): names from its
    // definitions, request positions from our own `refs` (see harness/derivedManifest.ts).
    log(`no manifest beside ${tree}: flag names from its definitions, request positions from 'refs' ...`);
    manifest = await deriveManifest(tree);
    log(`derived ${manifest.flagCount} flags, ${manifest.references.length} references, ${manifest.fileCount} files`);
  }

  try {
    const namesFile = join(work, 'names.txt');
    writeFileSync(namesFile, manifest.flags.flatMap((f) => [f.name, f.camel]).join('\n') + '\n');
    const rgNames = () => timeCommand('rg', ['-c', '-w', '-F', '-f', namesFile, tree], { okCodes: [0, 1] });
    const rgFloor = () => timeCommand('rg', ['-j1', '-c', '-F', 'eature', tree], { okCodes: [0, 1] });
    const scan = (...extra: string[]) => timeCommand(process.execPath, [CLI, 'scan', '--root', tree, ...extra], { keepStdout: true });
    const editable = listTextFiles(tree);
    const editCount = Math.max(1, Math.round(manifest.fileCount / 100));
    const editRng = new Random(seed + 99);

    log('warming the page cache ...');
    await rgFloor();
    const warmup = await scan('--no-cache', '--json');
    const scanSummary = JSON.parse(warmup.stdout) as Record<string, unknown>;
    log(`scan sees ${scanSummary.files} files, ${scanSummary.flags} flags, ${scanSummary.references} references`);

    const perRun: RunFigures[] = [];
    for (let round = 1; round <= runs; round++) {
      log(`run ${round}/${runs}: ripgrep and index ...`);
      const rgNamesMs = (await rgNames()).ms;
      const rgFloorMs = (await rgFloor()).ms;
      const coldMs = (await scan('--no-cache')).ms;
      const cacheDir = join(work, `cache-${round}`);
      await scan('--cache-dir', cacheDir);
      const warmMs = (await scan('--cache-dir', cacheDir)).ms;
      editFiles(tree, editable, editCount, editRng, round);
      const warmEditedMs = (await scan('--cache-dir', cacheDir)).ms;
      log(`run ${round}/${runs}: language server ...`);
      const lsp = await runLspPhase({
        serverJs: SERVER,
        tree,
        storagePath: join(work, `storage-${round}`),
        manifest,
        requests: args.requests ?? 200,
        seed,
        round,
      });
      perRun.push({ rgNamesMs, rgFloorMs, coldMs, warmMs, warmEditedMs, lsp });
      log(
        `  rg-names ${rgNamesMs.toFixed(0)} ms, rg-floor ${rgFloorMs.toFixed(0)} ms, cold ${coldMs.toFixed(0)} ms, warm ${warmMs.toFixed(0)} ms, warm 1% ${warmEditedMs.toFixed(0)} ms, server ready ${lsp.readyMs.toFixed(0)} ms (warm ${lsp.warmReadyMs.toFixed(0)} ms)`,
      );
      if (lsp.didChange.error) log(`  didChange: ${lsp.didChange.error}`);
    }

    const med = (pick: (r: RunFigures) => number) => median(perRun.map(pick));
    const figures: Figures = {
      rgNamesMs: med((r) => r.rgNamesMs),
      rgFloorMs: med((r) => r.rgFloorMs),
      coldMs: med((r) => r.coldMs),
      warmMs: med((r) => r.warmMs),
      warmEditedMs: med((r) => r.warmEditedMs),
      hoverP95Ms: med((r) => r.lsp.latency.hover.p95),
      definitionP95Ms: med((r) => r.lsp.latency.definition.p95),
      referencesP95Ms: med((r) => r.lsp.latency.references.p95),
      didChangeMs: med((r) => r.lsp.didChange.median),
      peakRssBytes: med((r) => r.lsp.peakRssBytes),
    };
    const budgets = checkBudgets(figures);

    let accuracy: string | undefined;
    let accuracySummary: Record<string, number> | undefined;
    if (args.accuracy) {
      log('accuracy: running refs ...');
      const report = compareReferences(manifest, normalizePaths(await runRefs(tree), tree));
      accuracy = formatAccuracy(report, tree, 3);
      accuracySummary = {
        expected: report.expected,
        reported: report.reported,
        recall: report.recall,
        precision: report.precision,
        wrongFlag: report.wrongFlag.length,
        wrongKind: report.wrongKind.length,
        unexpected: report.unexpected.length,
      };
    }

    const result = {
      date: new Date().toISOString(),
      commit: commitOf(REPO_ROOT),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, ripgrep: rgVersion },
      tree: { path: tree, seed: manifest.seed, derived: manifest.seed === 0 && manifest.references.every((r) => r.form === 'derived'), files: manifest.fileCount, megabytes: +(manifest.bytes / 1e6).toFixed(1), flags: manifest.flagCount, references: manifest.references.length, editedPerRun: editCount },
      setup,
      scan: scanSummary,
      runs,
      figures,
      lsp: {
        readyMs: med((r) => r.lsp.readyMs),
        warmReadyMs: med((r) => r.lsp.warmReadyMs),
        latency: Object.fromEntries(REQUEST_METHODS.map((m) => [m, { p50: med((r) => r.lsp.latency[m].p50), p95: med((r) => r.lsp.latency[m].p95) }])),
        didChange: { median: figures.didChangeMs, p95: med((r) => r.lsp.didChange.p95), file: perRun[0].lsp.didChange.file, error: perRun.find((r) => r.lsp.didChange.error)?.lsp.didChange.error },
        requestsPerMethod: args.requests ?? 200,
      },
      perRun: perRun.map((r) => ({ ...r, lsp: { ...r.lsp } })),
      budgets,
      accuracy: accuracySummary,
    };
    const markdown = renderMarkdown(result, budgets, accuracy);
    process.stdout.write(renderText(result, budgets) + (accuracy ? `\nAccuracy of 'refs' against the manifest:\n${accuracy}` : ''));
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(RESULTS, 'latest.md'), markdown);
    log(`wrote ${join(RESULTS, 'latest.json')} and latest.md`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (!args.tree && !args.keep) {
      rmSync(tree, { recursive: true, force: true });
      rmSync(manifestPathFor(tree), { force: true });
    } else {
      log(`kept ${tree} (its files were edited by the warm-start runs)`);
    }
  }
}

type Result = {
  date: string;
  commit: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; ripgrep: string };
  tree: { files: number; megabytes: number; flags: number; references: number; editedPerRun: number; derived: boolean };
  setup?: { generateMs: number; gitMs: number };
  runs: number;
  figures: Figures;
  lsp: { readyMs: number; warmReadyMs: number; latency: Record<string, { p50: number; p95: number }>; didChange: { median: number; p95: number; file?: string; error?: string } };
};

const fmt = (n: number) => (Number.isNaN(n) ? 'n/a' : n < 100 ? n.toFixed(1) : n.toFixed(0));

function figureRows(r: Result): string[][] {
  const f = r.figures;
  const rows: string[][] = [
    ['rg-names (rg -c -w -F -f names)', `${fmt(f.rgNamesMs)} ms`, ''],
    ['rg-floor (rg -j1 -c -F eature)', `${fmt(f.rgFloorMs)} ms`, ''],
    ['cold index (scan --no-cache)', `${fmt(f.coldMs)} ms`, `${(f.coldMs / f.rgNamesMs).toFixed(2)}× rg-names, ${(f.coldMs / f.rgFloorMs).toFixed(2)}× rg-floor`],
    ['warm start, nothing changed', `${fmt(f.warmMs)} ms`, `${(f.warmMs / f.rgNamesMs).toFixed(2)}× rg-names, ${(f.warmMs / f.rgFloorMs).toFixed(2)}× rg-floor`],
    [`warm start, 1% changed (${r.tree.editedPerRun} files)`, `${fmt(f.warmEditedMs)} ms`, `${(f.warmEditedMs / f.rgNamesMs).toFixed(2)}× rg-names, ${(f.warmEditedMs / f.rgFloorMs).toFixed(2)}× rg-floor`],
    ['server start to index ready (cold)', `${fmt(r.lsp.readyMs)} ms`, 'informative'],
    ['server start to index ready (warm, nothing changed)', `${fmt(r.lsp.warmReadyMs)} ms`, `informative; ${(r.lsp.warmReadyMs / f.rgNamesMs).toFixed(2)}× rg-names`],
  ];
  for (const [method, l] of Object.entries(r.lsp.latency)) rows.push([`${method} p50 / p95`, `${fmt(l.p50)} / ${fmt(l.p95)} ms`, '']);
  rows.push(
    ['didChange → diagnostics median / p95', r.lsp.didChange.error ? 'failed' : `${fmt(r.lsp.didChange.median)} / ${fmt(r.lsp.didChange.p95)} ms`, r.lsp.didChange.error ?? r.lsp.didChange.file ?? ''],
    ['peak RSS of the server (VmHWM)', `${fmt(f.peakRssBytes / 2 ** 20)} MiB`, ''],
  );
  return rows;
}

function header(r: Result): string[] {
  return [
    `${r.date} · commit ${r.commit} · ${r.machine.cpus} × ${r.machine.cpuModel} · ${r.machine.memoryGiB} GiB · node ${r.machine.node} · ${r.machine.ripgrep}`,
    `tree: ${r.tree.files} files, ${r.tree.megabytes} MB, ${r.tree.flags} flags, ${r.tree.references} ${r.tree.derived ? 'references found by refs (no manifest)' : 'planted references'}; medians of ${r.runs} runs` +
      (r.setup ? `; generated in ${(r.setup.generateMs / 1000).toFixed(1)} s + git ${(r.setup.gitMs / 1000).toFixed(1)} s (not measured)` : ''),
  ];
}

/** The budgets are set for a GitLab-sized tree; on a small one fixed costs (Node, workers) dominate. */
function budgetScope(r: Result): string[] {
  if (r.tree.files >= DEFAULTS.files * 0.9) return [];
  return [`Note: the budgets are set for a GitLab-sized tree (the default ${DEFAULTS.files} files); on this ${r.tree.files}-file tree start-up costs dominate the ratios.`];
}

function renderText(r: Result, budgets: BudgetCheck[]): string {
  return [
    ...header(r),
    '',
    textTable(['figure', 'value', 'relative'], figureRows(r)),
    '',
    textTable(['budget', 'value', 'limit', 'result'], budgets.map((b) => [b.name, b.value, b.limit, b.pass ? 'pass' : 'MISS'])),
    ...budgetScope(r),
    '',
  ].join('\n');
}

function renderMarkdown(r: Result, budgets: BudgetCheck[], accuracy: string | undefined): string {
  return [
    '# Latest benchmark result',
    '',
    'Written by `npm run bench`; see docs/performance.md for the method.',
    '',
    ...header(r).map((line) => `${line}  `),
    '',
    markdownTable(['figure', 'value', 'relative'], figureRows(r)),
    '',
    markdownTable(['budget', 'value', 'limit', 'result'], budgets.map((b) => [b.name, b.value, b.limit, b.pass ? 'pass' : '**miss**'])),
    ...budgetScope(r).flatMap((line) => ['', line]),
    '',
    ...(accuracy ? ["## Accuracy of `refs` against the manifest", '', '```', accuracy.trimEnd(), '```', ''] : []),
  ].join('\n');
}

if (require.main === module) runMain('bench', main);
