// One real VS Code session for the e2e tests: the packaged .vsix installed into code-server 4.100.3,
// two local GitLab instances (staging, production), a copy of examples/workspace, and Chromium
// driven by playwright-core. Everything lives in a temporary directory removed by stop().

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ADMIN_TOKEN = 'e2e-admin-token';
export const ROOT = join(__dirname, '..', '..', '..');
export const ARTIFACTS = join(ROOT, 'test', 'e2e', 'artifacts');
const VSIX = join(ROOT, 'gitlab-feature-flags.vsix');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Session {
  page: Page;
  /** The copy of examples/workspace that code-server has open. */
  workspace: string;
  gitlab: { staging: string; production: string };
  /** The code-server and extension host output, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function startSession(): Promise<Session> {
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run package\` (npm run test:e2e does).`);
  const codeServer = await import('../../../scripts/code-server.mjs');
  const base = mkdtempSync(join(tmpdir(), 'gitlab-flags-e2e-'));
  const workspace = join(base, 'workspace');
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  // The same preparation as `npm start`: a copy that is a git repository of its own.
  codeServer.prepareDemoWorkspace(workspace);
  mkdirSync(ARTIFACTS, { recursive: true });

  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined);
    rmSync(base, { recursive: true, force: true });
  };
  try {
    const staging = await codeServer.launchLocalGitlab({ name: 'staging', stateFile: join(base, 'staging.json'), adminToken: ADMIN_TOKEN });
    stops.push(staging.stop);
    const production = await codeServer.launchLocalGitlab({ name: 'production', stateFile: join(base, 'production.json'), adminToken: ADMIN_TOKEN });
    stops.push(production.stop);

    codeServer.writeUserSettings(userDataDir, {
      'gitlabFlags.environments': [
        { name: 'staging', url: staging.url, chatopsOption: '--staging', access: 'write' },
        { name: 'production', url: production.url, chatopsOption: '--production', production: true, access: 'write' },
      ],
      // Hover on demand only (keyboard), so a stray mouse position never opens one.
      'editor.hover.enabled': false,
      'files.refactoring.autoSave': true,
      'workbench.colorTheme': 'Default Dark Modern',
    });
    await codeServer.installExtension({ vsix: VSIX, userDataDir, extensionsDir });

    let output = '';
    const server = await codeServer.launchCodeServer({
      userDataDir,
      extensionsDir,
      folder: workspace,
      env: { GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN, GITLAB_FLAGS_TOKEN_PRODUCTION: ADMIN_TOKEN },
      onOutput: (text) => (output += text),
    });
    stops.push(server.stop);

    const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    stops.push(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return { page, workspace, gitlab: { staging: staging.url, production: production.url }, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
