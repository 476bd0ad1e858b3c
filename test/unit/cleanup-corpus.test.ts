// Every case of test/fixtures/cleanup is rewritten in both directions and compared with its
// expected output, byte for byte, including the manual-review list.

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeModulesWasmDir, planCleanup } from '../../server/src/cleanup/index';
import { CORPUS, PROJECT, corpusCases, runCase } from '../fixtures/cleanup/corpus';

describe('cleanup corpus', () => {
  for (const testCase of corpusCases()) {
    for (const keep of ['enabled', 'disabled'] as const) {
      it(`${testCase.name}: keeping ${keep} produces after-${keep}${testCase.diskExtension} and its manual list`, async () => {
        const { output, after } = await runCase(testCase, keep);
        const expected = readFileSync(join(CORPUS, testCase.name, `after-${keep}${testCase.diskExtension}`), 'utf8');
        assert.equal(after, expected);
        assert.deepEqual(output.refused, []);
        const manualFile = join(CORPUS, testCase.name, `manual-${keep}.txt`);
        const expectedManual = existsSync(manualFile) ? readFileSync(manualFile, 'utf8').trimEnd().split('\n') : [];
        assert.deepEqual(
          output.manual.map((item) => `${item.line + 1}:${item.character + 1} ${item.reason}`),
          expectedManual,
        );
      });
    }
  }

  it('every case rewrites to a fixpoint: cleaning the output again changes nothing', async () => {
    for (const testCase of corpusCases()) {
      for (const keep of ['enabled', 'disabled'] as const) {
        const { after } = await runCase(testCase, keep);
        const again = await planCleanup({
          flag: 'my_flag', keep, files: [{ path: `x/again${testCase.extension}`, text: after }], definitionFiles: [], wasmDir: nodeModulesWasmDir(PROJECT),
        });
        assert.deepEqual(again.changes, [], `${testCase.name} (${keep}) changed on a second run`);
      }
    }
  });
});
