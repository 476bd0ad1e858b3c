// The injection grammar, tokenized by the same TextMate engine and host grammars VS Code uses
// (vscode-textmate, vscode-oniguruma and the Ruby/JS/TS grammars shipped inside code-server).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const FLAG_SCOPE = 'variable.other.constant.feature-flag.gitlab';

type Tokenize = (scope: string, text: string) => string[];
let flagKeys: Tokenize;

before(async () => {
  const { ensureCodeServer, installDir } = await import('../../scripts/code-server.mjs');
  await ensureCodeServer();
  const vscodeDir = join(installDir, 'node_modules', 'code-server', 'lib', 'vscode');
  const textmate = require(join(vscodeDir, 'node_modules', 'vscode-textmate'));
  const oniguruma = require(join(vscodeDir, 'node_modules', 'vscode-oniguruma'));
  const wasm = readFileSync(join(vscodeDir, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));

  const grammarFiles: Record<string, string> = {
    'source.ruby': join(vscodeDir, 'extensions', 'ruby', 'syntaxes', 'ruby.tmLanguage.json'),
    'source.js': join(vscodeDir, 'extensions', 'javascript', 'syntaxes', 'JavaScript.tmLanguage.json'),
    'source.ts': join(vscodeDir, 'extensions', 'typescript-basics', 'syntaxes', 'TypeScript.tmLanguage.json'),
    'gitlab-flags.injection': join(ROOT, 'syntaxes', 'gitlab-flags.injection.tmLanguage.json'),
  };
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      const file = grammarFiles[scopeName];
      return file ? textmate.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    // package.json's injectTo, as VS Code applies it.
    getInjections: (scopeName: string) => {
      const injectTo: string[] = require(join(ROOT, 'package.json')).contributes.grammars[0].injectTo;
      return injectTo.includes(scopeName) ? ['gitlab-flags.injection'] : undefined;
    },
  });
  const grammars = new Map<string, { tokenizeLine: Function }>();
  for (const scope of ['source.ruby', 'source.js', 'source.ts']) grammars.set(scope, await registry.loadGrammar(scope));

  flagKeys = (scope, text) => {
    const keys: string[] = [];
    let stack = textmate.INITIAL;
    for (const line of text.split('\n')) {
      const result = grammars.get(scope)!.tokenizeLine(line, stack);
      for (const token of result.tokens as { startIndex: number; endIndex: number; scopes: string[] }[]) {
        if (token.scopes.includes(FLAG_SCOPE)) keys.push(line.slice(token.startIndex, token.endIndex));
      }
      stack = result.ruleStack;
    }
    return keys;
  };
});

describe('flag key highlighting', () => {
  it('marks the key of Feature checks, toggles, pushes and options in Ruby', () => {
    const ruby = [
      'return unless Feature.enabled?(:ci_realtime, project)',
      'x if ::Feature.disabled?("quoted_flag", group, type: :beta)',
      'Feature.enable_percentage_of_actors(:rollout_flag, 25)',
      'push_frontend_feature_flag(:pushed_flag, project)',
      'push_force_frontend_feature_flag(:forced_flag, true)',
      'data_consistency :sticky, feature_flag: :worker_flag',
      'constraints(::Constraints::FeatureConstrainer.new(:route_flag)) do',
      'self.limit_feature_flag = :limited_flag',
    ].join('\n');
    assert.deepEqual(flagKeys('source.ruby', ruby), [
      'ci_realtime',
      'quoted_flag',
      'rollout_flag',
      'pushed_flag',
      'forced_flag',
      'worker_flag',
      'route_flag',
      'limited_flag',
    ]);
  });

  it('marks every key of stub_feature_flags, also over several lines, but not nested symbols or values', () => {
    const ruby = [
      'stub_feature_flags(first_flag: false, second_flag: create(:project))',
      'stub_feature_flags(',
      '  third_flag: true,',
      '  fourth_flag: project',
      ')',
      'stub_feature_flags fifth_flag: false',
      'let(:not_a_flag) { 1 }',
    ].join('\n');
    assert.deepEqual(flagKeys('source.ruby', ruby), ['first_flag', 'second_flag', 'third_flag', 'fourth_flag', 'fifth_flag']);
  });

  it('leaves comments and unrelated symbols alone', () => {
    const ruby = ['# Feature.enabled?(:commented_flag)', 'foo(:plain_symbol)', 'Feature.enabled?(MY_FEATURE_FLAG, project)'].join('\n');
    assert.deepEqual(flagKeys('source.ruby', ruby), []);
  });

  it('marks the camelCase key of gon.features and glFeatures in JavaScript and TypeScript', () => {
    const js = [
      'const a = gon.features?.blameIgnoreRevs;',
      'const b = window.gon?.features?.codeSuggestionsContext === true;',
      'return this.glFeatures.ciPipelineCreationRequestsRealtime;',
      'provide: { glFeatures: { jestFlag: true, otherFlag: false } },',
      'const dynamic = gon.features?.[name];',
    ].join('\n');
    const expected = ['blameIgnoreRevs', 'codeSuggestionsContext', 'ciPipelineCreationRequestsRealtime', 'jestFlag', 'otherFlag'];
    assert.deepEqual(flagKeys('source.js', js), expected);
    assert.deepEqual(flagKeys('source.ts', js), expected);
  });
});
