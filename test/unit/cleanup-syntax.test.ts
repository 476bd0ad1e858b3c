// The rewritten corpus must still be valid code for the real tools: `ruby -c` for Ruby,
// `node --check` for JavaScript (including the script of Vue files), and Vue's own compiler
// (@vue/compiler-sfc: parse, template and script) for Vue files.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { compileScript, compileTemplate, parse } from '@vue/compiler-sfc';
import { corpusCases, runCase } from '../fixtures/cleanup/corpus';
import { hasRuby } from '../helpers/tools';


const scratch = mkdtempSync(join(tmpdir(), 'cleanup-syntax-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function check(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    assert.fail(stderr);
  }
}

const RUBY_SKIP = hasRuby() ? false : 'ruby is not installed (apt-get install -y ruby); Ruby syntax not checked';

describe('rewritten corpus passes the real syntax checkers', () => {
  for (const testCase of corpusCases()) {
    for (const keep of ['enabled', 'disabled'] as const) {
      const label = `${testCase.name} keeping ${keep}`;
      if (testCase.extension.endsWith('.rb')) {
        it(`${label}: ruby -c accepts the output`, { skip: RUBY_SKIP }, async () => {
          const file = join(scratch, `${testCase.name}-${keep}.rb`);
          writeFileSync(file, (await runCase(testCase, keep)).after);
          check('ruby', ['-c', file]);
        });
      }
      if (testCase.extension.endsWith('.js') || testCase.extension === '.vue') {
        it(`${label}: node --check accepts the ${testCase.extension === '.vue' ? 'script block' : 'output'}`, async () => {
          let text = (await runCase(testCase, keep)).after;
          if (testCase.extension === '.vue') text = /<script[^>]*>([\s\S]*?)<\/script>/.exec(text)?.[1] ?? '';
          const file = join(scratch, `${testCase.name}-${keep}.mjs`);
          writeFileSync(file, text);
          check(process.execPath, ['--check', file]);
        });
      }
      if (testCase.extension === '.vue') {
        it(`${label}: the Vue compiler accepts the component`, async () => {
          const text = (await runCase(testCase, keep)).after;
          const filename = `${testCase.name}-${keep}.vue`;
          const { descriptor, errors } = parse(text, { filename });
          assert.deepEqual(errors.map(String), []);
          assert.ok(descriptor.template, 'the component still has a template');
          const template = compileTemplate({ source: descriptor.template.content, filename, id: filename });
          assert.deepEqual(template.errors.map(String), []);
          assert.doesNotThrow(() => compileScript(descriptor, { id: filename }));
        });
      }
    }
  }
});
