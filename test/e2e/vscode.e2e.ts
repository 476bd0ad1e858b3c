// The extension in a real VS Code (code-server 4.100.3 in Chromium), driven by hand-like input.
// Steps share one session and run in order; each keeps a screenshot in test/e2e/artifacts/.
// Expected values are cross-checked against the CLI and the local GitLab on the same workspace copy.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { stateInWords, stateSymbol } from '../../shared/stateWording';
import type { EnvironmentFlagState, FeatureState } from '../../shared/gitlabModel';
import { compactExtinct, compactStatesWithDetail } from '../../client/src/stateLabels';
import { ADMIN_TOKEN, ROOT, startSession, type Session } from './support/session';
import {
  activeTab,
  chooseContextMenuItem,
  confirmationBox,
  goToLine,
  isTicked,
  notification,
  openFile,
  positionOf,
  quickPickRow,
  runCommand,
  screenshot,
  treeRow,
} from './support/workbench';

const CLI = join(ROOT, 'dist', 'cli.js');
const HOVERED = 'ci_pipeline_creation_requests_realtime';
const SERVICE = 'app/services/ci/create_pipeline_request_service.rb';
const ROLLED_OUT = 'auto_merge_skip_conflict_check';
const WORKER = 'app/workers/auto_merge_process_worker.rb';
const UNUSED = 'unused_flag_example';

function cli(args: string[], env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, GITLAB_FLAGS_NO_CACHE: '1', ...env } });
}

/** `gitlab-flags extinct --json` on the session's workspace and both local GitLabs. */
function extinctRows(session: Session): { flag: string; environment: string; state: string }[] {
  const environments = [
    { name: 'staging', url: session.gitlab.staging, chatopsOption: '--staging' },
    { name: 'production', url: session.gitlab.production, chatopsOption: '--production', production: true },
  ];
  const output = cli(['extinct', '--root', session.workspace, '--json'], {
    GITLAB_FLAGS_ENVIRONMENTS: JSON.stringify(environments),
    GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN,
    GITLAB_FLAGS_TOKEN_PRODUCTION: ADMIN_TOKEN,
  });
  return JSON.parse(output) as { flag: string; environment: string; state: string }[];
}

/** The extinct flags of `extinct --json`'s rows, each with its environments in order. */
function byFlag(rows: { flag: string; environment: string; state: string }[]): Map<string, { environment: string; state: string }[]> {
  const flags = new Map<string, { environment: string; state: string }[]>();
  for (const row of rows) flags.set(row.flag, [...(flags.get(row.flag) ?? []), { environment: row.environment, state: row.state }]);
  return flags;
}

/** The state of a flag on a local GitLab as the server would describe it (its YAML default when not set). */
async function liveState(url: string, flag: string, workspace: string): Promise<EnvironmentFlagState> {
  const feature = (await features(url)).find((entry) => entry.name === flag);
  if (feature) return { status: 'set', feature, fetchedAt: 0 };
  const directory = join(workspace, 'config', 'feature_flags');
  const yaml = readdirSync(directory)
    .map((type) => join(directory, type, `${flag}.yml`))
    .find((path) => existsSync(path));
  return { status: 'default', defaultEnabled: yaml !== undefined && /^default_enabled: true$/m.test(readFileSync(yaml, 'utf8')), fetchedAt: 0 };
}

/** The text after-line decorations add to the editor (VS Code renders it as ::after content). */
async function inlineDecorations(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // The page's DOM, typed just enough (this project compiles without the DOM library).
    const page = globalThis as unknown as {
      document: { querySelectorAll(selector: string): Iterable<unknown> };
      getComputedStyle(element: unknown, pseudo: string): { content: string };
    };
    const texts: string[] = [];
    for (const element of page.document.querySelectorAll('.editor-instance .view-lines span')) {
      const content = page.getComputedStyle(element, '::after').content;
      // Serialized as a quoted CSS string: "stg ● prd ◐ 50%".
      if (content && content !== 'none' && content !== 'normal') texts.push(content.slice(1, -1));
    }
    return texts;
  });
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

/** The requests a local GitLab received that could change something (anything but a GET). */
async function writesReceived(url: string): Promise<string[]> {
  const response = await fetch(`${url}/-/local/requests`);
  assert.equal(response.status, 200);
  const requests = (await response.json()) as { method: string; path: string }[];
  return requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`);
}

/** Arranges a flag's state on one local GitLab, as an admin would with the API. */
async function setOnGitlab(url: string, flag: string, value: string): Promise<void> {
  const response = await fetch(`${url}/api/v4/features/${flag}`, {
    method: 'POST',
    headers: { 'PRIVATE-TOKEN': ADMIN_TOKEN, 'Content-Type': 'application/json' },
    body: JSON.stringify({ value }),
  });
  assert.equal(response.status, 201);
}

/** Opens Set Flag… on a tree row and picks a value and the environments, up to the first confirmation. */
async function setFromTree(page: Page, flag: ReturnType<typeof treeRow>, value: string, environments: string[]): Promise<void> {
  await flag.click({ button: 'right' });
  await chooseContextMenuItem(page, 'Set Flag…');
  await quickPickRow(page, value).click({ timeout: 10_000 }).catch(async (error: unknown) => {
    console.log('QUICK INPUT', await page.locator('.quick-input-widget').isVisible(), JSON.stringify(await page.locator('.quick-input-widget .monaco-list-row:visible').allInnerTexts()));
    console.log('MENU', await page.locator('.context-view .monaco-menu').isVisible());
    await screenshot(page, 'debug-set');
    throw error;
  });
  for (const environment of environments) await quickPickRow(page, environment).click();
  await page.keyboard.press('Enter');
}

function statusItem(page: Page) {
  return page.locator('[id="gitlab-flags-tooling.gitlab-feature-flags.gitlabFlags.indexStatus"]');
}

function flagsView(page: Page) {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Flags' }) }).first();
}

async function openFlagsView(page: Page): Promise<void> {
  // The activity bar icon toggles: a click while the Feature Flags sidebar is showing hides it.
  if (!(await flagsView(page).locator('.monaco-list-row').first().isVisible())) {
    await page.locator('.activitybar a.action-label[aria-label="Feature Flags"]').click();
  }
  await flagsView(page).locator('.monaco-list-row').first().waitFor();
}

/** Expands a collapsed tree row (no-op when it is already expanded). */
async function expand(row: ReturnType<typeof treeRow>): Promise<void> {
  await row.waitFor();
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  await row.and(row.page().locator('[aria-expanded="true"]')).waitFor();
}

/** Collapses an expanded tree row (no-op when it is already collapsed). */
async function collapse(row: ReturnType<typeof treeRow>): Promise<void> {
  await row.waitFor();
  if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.monaco-tl-twistie').click();
  await row.and(row.page().locator('[aria-expanded="false"]')).waitFor();
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
    // The demo copy is a git repository of its own (an ignored copy once indexed as empty, 0 = 0).
    assert.equal(execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: session.workspace, encoding: 'utf8' }).trim(), session.workspace);
    // The example workspace's 21 flags (as test/cli/index-commands.test.ts counts them).
    assert.equal(scan.flags, 21);
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
    // The sidebar lists the example flags (it once said "No flags found" on the demo).
    await expand(treeRow(page, 'Flags', 'beta'));
    for (const name of ['blame_ignore_revs', 'not_pushed_flag']) await treeRow(page, 'Flags', name).waitFor();
    await collapse(treeRow(page, 'Flags', 'beta'));
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

  it('sets a flag to 50% of actors on staging and production after the flag name is typed, the tree updates, then rolls back', async () => {
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
    const box = await confirmationBox(page, `Change ${ROLLED_OUT} on production?`);
    assert.equal(box.title, `Change ${ROLLED_OUT} on production? set it to 50% of actors on staging, production`);
    assert.ok(box.prompt.includes(`Command: /chatops run feature set ${ROLLED_OUT} 50 --actors`), box.prompt);
    assert.equal(box.placeholder, `Type ${ROLLED_OUT} to confirm, or press Escape to cancel`);
    await screenshot(page, '07-production-confirmation');
    await page.keyboard.type(ROLLED_OUT);
    await page.keyboard.press('Enter');
    // One sentence per environment, each naming its environment and the flag once.
    const done = notification(page, `GitLab Flags: staging: ${ROLLED_OUT} is now 50% of actors. · production: ${ROLLED_OUT} is now 50% of actors.`);
    await done.waitFor();
    await flag.locator('.label-description', { hasText: 'stg ◐ prd ◐' }).waitFor();
    await screenshot(page, '08-set-applied');
    assert.equal(await liveWords(session.gitlab.staging, ROLLED_OUT), '◐ 50% of actors');
    assert.equal(await liveWords(session.gitlab.production, ROLLED_OUT), '◐ 50% of actors');

    await flag.click({ button: 'right' });
    await chooseContextMenuItem(page, 'Roll Back Flag…');
    // Both environments start ticked: the flag is partly on in each.
    assert.deepEqual([await isTicked(page, 'staging'), await isTicked(page, 'production')], [true, true]);
    await screenshot(page, '09-rollback-environments');
    await page.keyboard.press('Enter');
    await confirmationBox(page, `Change ${ROLLED_OUT} on production?`);
    await page.keyboard.type(ROLLED_OUT);
    await page.keyboard.press('Enter');
    await flag.locator('.label-description', { hasText: 'stg ○ prd ○' }).waitFor();
    await screenshot(page, '10-rolled-back');
    assert.equal(await liveWords(session.gitlab.staging, ROLLED_OUT), '○ off');
    assert.equal(await liveWords(session.gitlab.production, ROLLED_OUT), '○ off');
  });

  it('Enter on the production confirmation sends nothing', async () => {
    // Staging is on, so turning production on breaks no rule: the production box is the only question.
    const flag = treeRow(page, 'Flags', HOVERED);
    const before = (await flag.locator('.label-description').innerText()).trim();
    assert.equal(before, 'stg ● prd ◐');
    const sentBefore = { staging: await writesReceived(session.gitlab.staging), production: await writesReceived(session.gitlab.production) };
    const liveBefore = await liveWords(session.gitlab.production, HOVERED);

    await setFromTree(page, flag, 'true', ['production']);
    const box = await confirmationBox(page, `Change ${HOVERED} on production?`);
    assert.equal(box.value, '');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await screenshot(page, '11-enter-on-empty-confirmation');

    assert.deepEqual(await writesReceived(session.gitlab.production), sentBefore.production);
    assert.deepEqual(await writesReceived(session.gitlab.staging), sentBefore.staging);
    assert.equal(await liveWords(session.gitlab.production, HOVERED), liveBefore);
    assert.equal((await flag.locator('.label-description').innerText()).trim(), before);
  });

  it('an override needs the flag name typed, before the production confirmation', async () => {
    // Staging explicitly off: turning production on breaks chatops' consistency rule.
    await setOnGitlab(session.gitlab.staging, UNUSED, 'false');
    await runCommand(page, 'GitLab Flags: Refresh All Flag States');
    // Room for the wip group's rows in the Flags view.
    await collapse(treeRow(page, 'Flags', 'gitlab_com_derisk'));
    const flag = treeRow(page, 'Flags', UNUSED);
    await flag.locator('.label-description', { hasText: 'stg ○ prd ○' }).waitFor();
    const sentBefore = await writesReceived(session.gitlab.production);

    await setFromTree(page, flag, 'true', ['production']);
    const override = await confirmationBox(page, /^Override the chatops consistency check/);
    await screenshot(page, '12-consistency-override');
    assert.equal(override.title, `Override the chatops consistency check to set it to true on production? (1/2)`);
    assert.ok(override.prompt.startsWith('production may not be turned on while staging is off (staging: off).'), override.prompt);
    // Chatops changes production when no environment option is given.
    assert.match(override.prompt, new RegExp(`Command: /chatops run feature set ${UNUSED} true( \\(|$)`));

    // A wrong name: a message, the box stays, nothing is sent.
    await page.keyboard.type(`${UNUSED}_x`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: 'is not the flag name' }).waitFor();
    const refused = await confirmationBox(page, /^Override the chatops consistency check/);
    assert.equal(refused.message, `'${UNUSED}_x' is not the flag name: type ${UNUSED} exactly, or press Escape to cancel.`);
    await screenshot(page, '13-override-wrong-name');
    assert.deepEqual(await writesReceived(session.gitlab.production), sentBefore);

    await page.locator('.quick-input-widget input').fill('');
    await page.keyboard.type(UNUSED);
    await page.keyboard.press('Enter');
    const production = await confirmationBox(page, `Change ${UNUSED} on production?`);
    assert.equal(production.title, `Change ${UNUSED} on production? set it to true on production (2/2)`);
    assert.equal(production.value, '');
    await screenshot(page, '14-production-after-override');
    assert.deepEqual(await writesReceived(session.gitlab.production), sentBefore);

    await page.keyboard.type(UNUSED);
    await page.keyboard.press('Enter');
    await notification(page, `GitLab Flags: production: ${UNUSED} is now on (consistency check overridden).`).waitFor();
    await flag.locator('.label-description', { hasText: 'stg ○ prd ●' }).waitFor();
    await screenshot(page, '15-override-applied');
    assert.deepEqual(await writesReceived(session.gitlab.production), [...sentBefore, `POST /api/v4/features/${UNUSED}`]);
    assert.equal(await liveWords(session.gitlab.production, UNUSED), '● on');
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

      // The preview opens with every change ticked: Apply applies the whole cleanup.
      const preview = page.locator('.bulk-edit-panel');
      const files = preview.locator('.monaco-list-row[aria-level="1"]');
      await files.first().waitFor();
      const names = (await files.locator('.label-name').allInnerTexts()).map((name) => name.trim()).sort();
      assert.deepEqual(names, [...expected.edited, ...expected.deleted].map((path) => path.split('/').pop()!).sort());
      await screenshot(page, '17-refactor-preview');
      for (let index = 0; index < names.length; index++) {
        assert.equal(await files.nth(index).locator('input[type="checkbox"]').isChecked(), true, `${names[index]} ticked`);
      }
      await preview.locator('.monaco-button', { hasText: /^Apply$/ }).click();
      await preview.waitFor({ state: 'hidden' });

      for (const path of expected.deleted) await waitFor(() => !existsSync(join(session.workspace, path)), `${path} deleted`);
      for (const path of expected.edited) {
        await waitFor(
          () => readFileSync(join(session.workspace, path), 'utf8') === readFileSync(join(reference, path), 'utf8'),
          `${path} saved with the same cleanup as the CLI's`,
        );
      }
      await screenshot(page, '18-cleanup-applied');
    } finally {
      rmSync(reference, { recursive: true, force: true });
    }
  });

  it('the Extinct on GitLab group lists what gitlab-flags extinct reports, the just-cleaned-up flag included', async () => {
    // The cleanup above removed every trace of ROLLED_OUT from the working tree, and the rollback
    // left it set (off) on both GitLabs: the working tree is the truth, so it is extinct now.
    const expected = byFlag(extinctRows(session));
    assert.ok(expected.has(ROLLED_OUT), [...expected.keys()].join(', '));
    assert.ok(expected.has('deduplicate_archive_traces_cron_worker'), [...expected.keys()].join(', '));

    await openFlagsView(page);
    await flagsView(page).hover();
    await page.locator('.pane-header', { hasText: 'Flags' }).locator('.action-label[aria-label="Collapse All"]').click();
    const group = treeRow(page, 'Flags', `Extinct on GitLab (${expected.size})`);
    await group.waitFor({ timeout: 30_000 });
    await expand(group);
    for (const [flag, environments] of expected) {
      const row = treeRow(page, 'Flags', flag);
      await row.waitFor();
      assert.equal((await row.locator('.label-description').innerText()).trim(), compactExtinct(environments), flag);
    }
    // Exactly those flags: the group's children are the rows one level below it.
    const children = flagsView(page).locator('.monaco-list-row[aria-level="2"]');
    assert.deepEqual((await children.locator('.label-name').allInnerTexts()).map((name) => name.trim()), [...expected.keys()]);

    // Each flag expands into one row per environment where it is set, with GitLab's state in words.
    const first = [...expected.keys()][0];
    await expand(treeRow(page, 'Flags', first));
    const rows = flagsView(page).locator('.monaco-list-row[aria-level="3"]');
    await rows.first().waitFor();
    const shown = [];
    for (let index = 0; index < (await rows.count()); index++) {
      const row = rows.nth(index);
      shown.push({ environment: (await row.locator('.label-name').innerText()).trim(), state: (await row.locator('.label-description').innerText()).trim() });
    }
    assert.deepEqual(shown, expected.get(first));
    await screenshot(page, '19-extinct-group');
    await collapse(treeRow(page, 'Flags', first));
  });

  it('Delete on All Environments… deletes an extinct flag on staging and production after the name is typed, and the group drops it', async () => {
    await runCommand(page, 'Notifications: Clear All Notifications');
    const before = byFlag(extinctRows(session));
    const flag = treeRow(page, 'Flags', ROLLED_OUT);
    await flag.waitFor();
    await flag.click({ button: 'right' });
    await screenshot(page, '20-extinct-context-menu');
    await chooseContextMenuItem(page, 'Delete on All Environments…');
    // One plan for both environments: the production confirmation names them together.
    const box = await confirmationBox(page, `Change ${ROLLED_OUT} on production?`);
    assert.equal(box.title, `Change ${ROLLED_OUT} on production? delete it (back to the YAML default) on staging, production`);
    assert.ok(box.prompt.includes(`Command: /chatops run feature delete ${ROLLED_OUT} --staging --production`), box.prompt);
    await screenshot(page, '21-extinct-delete-confirmation');
    await page.keyboard.type(ROLLED_OUT);
    await page.keyboard.press('Enter');
    // One sentence per environment (in the order the server sent them), from one plan.
    await notification(page, `staging: ${ROLLED_OUT} is now off (default).`).filter({ hasText: `production: ${ROLLED_OUT} is now off (default).` }).waitFor();

    await treeRow(page, 'Flags', `Extinct on GitLab (${before.size - 1})`).waitFor({ timeout: 30_000 });
    await flag.waitFor({ state: 'detached' });
    await screenshot(page, '22-extinct-deleted');
    assert.equal((await features(session.gitlab.staging)).some((feature) => feature.name === ROLLED_OUT), false);
    assert.equal((await features(session.gitlab.production)).some((feature) => feature.name === ROLLED_OUT), false);
    const after = byFlag(extinctRows(session));
    assert.deepEqual([...after.keys()], [...before.keys()].filter((name) => name !== ROLLED_OUT));
  });

  it('Delete Extinct Flags… starts with nothing ticked, plans each ticked flag in turn and stops at a cancelled one', async () => {
    const before = byFlag(extinctRows(session));
    const names = [...before.keys()];
    assert.ok(names.length >= 2, names.join(', '));
    const [first, second] = names;
    const sentBefore = await writesReceived(session.gitlab.production);
    await runCommand(page, 'Notifications: Clear All Notifications');

    const group = treeRow(page, 'Flags', `Extinct on GitLab (${before.size})`);
    await group.click({ button: 'right' });
    await chooseContextMenuItem(page, 'Delete Extinct Flags…');
    for (const name of names) assert.equal(await isTicked(page, name), false, `${name} starts unticked`);
    await quickPickRow(page, first).click();
    await quickPickRow(page, second).click();
    await screenshot(page, '23-extinct-bulk-pick');
    await page.keyboard.press('Enter');

    await confirmationBox(page, `Change ${first} on production?`);
    await page.locator('.quick-input-widget .quick-input-box input:focus').waitFor();
    await page.keyboard.type(first);
    await page.keyboard.press('Enter');
    // The second flag's own confirmation: Escape cancels it, and the run stops there.
    await confirmationBox(page, `Change ${second} on production?`);
    // Escape before the box has the keyboard would go elsewhere: wait for its focus first.
    await page.locator('.quick-input-widget .quick-input-box input:focus').waitFor();
    await page.keyboard.press('Escape');
    // VS Code drops toasts that come faster than three in 800 ms (its spam protection: here the
    // first flag's progress and result, the second's plan warning, then the summary), so the
    // summary is read where every notification stays: the notification center.
    await runCommand(page, 'Notifications: Show Notifications');
    await page.locator('.notifications-center .notification-list-item', { hasText: 'GitLab Flags: Deleted 1 of 2 extinct flags; 1 cancelled.' }).waitFor();
    await screenshot(page, '24-extinct-bulk-summary');
    await runCommand(page, 'Notifications: Hide Notifications');

    assert.deepEqual(await writesReceived(session.gitlab.production), [...sentBefore, `DELETE /api/v4/features/${first}`]);
    assert.equal((await features(session.gitlab.production)).some((feature) => feature.name === first), false);
    assert.equal((await features(session.gitlab.production)).some((feature) => feature.name === second), true);
    await treeRow(page, 'Flags', `Extinct on GitLab (${before.size - 1})`).waitFor({ timeout: 30_000 });
    assert.deepEqual([...byFlag(extinctRows(session)).keys()], names.slice(1));
  });

  it('inline state shows the live states after the flag check on the cursor line only', async () => {
    await openFile(page, SERVICE);
    const at = positionOf(join(session.workspace, SERVICE), `Feature.enabled?(:${HOVERED}`, 3);
    const expected = compactStatesWithDetail({
      staging: await liveState(session.gitlab.staging, HOVERED, session.workspace),
      production: await liveState(session.gitlab.production, HOVERED, session.workspace),
    });
    await goToLine(page, at.line, at.column);
    await waitForAsync(async () => (await inlineDecorations(page)).includes(expected), `inline state '${expected}'`);
    await screenshot(page, '25-inline-state');
    assert.deepEqual(await inlineDecorations(page), [expected]);
    // Another line without a flag: the decoration goes with the cursor.
    await goToLine(page, at.line === 1 ? 2 : 1, 1);
    await waitForAsync(async () => (await inlineDecorations(page)).length === 0, 'no inline state off the flag line');
  });

  it("inlineState 'all', chosen in the Settings editor, puts the state after every reference the CLI lists, and none after a spec's matcher", async () => {
    const CONTROLLER = 'app/controllers/projects/pipelines_controller.rb';
    const SPEC = 'spec/controllers/projects/pipelines_controller_spec.rb';
    const references = JSON.parse(cli(['refs', '--root', session.workspace, '--json'])) as { flag: string; path: string; line: number; kind: string }[];
    const lines = new Map<number, string>();
    for (const reference of references.filter((item) => item.path === CONTROLLER).sort((a, b) => a.line - b.line)) lines.set(reference.line, reference.flag);
    assert.ok(lines.size >= 3, JSON.stringify([...lines]));
    const expected: string[] = [];
    for (const flag of lines.values()) {
      expected.push(
        compactStatesWithDetail({
          staging: await liveState(session.gitlab.staging, flag, session.workspace),
          production: await liveState(session.gitlab.production, flag, session.workspace),
        }),
      );
    }
    assert.deepEqual(
      references.filter((item) => item.path === SPEC).map((item) => item.kind),
      ['matcher'],
    );

    await page.keyboard.press('Control+,');
    await page.locator('.settings-editor').waitFor();
    await page.keyboard.type('gitlabFlags.inlineState');
    const select = page.locator('.settings-editor .setting-item-contents', { hasText: 'Inline State' }).locator('select');
    await select.selectOption('all');
    await page.keyboard.press('Control+W');

    await openFile(page, CONTROLLER);
    await waitForAsync(async () => (await inlineDecorations(page)).length === expected.length, `${expected.length} inline states`);
    await screenshot(page, '26-inline-state-all');
    assert.deepEqual(await inlineDecorations(page), expected);
    await openFile(page, SPEC);
    await waitForAsync(async () => (await inlineDecorations(page)).length === 0, 'no inline state in the spec');
  });
});

/** Moves through the code action menu with the keyboard until `title` is focused, then applies it. */
async function chooseCodeAction(page: Page, title: string): Promise<void> {
  const rows = page.locator('.action-widget .monaco-list-row.action');
  await rows.filter({ hasText: title }).waitFor();
  await screenshot(page, '16-quick-fix');
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

/** Polls an asynchronous condition (what the page computes), giving up after a bound. */
async function waitForAsync(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls a condition the UI does not show (a file on disk), giving up after a bound. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
