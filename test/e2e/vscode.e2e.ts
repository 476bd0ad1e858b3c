// The extension in a real VS Code (code-server 4.100.3 in Chromium), driven by hand-like input.
// Steps share one session and run in order; each keeps a screenshot in test/e2e/artifacts/.
// Expected values are cross-checked against the CLI and the local GitLab on the same workspace copy.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { stateInWords, stateSymbol } from '../../server/src/gitlab/gates';
import type { FeatureState } from '../../server/src/gitlab/model';
import { ADMIN_TOKEN, ROOT, startSession, type Session } from './support/session';
import { activeTab, answerDialog, chooseContextMenuItem, goToLine, isTicked, notification, openFile, positionOf, quickPickRow, screenshot, treeRow } from './support/workbench';

const CLI = join(ROOT, 'dist', 'cli.js');
const HOVERED = 'ci_pipeline_creation_requests_realtime';
const SERVICE = 'app/services/ci/create_pipeline_request_service.rb';
const ROLLED_OUT = 'auto_merge_skip_conflict_check';
const WORKER = 'app/workers/auto_merge_process_worker.rb';

function cli(args: string[]): string {
  return execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, GITLAB_FLAGS_NO_CACHE: '1' } });
}

async function features(url: string): Promise<FeatureState[]> {
  const response = await fetch(`${url}/api/v4/features`, { headers: { 'PRIVATE-TOKEN': ADMIN_TOKEN } });
  assert.equal(response.status, 200);
  return (await response.json()) as FeatureState[];
}

async function liveWords(url: string, flag: string): Promise<string> {
  const feature = (await features(url)).find((entry) => entry.name === flag);
  assert.ok(feature, `${flag} is set on ${url}`);
  return `${stateSymbol({ status: 'set', feature, fetchedAt: 0 })} ${stateInWords({ status: 'set', feature, fetchedAt: 0 })}`;
}

function statusItem(page: Page) {
  return page.locator('[id="gitlab-flags-tooling.gitlab-feature-flags.gitlabFlags.indexStatus"]');
}

function flagsView(page: Page) {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Flags' }) }).first();
}

async function openFlagsView(page: Page): Promise<void> {
  await page.locator('.activitybar a.action-label[aria-label="Feature Flags"]').click();
  await flagsView(page).locator('.monaco-list-row').first().waitFor();
}

/** Expands a collapsed tree row (no-op when it is already expanded). */
async function expand(row: ReturnType<typeof treeRow>): Promise<void> {
  await row.waitFor();
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  await row.and(row.page().locator('[aria-expanded="true"]')).waitFor();
}

describe('GitLab Feature Flags in code-server', { timeout: 10 * 60_000 }, () => {
  let session: Session;
  let page: Page;

  before(async () => {
    session = await startSession();
    page = session.page;
    // Every step needs the index: wait for the status bar to report it ready.
    await statusItem(page).filter({ hasText: /^\s*\d+ flags?\s*$/ }).waitFor({ timeout: 120_000 });
  });

  // A step that failed half-way may leave a quick pick, menu or dialog open; close it first.
  beforeEach(async () => {
    for (let attempt = 0; attempt < 3; attempt++) await page?.keyboard.press('Escape');
  });

  after(async () => {
    // The state the session ended in, for diagnosing a failed step.
    if (page) await screenshot(page, 'zz-last').catch(() => undefined);
    if (process.env.E2E_DEBUG) console.log(session?.output().slice(-5000));
    await session?.stop();
  });

  it('activates, indexes the workspace and shows the flag count the CLI reports', async () => {
    const scan = JSON.parse(cli(['scan', '--root', session.workspace, '--json', '--no-cache'])) as { flags: number };
    const item = statusItem(page);
    await item.filter({ hasText: `${scan.flags} flags` }).waitFor();
    await screenshot(page, '01-indexed');
    assert.equal((await item.innerText()).trim(), `${scan.flags} flags`);
  });

  it('hovering Feature.enabled?(:flag) shows the flag card with the live state of each environment', async () => {
    await openFile(page, SERVICE);
    const at = positionOf(join(session.workspace, SERVICE), `Feature.enabled?(:${HOVERED}`, 'Feature.enabled?(:'.length + 3);
    await goToLine(page, at.line, at.column);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover-content').filter({ hasText: 'environment' });
    await hover.filter({ hasText: 'production' }).waitFor();
    await screenshot(page, '02-hover');
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    assert.match(text, new RegExp(`^${HOVERED} · gitlab_com_derisk · group::pipeline authoring · milestone 17\\.9 · default off`));
    assert.ok(text.includes(`staging ${await liveWords(session.gitlab.staging, HOVERED)}`), text);
    assert.ok(text.includes(`production ${await liveWords(session.gitlab.production, HOVERED)}`), text);
    await page.keyboard.press('Escape');
  });

  it('go to definition opens the YAML definition at its name', async () => {
    await page.keyboard.press('F12');
    const file = `${HOVERED}.yml`;
    await activeTab(page, file).waitFor();
    const name = positionOf(join(session.workspace, 'config/feature_flags/gitlab_com_derisk', file), `name: ${HOVERED}`, 'name: '.length);
    await page.locator('.statusbar-item', { hasText: `Ln ${name.line}, Col ${name.column}` }).waitFor();
    await screenshot(page, '03-definition');
  });

  it('find all references lists the snake_case and camelCase uses the CLI finds', async () => {
    await openFile(page, SERVICE);
    const at = positionOf(join(session.workspace, SERVICE), `Feature.enabled?(:${HOVERED}`, 'Feature.enabled?(:'.length + 3);
    await goToLine(page, at.line, at.column);
    await page.keyboard.press('Shift+Alt+F12');
    const expected = JSON.parse(cli(['refs', HOVERED, '--root', session.workspace, '--json'])) as { path: string }[];
    const files = [...new Set(expected.map((reference) => reference.path))];
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'References' }) }).first();
    const summary = page.locator('.references-view .message, .pane .message', { hasText: /results? in \d+ files?/ }).first();
    await summary.waitFor();
    assert.equal(
      (await summary.innerText()).trim(),
      `${expected.length} results in ${files.length} files`,
    );
    // Files other than the current one start collapsed: open the frontend ones to see their lines.
    for (const file of files.filter((path) => /\.(vue|js)$/.test(path))) {
      const row = pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: file.split('/').pop()! }) });
      if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
      await row.and(page.locator('[aria-expanded="true"]')).waitFor();
    }
    await screenshot(page, '04-references');
    const rows = (await pane.locator('.monaco-list-row').allInnerTexts()).join('\n');
    assert.ok(rows.includes('ciPipelineCreationRequestsRealtime'), rows);
    assert.ok(rows.includes(`:${HOVERED}`), rows);
  });

  it('the Flags view lists flags by type and expanding one shows each environment and its references', async () => {
    await openFlagsView(page);
    await expand(treeRow(page, 'Flags', 'gitlab_com_derisk'));
    const flag = treeRow(page, 'Flags', HOVERED);
    await expand(flag);
    const staging = await liveWords(session.gitlab.staging, HOVERED);
    const production = await liveWords(session.gitlab.production, HOVERED);
    assert.equal(
      (await flag.locator('.label-description').innerText()).trim(),
      `stg ${staging.split(' ')[0]} prd ${production.split(' ')[0]}`,
    );
    const stagingRow = treeRow(page, 'Flags', 'staging');
    await stagingRow.waitFor();
    assert.match((await stagingRow.locator('.label-description').innerText()).trim(), new RegExp(`^${staging.slice(2)} · fetched `));
    const references = (JSON.parse(cli(['refs', HOVERED, '--root', session.workspace, '--json'])) as { kind: string }[]).filter(
      (reference) => reference.kind !== 'definition',
    );
    await treeRow(page, 'Flags', `References (${references.length})`).waitFor();
    await screenshot(page, '05-flags-view');
  });

  it('sets a flag to 50% of actors on staging and production with confirmation, the tree updates, then rolls back', async () => {
    await expand(treeRow(page, 'Flags', 'wip'));
    const flag = treeRow(page, 'Flags', ROLLED_OUT);
    await flag.waitFor();
    assert.equal((await flag.locator('.label-description').innerText()).trim(), 'stg ○ prd ○');

    await flag.click({ button: 'right' });
    await chooseContextMenuItem(page, 'Set Flag…');
    await quickPickRow(page, 'Percentage of actors…').click();
    await page.locator('.quick-input-widget input').fill('50');
    await page.keyboard.press('Enter');
    await quickPickRow(page, 'staging').click();
    await quickPickRow(page, 'production').click();
    await screenshot(page, '06-set-environments');
    await page.keyboard.press('Enter');
    const question = await answerDialog(page, 'Apply on Production');
    assert.equal(question, `Change ${ROLLED_OUT} on production? set to 50% of actors on staging, production.`);
    await notification(page, `GitLab Flags: ${ROLLED_OUT}: staging:`).waitFor();
    await flag.locator('.label-description', { hasText: 'stg ◐ prd ◐' }).waitFor();
    await screenshot(page, '07-set-applied');
    assert.equal(await liveWords(session.gitlab.staging, ROLLED_OUT), '◐ 50% of actors');
    assert.equal(await liveWords(session.gitlab.production, ROLLED_OUT), '◐ 50% of actors');

    await flag.click({ button: 'right' });
    await chooseContextMenuItem(page, 'Roll Back Flag…');
    // Both environments start ticked: the flag is partly on in each.
    assert.deepEqual([await isTicked(page, 'staging'), await isTicked(page, 'production')], [true, true]);
    await screenshot(page, '08-rollback-environments');
    await page.keyboard.press('Enter');
    await answerDialog(page, 'Apply on Production');
    await flag.locator('.label-description', { hasText: 'stg ○ prd ○' }).waitFor();
    await screenshot(page, '09-rolled-back');
    assert.equal(await liveWords(session.gitlab.staging, ROLLED_OUT), '○ off');
    assert.equal(await liveWords(session.gitlab.production, ROLLED_OUT), '○ off');
  });

  it('the cleanup quick fix shows the refactor preview and applies the same edit as the CLI', async () => {
    // The reference result: the CLI's cleanup written into a second copy of the example workspace.
    const reference = mkdtempSync(join(tmpdir(), 'gitlab-flags-cleanup-'));
    try {
      cpSync(join(ROOT, 'examples', 'workspace'), reference, { recursive: true });
      const expected = JSON.parse(cli(['cleanup', ROLLED_OUT, '--keep', 'enabled', '--write', '--json', '--root', reference])) as {
        edited: string[];
        deleted: string[];
      };
      assert.ok(expected.edited.includes(WORKER) && expected.deleted.length === 1, JSON.stringify(expected));

      await openFile(page, WORKER);
      const at = positionOf(join(session.workspace, WORKER), `:${ROLLED_OUT}`, 3);
      await goToLine(page, at.line, at.column);
      await page.keyboard.press('Control+.');
      await chooseCodeAction(page, `Remove flag '${ROLLED_OUT}', keep enabled behaviour`);

      // Every change needs confirmation, so the preview lists each file unticked: tick them all.
      const preview = page.locator('.bulk-edit-panel');
      const files = preview.locator('.monaco-list-row[aria-level="1"]');
      await files.first().waitFor();
      const names = (await files.locator('.label-name').allInnerTexts()).map((name) => name.trim()).sort();
      assert.deepEqual(names, [...expected.edited, ...expected.deleted].map((path) => path.split('/').pop()!).sort());
      await screenshot(page, '11-refactor-preview');
      for (let index = 0; index < names.length; index++) {
        const box = files.nth(index).locator('input[type="checkbox"]');
        await box.check();
      }
      await screenshot(page, '12-refactor-preview-ticked');
      await preview.locator('.monaco-button', { hasText: /^Apply$/ }).click();
      await preview.waitFor({ state: 'hidden' });

      for (const path of expected.deleted) await waitFor(() => !existsSync(join(session.workspace, path)), `${path} deleted`);
      for (const path of expected.edited) {
        await waitFor(
          () => readFileSync(join(session.workspace, path), 'utf8') === readFileSync(join(reference, path), 'utf8'),
          `${path} saved with the same cleanup as the CLI's`,
        );
      }
      await screenshot(page, '13-cleanup-applied');
    } finally {
      rmSync(reference, { recursive: true, force: true });
    }
  });
});

/** Moves through the code action menu with the keyboard until `title` is focused, then applies it. */
async function chooseCodeAction(page: Page, title: string): Promise<void> {
  const rows = page.locator('.action-widget .monaco-list-row.action');
  await rows.filter({ hasText: title }).waitFor();
  await screenshot(page, '10-quick-fix');
  const count = await rows.count();
  for (let step = 0; step <= count; step++) {
    if ((await page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label')) === title) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`code action '${title}' could not be focused`);
}

/** Polls a condition the UI does not show (a file on disk), giving up after a bound. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
