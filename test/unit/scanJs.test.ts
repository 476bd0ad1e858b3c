import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanFile } from '../../server/src/index/scanFile';

function refs(path: string, text: string): string[] {
  return scanFile(`/root/${path}`, path, text).references.map((r) => `${r.name} ${r.kind} ${r.range.start.line}:${r.range.start.character}-${r.range.end.character}`);
}

test('gon.features reads in every spelling', () => {
  const text = ['gon.features.plainRead;', 'gon.features?.optionalRead;', 'window.gon?.features?.windowRead;', "gon.features['bracketRead'];"].join('\n');
  assert.deepEqual(refs('app/assets/javascripts/a.js', text), [
    'plainRead frontend 0:13-22',
    'optionalRead frontend 1:14-26',
    'windowRead frontend 2:22-32',
    'bracketRead frontend 3:14-25',
  ]);
});

test('glFeatures in a Vue script and template', () => {
  const text = ['<script>', 'export default { computed: { a() { return this.glFeatures.scriptFlag; } } };', '</script>', '<template><div v-if="glFeatures.templateFlag" /></template>'].join('\n');
  assert.deepEqual(refs('app/assets/javascripts/a.vue', text), ['scriptFlag frontend 1:58-68', 'templateFlag frontend 3:32-44']);
});

test('Jest provide glFeatures and gon.features assignments are stubs', () => {
  const text = [
    'createComponent({ provide: { glFeatures: { firstFlag: true, secondFlag: false } } });',
    'gon.features = { assignedFlag: true };',
    'window.gon = { features: { nestedFlag: true } };',
  ].join('\n');
  assert.deepEqual(refs('spec/frontend/a_spec.js', text), [
    'firstFlag stub 0:43-52',
    'secondFlag stub 0:60-70',
    'assignedFlag stub 1:17-29',
    'nestedFlag stub 2:27-37',
  ]);
});

test('computed lookups are dynamic', () => {
  const scan = scanFile('/root/a.js', 'a.js', 'const on = gon.features?.[name];\n');
  assert.deepEqual(scan.references, []);
  assert.deepEqual(
    scan.dynamic.map((d) => d.expression),
    ['name'],
  );
});
