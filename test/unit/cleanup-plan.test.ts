// planCleanup as a whole: definitions and their .patch are deleted, files that cannot be
// rewritten are reported, broken rewrites are refused, and the commit message, checklist and
// unified diff are exact.

import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { nodeModulesWasmDir, planCleanup, unifiedDiff } from '../../server/src/cleanup/index';
import { treeSitterErrors } from '../../server/src/cleanup/guards';
import { hamlIndentProblems } from '../../server/src/cleanup/haml';
import { loadParsers } from '../../server/src/cleanup/parsers';
import { PROJECT } from '../fixtures/cleanup/corpus';

const root = mkdtempSync(join(tmpdir(), 'cleanup-plan-'));
after(() => rmSync(root, { recursive: true, force: true }));

const DEFINITION = `---
name: my_flag
feature_issue_url: https://gitlab.com/gitlab-org/gitlab/-/issues/1
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/2
rollout_issue_url: https://gitlab.com/gitlab-org/gitlab/-/issues/3
milestone: '17.9'
group: group::source code
type: beta
default_enabled: false
`;

const definition = join(root, 'ee/config/feature_flags/beta/my_flag.yml');
mkdirSync(join(root, 'ee/config/feature_flags/beta'), { recursive: true });
writeFileSync(definition, DEFINITION);
writeFileSync(definition.replace(/\.yml$/, '.patch'), 'prepared removal\n');

const model = join(root, 'app/models/blob.rb');
const MODEL = `class Blob
  def streaming?
    Feature.enabled?(:my_flag, project)
  end
end
`;

describe('planCleanup', () => {
  it('deletes the definition and its .patch, with the EE trailer and the rollout issue in the checklist', async () => {
    const output = await planCleanup({
      flag: 'my_flag',
      keep: 'enabled',
      files: [
        { path: model, text: MODEL },
        { path: join(root, 'app/views/blob/show.html.erb'), text: "<% if Feature.enabled?(:my_flag) %>\n  new\n<% end %>\n" },
        { path: definition, text: DEFINITION },
      ],
      definitionFiles: [definition],
      wasmDir: nodeModulesWasmDir(PROJECT),
    });
    assert.deepEqual(output.changes, [{ path: model, before: MODEL, after: MODEL.replace('Feature.enabled?(:my_flag, project)', 'true') }]);
    assert.deepEqual(output.deletes, [definition, definition.replace(/\.yml$/, '.patch')]);
    assert.deepEqual(output.manual, [
      { path: join(root, 'app/views/blob/show.html.erb'), line: 0, character: 24, reason: 'ERB template: rewrite this reference by hand' },
    ]);
    assert.deepEqual(output.refused, []);
    assert.equal(
      output.commitMessage,
      'Remove the my_flag feature flag\n\n' +
        'The feature behind my_flag is now always on: the checks, the code and specs for the\n' +
        'disabled state, and the flag definition are removed.\n\nChangelog: removed\nEE: true\n',
    );
    assert.deepEqual(output.checklist, [
      'Review the 1 place(s) listed for manual review.',
      'Run the affected specs (RSpec and Jest) before merging.',
      'After the change is deployed everywhere, delete the flag on every environment: `gitlab-flags delete my_flag` for each one ' +
        '(chatops: `/chatops run feature delete my_flag --dev --staging --staging-ref --pre --ops --production`).',
      'Close the rollout issue: https://gitlab.com/gitlab-org/gitlab/-/issues/3',
    ]);
  });

  it('keeping disabled uses the Changelog: changed trailer', async () => {
    const output = await planCleanup({
      flag: 'my_flag', keep: 'disabled', files: [{ path: 'app/models/blob.rb', text: MODEL }], definitionFiles: [], wasmDir: nodeModulesWasmDir(PROJECT),
    });
    assert.equal(
      output.commitMessage,
      'Remove the my_flag feature flag\n\n' +
        'The feature behind my_flag is dropped: the code and specs that ran only with the flag\n' +
        'enabled, the checks, and the flag definition are removed.\n\nChangelog: changed\n',
    );
    assert.equal(output.changes[0].after, MODEL.replace('Feature.enabled?(:my_flag, project)', 'false'));
  });

  it('renders a git-style unified diff of the changes and the deleted files', async () => {
    const output = await planCleanup({
      flag: 'my_flag', keep: 'enabled', files: [{ path: model, text: MODEL }], definitionFiles: [definition], wasmDir: nodeModulesWasmDir(PROJECT),
    });
    const patch = definition.replace(/\.yml$/, '.patch');
    assert.equal(
      unifiedDiff(output, root),
      [
        'diff --git a/app/models/blob.rb b/app/models/blob.rb',
        '--- a/app/models/blob.rb',
        '+++ b/app/models/blob.rb',
        '@@ -1,5 +1,5 @@',
        ' class Blob',
        '   def streaming?',
        '-    Feature.enabled?(:my_flag, project)',
        '+    true',
        '   end',
        ' end',
        'diff --git a/ee/config/feature_flags/beta/my_flag.yml b/ee/config/feature_flags/beta/my_flag.yml',
        'deleted file mode 100644',
        '--- a/ee/config/feature_flags/beta/my_flag.yml',
        '+++ /dev/null',
        '@@ -1,9 +0,0 @@',
        ...DEFINITION.trimEnd().split('\n').map((line) => `-${line}`),
        `diff --git a/${patch.slice(root.length + 1)} b/${patch.slice(root.length + 1)}`,
        'deleted file mode 100644',
        `--- a/${patch.slice(root.length + 1)}`,
        '+++ /dev/null',
        '@@ -1,1 +0,0 @@',
        '-prepared removal',
        '',
      ].join('\n'),
    );
  });

  it('keeps a space between the literal and a following ? or keyword, so the meaning cannot change', async () => {
    const text = 'x = Feature.enabled?(:my_flag)? 1 : 2\ny = a if Feature.enabled?(:my_flag)unless c\n';
    const output = await planCleanup({
      flag: 'my_flag', keep: 'enabled', files: [{ path: 'lib/odd.rb', text }], definitionFiles: [], wasmDir: nodeModulesWasmDir(PROJECT),
    });
    assert.deepEqual(output.changes, [{ path: 'lib/odd.rb', before: text, after: 'x = 1\ny = a unless c\n' }]);
  });

  it('reports a YAML file that is not a definition for manual review', async () => {
    const output = await planCleanup({
      flag: 'my_flag', keep: 'enabled', files: [{ path: 'config/settings.yml', text: 'flags:\n  - my_flag\n' }], definitionFiles: [], wasmDir: nodeModulesWasmDir(PROJECT),
    });
    assert.deepEqual(output.manual, [
      { path: 'config/settings.yml', line: 1, character: 4, reason: 'reference in a file type cleanup does not rewrite' },
    ]);
  });
});

describe('parse guards', () => {
  it('counts tree-sitter errors, so a rewrite that adds one is refused', async () => {
    const parsers = await loadParsers(nodeModulesWasmDir(PROJECT));
    assert.equal(treeSitterErrors(parsers, 'ruby', 'if a\n  b\nend\n'), 0);
    assert.equal(treeSitterErrors(parsers, 'ruby', 'if a\n  b\n'), 1);
    assert.equal(treeSitterErrors(parsers, 'javascript', 'if (a) { b(); }\n'), 0);
    assert.equal(treeSitterErrors(parsers, 'javascript', 'if (a) { b(); \n'), 1);
  });

  it('counts an orphan HAML - else and an over-indented child as problems', () => {
    assert.equal(hamlIndentProblems('.a\n  - if x\n    %p\n  - else\n    %p\n'), 0);
    assert.equal(hamlIndentProblems('.a\n  - else\n    %p\n'), 1);
    assert.equal(hamlIndentProblems('.a\n      %p\n'), 1);
  });
});
