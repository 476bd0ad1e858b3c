// shared/writeWords.ts: the one wording of a write, used by the server's production confirmation
// and MCP plan and by VS Code's confirmation boxes and progress notification.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeIntent } from '../../shared/writeWords';
import { describeIntent as serverDescribeIntent } from '../../server/src/gitlab/writes';

test('every kind of write in words', () => {
  assert.equal(describeIntent({ operation: 'set', value: 'true' }), 'set it to true');
  assert.equal(describeIntent({ operation: 'set', value: 'false' }), 'set it to false');
  assert.equal(describeIntent({ operation: 'set', value: '50', percentageOf: 'actors' }), 'set it to 50% of actors');
  assert.equal(describeIntent({ operation: 'set', value: '12.5', percentageOf: 'time' }), 'set it to 12.5% of time');
  assert.equal(
    describeIntent({ operation: 'set', value: 'true', actors: { project: ['gitlab-org/gitlab', 'gitlab-org/gitlab-foss'], feature_group: ['gitlab_team_members'], user: [] } }),
    'enable it for project gitlab-org/gitlab, gitlab-org/gitlab-foss; feature group gitlab_team_members',
  );
  assert.equal(describeIntent({ operation: 'set', value: 'false', actors: { user: ['alice'] } }), 'disable it for user alice');
  assert.equal(describeIntent({ operation: 'delete' }), 'delete it (back to the YAML default)');
});

test('the server says a write with the same function the client imports', () => {
  assert.equal(serverDescribeIntent, describeIntent);
});
