// Cleanup rewrites on generated Ruby and JS: flag checks inside if/unless/elsif/ternary/&&/||/!
// and guard clauses. Whenever the input parses, the output parses too, and no reference to the
// flag survives anywhere except where the plan says a human must look (manual) or in a file it
// refused to touch (refused).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { nodeModulesWasmDir, planCleanup, type CleanupOutput } from '../../server/src/cleanup/index';
import { treeSitterErrors } from '../../server/src/cleanup/guards';
import { loadParsers, type GrammarName, type Parsers } from '../../server/src/cleanup/parsers';
import { scanFile } from '../../server/src/index/scanFile';
import { camelize, flagKey } from '../../server/src/flags/naming';
import { flagName } from '../fuzz/support/referenceGrammar';
import { params } from '../fuzz/support/fuzzConfig';

const WASM = nodeModulesWasmDir(join(__dirname, '..', '..'));

type Expr = { kind: 'flag'; form: number; negated: boolean } | { kind: 'other'; form: number } | { kind: 'and' | 'or'; left: Expr; right: Expr } | { kind: 'paren'; inner: Expr };

const expr: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small' },
    fc.record({ kind: fc.constant('flag' as const), form: fc.nat({ max: 5 }), negated: fc.boolean() }),
    fc.record({ kind: fc.constant('other' as const), form: fc.nat({ max: 3 }) }),
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('expr'), right: tie('expr') }),
    fc.record({ kind: fc.constant('paren' as const), inner: tie('expr') }),
  ),
})).expr;

const statement = fc.record({ shape: fc.nat({ max: 6 }), condition: expr });
const program = fc.record({ flag: flagName, other: flagName, keep: fc.constantFrom('enabled' as const, 'disabled' as const), statements: fc.array(statement, { minLength: 1, maxLength: 5 }) });

function rubyExpr(e: Expr, flag: string, other: string): string {
  switch (e.kind) {
    case 'flag': {
      const forms = [`Feature.enabled?(:${flag}, project)`, `Feature.disabled?(:${flag})`, `::Feature.enabled?('${flag}', user)`, `Feature.enabled?(:${flag}, type: :beta)`, `Feature.disabled?(:${flag}, group)`, `Feature.enabled?(:${flag})`];
      return `${e.negated ? '!' : ''}${forms[e.form]}`;
    }
    case 'other':
      return [`project.archived?`, `count > 1`, `Feature.enabled?(:${other})`, `user.admin?`][e.form];
    case 'and':
    case 'or':
      return `${rubyExpr(e.left, flag, other)} ${e.kind === 'and' ? '&&' : '||'} ${rubyExpr(e.right, flag, other)}`;
    case 'paren':
      return `(${rubyExpr(e.inner, flag, other)})`;
  }
}

function jsExpr(e: Expr, flag: string, other: string): string {
  const camel = camelize(flag);
  switch (e.kind) {
    case 'flag': {
      const forms = [`gon.features.${camel}`, `this.glFeatures.${camel}`, `gon.features?.${camel}`, `window.gon?.features?.${camel}`, `gon.features['${camel}']`, `gon.features.${camel}`];
      return `${e.negated ? '!' : ''}${forms[e.form]}`;
    }
    case 'other':
      return [`isArchived()`, `count > 1`, `gon.features.${camelize(other)}`, `this.user.admin`][e.form];
    case 'and':
    case 'or':
      return `${jsExpr(e.left, flag, other)} ${e.kind === 'and' ? '&&' : '||'} ${jsExpr(e.right, flag, other)}`;
    case 'paren':
      return `(${jsExpr(e.inner, flag, other)})`;
  }
}

function rubyStatement(shape: number, condition: string, index: number): string[] {
  switch (shape) {
    case 0:
      return [`if ${condition}`, `  first_${index}`, 'else', `  second_${index}`, 'end'];
    case 1:
      return [`unless ${condition}`, `  first_${index}`, 'end'];
    case 2:
      return [`value_${index} = ${condition} ? :on : :off`];
    case 3:
      return [`notify_${index} if ${condition}`];
    case 4:
      return [`return unless ${condition}`];
    case 5:
      return ['if ready?', `  first_${index}`, `elsif ${condition}`, `  second_${index}`, 'end'];
    default:
      return [`ok_${index} = ${condition}`, `use(ok_${index})`];
  }
}

function jsStatement(shape: number, condition: string, index: number): string[] {
  switch (shape) {
    case 0:
      return [`if (${condition}) {`, `  first${index}();`, '} else {', `  second${index}();`, '}'];
    case 1:
      return [`if (!(${condition})) {`, `  first${index}();`, '}'];
    case 2:
      return [`const value${index} = ${condition} ? 'on' : 'off';`];
    case 3:
      return [`if (${condition}) return;`];
    case 4:
      return [`const ok${index} = ${condition};`, `use(ok${index});`];
    case 5:
      return ['if (ready()) {', `  first${index}();`, `} else if (${condition}) {`, `  second${index}();`, '}'];
    default:
      return [`return ${condition};`];
  }
}

type Program = typeof program extends fc.Arbitrary<infer T> ? T : never;

function rubySource(p: Program): string {
  const body = p.statements.flatMap((s, i) => rubyStatement(s.shape, rubyExpr(s.condition, p.flag, p.other), i)).map((line) => `    ${line}`);
  return ['class Widget', '  def call', ...body, '    done', '  end', 'end', ''].join('\n');
}

function jsSource(p: Program): string {
  const body = p.statements.flatMap((s, i) => jsStatement(s.shape, jsExpr(s.condition, p.flag, p.other), i)).map((line) => `  ${line}`);
  return ['export default {', '  run() {', ...body.map((line) => `  ${line}`), '    return done();', '  },', '};', ''].join('\n');
}

let parsers: Parsers;
const tally = { runs: 0, changed: 0, refused: 0, manual: 0 };

async function checkCleanup(path: string, grammar: GrammarName, text: string, p: Program): Promise<void> {
  parsers ??= await loadParsers(WASM);
  // The property only speaks about inputs that parse; the generator is meant to produce only those.
  assert.equal(treeSitterErrors(parsers, grammar, text), 0, `generated input does not parse:\n${text}`);
  const output: CleanupOutput = await planCleanup({ flag: p.flag, keep: p.keep, files: [{ path, text }], definitionFiles: [], wasmDir: WASM });
  tally.runs++;
  const refused = output.refused.some((item) => item.path === path);
  if (refused) {
    tally.refused++;
    assert.deepEqual(output.changes, [], 'a refused file must not be changed');
    return;
  }
  const after = output.changes.find((change) => change.path === path)?.after ?? text;
  if (after !== text) tally.changed++;
  tally.manual += output.manual.length;
  assert.equal(treeSitterErrors(parsers, grammar, after), 0, `output does not parse (keep ${p.keep}):\n--- before\n${text}\n--- after\n${after}`);
  const manualLines = new Set(output.manual.filter((item) => item.path === path).map((item) => item.line));
  const left = scanFile(path, path.replace(/^\//, ''), after).references.filter((reference) => flagKey(reference.name) === flagKey(p.flag));
  for (const reference of left) {
    assert.ok(manualLines.has(reference.range.start.line), `reference left at ${reference.range.start.line}:${reference.range.start.character} and not reported (keep ${p.keep}):\n--- before\n${text}\n--- after\n${after}`);
  }
}

test('Ruby cleanup: output parses and no unreported reference to the flag remains', async () => {
  await fc.assert(fc.asyncProperty(program, (p) => checkCleanup('/root/app/models/widget.rb', 'ruby', rubySource(p), p)), params(60, 0.2));
});

test('JS cleanup: output parses and no unreported reference to the flag remains', async () => {
  await fc.assert(fc.asyncProperty(program, (p) => checkCleanup('/root/app/assets/javascripts/widget.js', 'javascript', jsSource(p), p)), params(60, 0.2));
  if (process.env.FUZZ_REPORT) process.stderr.write(`cleanup fuzz: ${JSON.stringify(tally)}\n`);
});
