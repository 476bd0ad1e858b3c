// Installs code-server 4.100.3 into .cache/code-server (offline-friendly recipe from the design doc)
// and launches it. Used by `npm start` and the e2e tests; `node scripts/code-server.mjs install`
// pre-installs it (CI does this once before the tests).
import { execFile, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const CODE_SERVER_VERSION = '4.100.3';
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const installDir = join(projectRoot, '.cache', 'code-server');
export const codeServerBin = join(installDir, 'node_modules', '.bin', 'code-server');

// @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds the archive;
// these are the @vscode/ripgrep versions code-server 4.100.3's dependency tree asks for.
const RIPGREP_PACKAGE_VERSIONS = ['1.15.11', '1.15.13', '1.15.14'];
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

async function preseedRipgrepCache() {
  const rg = '/usr/bin/rg';
  if (!existsSync(rg)) {
    throw new Error('ripgrep is not installed (/usr/bin/rg missing): run `apt-get install -y ripgrep` first.');
  }
  for (const version of RIPGREP_PACKAGE_VERSIONS) {
    const cacheDir = join(tmpdir(), `vscode-ripgrep-cache-${version}`);
    const archive = join(cacheDir, RIPGREP_ARCHIVE);
    if (existsSync(archive)) continue;
    mkdirSync(cacheDir, { recursive: true });
    await execFileAsync('tar', ['czf', archive, '-C', '/usr/bin', 'rg']);
  }
}

/** Returns the code-server binary, installing it on first use (a few minutes, once). */
export async function ensureCodeServer(log = (line) => process.stderr.write(line + '\n')) {
  if (existsSync(codeServerBin)) return codeServerBin;
  log(`Installing code-server ${CODE_SERVER_VERSION} into ${installDir} (first run only; takes a few minutes)…`);
  await preseedRipgrepCache();
  mkdirSync(installDir, { recursive: true });
  // A package.json of its own keeps npm from walking up into the project's package.json.
  writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }) + '\n');
  try {
    await execFileAsync(
      'npm',
      ['install', '--prefix', installDir, '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`],
      {
        env: { ...process.env, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } catch (error) {
    const stderr = String(error.stderr ?? '').trim().split('\n').slice(-5).join('\n');
    throw new Error(`Installing code-server failed (apt packages libkrb5-dev libxkbfile-dev libsecret-1-dev needed):\n${stderr}`);
  }
  if (!existsSync(codeServerBin)) throw new Error(`code-server installed but ${codeServerBin} is missing.`);
  log(`code-server ${CODE_SERVER_VERSION} installed.`);
  return codeServerBin;
}

/** Installs a .vsix into the given extensions directory. */
export async function installExtension({ vsix, userDataDir, extensionsDir }) {
  const bin = await ensureCodeServer();
  await execFileAsync(
    bin,
    ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    { maxBuffer: 16 * 1024 * 1024 },
  );
}

/** The user settings every launch needs; `extra` is merged on top. */
export function writeUserSettings(userDataDir, extra = {}) {
  const userDir = join(userDataDir, 'User');
  mkdirSync(userDir, { recursive: true });
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    ...extra,
  };
  writeFileSync(join(userDir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

/**
 * Makes `target` a fresh copy of examples/workspace that is a git repository of its own, with
 * everything committed: what a GitLab checkout looks like to the extension. `npm start` and the
 * e2e session both open a copy made here. A copy left inside this checkout (which ignores
 * .cache/) would be a folder its enclosing repository ignores; its own .git keeps the demo a
 * normal checkout. Without git it stays a plain directory, which the index walks.
 * Returns { git: boolean }.
 */
export function prepareDemoWorkspace(target) {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(projectRoot, 'examples', 'workspace'), target, { recursive: true });
  // A fixed identity and date, and no hooks or signing from the user's configuration.
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'GitLab Flags demo',
    GIT_AUTHOR_EMAIL: 'demo@example.com',
    GIT_COMMITTER_NAME: 'GitLab Flags demo',
    GIT_COMMITTER_EMAIL: 'demo@example.com',
    GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z',
    GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z',
  };
  const git = (...args) => execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgSign=false', ...args], { cwd: target, env, stdio: 'pipe' });
  try {
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'The example workspace');
    return { git: true };
  } catch {
    rmSync(join(target, '.git'), { recursive: true, force: true });
    return { git: false };
  }
}

/**
 * Starts code-server on an ephemeral port and resolves once it listens.
 * Returns { url, child, stop }. `stop()` ends the whole process group.
 */
export async function launchCodeServer({ userDataDir, extensionsDir, folder, env = {}, port = 0, onOutput }) {
  const bin = await ensureCodeServer();
  const child = spawn(
    bin,
    [
      // A config of its own, so code-server never writes ~/.config/code-server/config.yaml.
      '--config', join(userDataDir, 'config.yaml'),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      folder,
    ],
    // Own process group, so stop() also ends the extension host and the language server under it.
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        resolve();
      }
    });
  const url = await new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      const text = chunk.toString();
      onOutput?.(text);
      output += text;
      const match = /HTTP server listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) resolve(match[1].replace(/\/?$/, '/'));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`code-server exited (${code}) before listening:\n${output.slice(-2000)}`)));
    child.once('error', reject);
  });
  return { url, child, stop };
}

/**
 * Starts one local GitLab (dist/local-gitlab.js, seeded) and resolves with its URL, which the
 * server prints as its first stdout line. `stop()` ends it.
 */
export async function launchLocalGitlab({ name, stateFile, adminToken }) {
  const script = join(projectRoot, 'dist', 'local-gitlab.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first.`);
  const child = spawn(
    process.execPath,
    [script, '--port', '0', '--state', stateFile, '--admin-token', adminToken, '--seed', 'demo', '--name', name],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk.toString()));
  const url = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      const newline = output.indexOf('\n');
      if (newline >= 0) resolve(output.slice(0, newline).trim());
    });
    child.once('exit', (code) => reject(new Error(`local GitLab '${name}' exited (${code}): ${errors.trim()}`)));
    child.once('error', reject);
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, child, stop };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command] = process.argv.slice(2);
  if (command === 'install') {
    ensureCodeServer()
      .then((bin) => console.log(bin))
      .catch((error) => {
        console.error(`code-server: ${error.message}`);
        process.exitCode = 1;
      });
  } else {
    console.error('Usage: node scripts/code-server.mjs install');
    process.exitCode = 2;
  }
}
