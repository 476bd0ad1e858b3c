// The local GitLab killed with SIGKILL while writes are in flight: its state file is always a
// complete state (never half-written JSON), every write it acknowledged is in it, and it starts
// again from that file. Repeated a few times, each time killed at a different moment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, startLocalGitlab } from '../helpers/localGitlab';

const ROUNDS = 5;
const WRITES = 40;

test(`SIGKILL during ${WRITES} concurrent writes, ${ROUNDS} times: the state file is old or new, never corrupt, and keeps every acknowledged write`, async () => {
  const directory = mkdtempSync(join(tmpdir(), 'gitlab-flags-kill-'));
  const stateFile = join(directory, 'state.json');
  const acknowledged = new Set<string>();
  for (let round = 0; round < ROUNDS; round++) {
    const gitlab = await startLocalGitlab({ stateFile, name: 'staging' });
    const exited = new Promise<void>((resolve) => gitlab.child.once('exit', () => resolve()));
    // Kill once `round + 1` answers have come back, so each round dies at a different point.
    let answers = 0;
    let killed = false;
    const writes = Array.from({ length: WRITES }, (_, index) => {
      const flag = `kill_${round}_${index}`;
      const body = index % 3 === 0 ? { value: '25', key: 'percentage_of_actors' } : { value: 'true' };
      return fetch(`${gitlab.url}/api/v4/features/${flag}`, { method: 'POST', headers: { 'PRIVATE-TOKEN': ADMIN_TOKEN, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
        .then((response) => {
          if (response.status === 201) acknowledged.add(flag);
          if (++answers === round + 1 && !killed) {
            killed = true;
            gitlab.child.kill('SIGKILL');
          }
        })
        .catch(() => undefined);
    });
    await Promise.all(writes);
    if (!killed) gitlab.child.kill('SIGKILL');
    await exited;
    assert.equal(gitlab.child.signalCode, 'SIGKILL');

    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { version: number; features: Record<string, { boolean?: unknown }> };
    assert.equal(state.version, 1);
    for (const flag of acknowledged) assert.ok(state.features[flag], `acknowledged write of ${flag} was lost (round ${round})`);
    for (const name of Object.keys(state.features)) assert.match(name, /^kill_\d+_\d+$/);
  }
  // And it starts again from what survived.
  const restarted = await startLocalGitlab({ stateFile, name: 'staging' });
  const listed = (await restarted.api('GET', '/api/v4/features')).json as { name: string }[];
  await restarted.stop();
  for (const flag of acknowledged) assert.ok(listed.some((feature) => feature.name === flag), `${flag} missing after restart`);
  assert.ok(acknowledged.size >= ROUNDS, `only ${acknowledged.size} writes were acknowledged`);
  rmSync(directory, { recursive: true, force: true });
});
