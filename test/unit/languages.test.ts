// Which listed files the index reads is decided from the path alone, for all 60,000 files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIndexable } from '../../server/src/index/discover';
import { languageOf } from '../../server/src/index/languages';

test('files are classified by extension, and YAML only under config/feature_flags/<type>/', () => {
  const expected: Record<string, string | undefined> = {
    'app/models/user.rb': 'ruby',
    'lib/tasks/gitlab.rake': 'ruby',
    'app/views/a/_b.html.haml': 'ruby',
    'app/views/a/b.html.erb': 'ruby',
    'config.ru': 'ruby',
    'app/assets/javascripts/a.js': 'js',
    'app/assets/javascripts/a.vue': 'js',
    'types/a.d.ts': 'js',
    'x.mjs': 'js',
    'config/feature_flags/wip/my_flag.yml': 'definition',
    'ee/config/feature_flags/beta/my_flag.yml': 'definition',
    'config/feature_flags/my_flag.yml': undefined,
    'config/metrics/x.yml': undefined,
    'Gemfile': undefined,
    'app/models/user.rb.orig': undefined,
    'docs/readme.md': undefined,
    'app.rb/notes': undefined,
    'A.RB': undefined,
  };
  for (const [path, language] of Object.entries(expected)) assert.equal(languageOf(path), language, path);
});

test('files under ignored directories are not indexed, wherever the directory sits', () => {
  assert.equal(isIndexable('app/models/user.rb'), true);
  for (const path of ['node_modules/x/index.js', 'ee/node_modules/y.js', 'tmp/cache.rb', 'public/assets/app.js', 'coverage/x.js', 'log/x.rb']) assert.equal(isIndexable(path), false, path);
});
