// `npm start`: build and package the extension, start a local GitLab pair (staging, production,
// seeded), and open a copy of examples/workspace in code-server with the extension installed and
// both environments and tokens configured. Ctrl-C stops everything.
//
// `npm start -- --no-editor`: for machines without code-server, build and run `gitlab-flags lint`
// on the example workspace instead.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureCodeServer,
  installExtension,
  launchCodeServer,
  launchLocalGitlab,
  prepareDemoWorkspace,
  projectRoot,
  writeUserSettings,
} from './code-server.mjs';

const USAGE = `Usage: npm start [-- --port N] [-- --no-editor]

  --port N      port for code-server (default 8080; 0 picks a free one)
  --no-editor   only build and run 'gitlab-flags lint' on a copy of examples/workspace`;

const ADMIN_TOKEN = 'local-admin-token';
const demoDir = join(projectRoot, '.cache', 'demo');
// The workspace lives outside this checkout, as a git repository of its own (see
// prepareDemoWorkspace); one per checkout, so two checkouts never share it.
const demoWorkspace = join(tmpdir(), `gitlab-flags-demo-${createHash('sha1').update(projectRoot).digest('hex').slice(0, 8)}`, 'workspace');

function parseArgs(argv) {
  const options = { port: 8080, editor: true };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--no-editor') options.editor = false;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const text = arg.includes('=') ? arg.slice('--port='.length) : argv[++index];
      const port = Number(text);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not '${text}'.`);
      options.port = port;
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option '${arg}'.\n${USAGE}`);
  }
  return options;
}

/** Runs a command with the terminal attached; rejects with a one-line message on failure. */
function run(command, args, what) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: projectRoot, stdio: 'inherit' });
    child.once('error', (error) => reject(new Error(`${what} could not start: ${error.message}`)));
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${what} failed (${signal ?? `exit ${code}`}).`))));
  });
}

async function lintOnly() {
  await run('npm', ['run', 'build', '--silent'], 'npm run build');
  // The same copy the editor would open, so both show the same files, flags and problems.
  prepareDemoWorkspace(demoWorkspace);
  console.log(`gitlab-flags lint --root ${demoWorkspace} (a fresh copy of examples/workspace)\n`);
  const child = spawn(process.execPath, [join(projectRoot, 'dist', 'cli.js'), 'lint', '--root', demoWorkspace], { stdio: 'inherit' });
  const code = await new Promise((resolve) => child.once('exit', (exitCode) => resolve(exitCode ?? 1)));
  // The example workspace has problems planted on purpose, so lint's exit 1 is the expected result.
  console.log(`\ngitlab-flags lint exited with ${code} (the example workspace contains deliberate problems).`);
}

// Everything started so far, stopped in reverse order on Ctrl-C, on failure, or when code-server dies.
const stops = [];
let stopping = false;
async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  if (stops.length > 0) console.log('\nStopping…');
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  process.exit(exitCode);
}

async function withEditor(port) {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  console.log('Building and packaging the extension…');
  await run('npm', ['run', 'package', '--silent'], 'npm run package');
  await ensureCodeServer((line) => console.log(line));

  // A fresh copy each run: trying "Remove flag" in the demo must never edit the repository's example.
  const workspace = demoWorkspace;
  const { git } = prepareDemoWorkspace(workspace);
  mkdirSync(join(demoDir, 'gitlab'), { recursive: true });

  const staging = await launchLocalGitlab({ name: 'staging', stateFile: join(demoDir, 'gitlab', 'staging.json'), adminToken: ADMIN_TOKEN });
  stops.push(staging.stop);
  const production = await launchLocalGitlab({ name: 'production', stateFile: join(demoDir, 'gitlab', 'production.json'), adminToken: ADMIN_TOKEN });
  stops.push(production.stop);

  const userDataDir = join(demoDir, 'user-data');
  const extensionsDir = join(demoDir, 'extensions');
  writeUserSettings(userDataDir, {
    'gitlabFlags.environments': [
      { name: 'staging', url: staging.url, chatopsOption: '--staging', access: 'write' },
      { name: 'production', url: production.url, chatopsOption: '--production', production: true, access: 'write', incidentProject: 'gitlab-com/gl-infra/production' },
    ],
  });
  console.log('Installing the extension into code-server…');
  await installExtension({ vsix: join(projectRoot, 'gitlab-feature-flags.vsix'), userDataDir, extensionsDir });

  const editor = await launchCodeServer({
    userDataDir,
    extensionsDir,
    folder: workspace,
    port,
    // Tokens reach the language server through the environment, never through settings.json.
    env: { GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN, GITLAB_FLAGS_TOKEN_PRODUCTION: ADMIN_TOKEN },
  });
  stops.push(editor.stop);
  editor.child.once('exit', (code) => {
    if (!stopping) {
      console.error(`code-server exited unexpectedly (${code}).`);
      void stopAll(1);
    }
  });

  console.log(
    [
      '',
      `Open ${editor.url} in your browser.`,
      '',
      `  workspace            ${workspace} (a fresh copy of examples/workspace${git ? ', committed to a git repository of its own' : ''})`,
      `  local GitLab         staging ${staging.url} · production ${production.url} (admin token ${ADMIN_TOKEN})`,
      `  GitLab state         ${join(demoDir, 'gitlab')} (delete it to re-seed)`,
      '',
      'Press Ctrl-C to stop everything.',
    ].join('\n'),
  );
}

try {
  const options = parseArgs(process.argv.slice(2));
  if (options.editor) await withEditor(options.port);
  else await lintOnly();
} catch (error) {
  console.error(`npm start: ${error.message}`);
  await stopAll(1);
}
