// `node dist/local-gitlab.js`: with --port, one local Features API instance that prints its URL
// as a single stdout line (tests read it); without, the `npm run gitlab:local` pair: staging and
// production, seeded, with the settings to paste printed. Ctrl-C stops everything cleanly.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { startLocalGitlab, type LocalGitlab, type LocalGitlabOptions } from './app';

const DEFAULT_ADMIN_TOKEN = 'local-admin-token';

const USAGE = `Usage: local-gitlab [--port N] [--host H] [--state FILE] [--admin-token T] [--user-token T]
                    [--seed demo] [--name NAME] [--faults]
       local-gitlab [--staging-port N] [--production-port N] [--state-dir DIR]   (the staging+production pair)

--port 0 picks a free port. The URL is printed on stdout as one line.`;

interface Parsed {
  values: Map<string, string>;
  switches: Set<string>;
}

function parseArgs(argv: string[]): Parsed {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  const withValue = new Set(['--port', '--host', '--state', '--admin-token', '--user-token', '--seed', '--name', '--staging-port', '--production-port', '--state-dir']);
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (withValue.has(flag)) {
      const value = inline ?? argv[++index];
      if (value === undefined) throw new Error(`${flag} needs a value.`);
      values.set(flag, value);
    } else if (flag === '--faults' || flag === '--help' || flag === '-h') switches.add(flag);
    else throw new Error(`unknown option '${arg}'.\n${USAGE}`);
  }
  return { values, switches };
}

function port(text: string | undefined, fallback: number, option: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${option} must be a port number from 0 to 65535, not '${text}'.`);
  return value;
}

function stateDirectory(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'gitlab-flags', 'local-gitlab');
}

async function main(argv: string[]): Promise<void> {
  const { values, switches } = parseArgs(argv);
  if (switches.has('--help') || switches.has('-h')) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const seed = values.get('--seed');
  if (seed !== undefined && seed !== 'demo') throw new Error(`--seed must be 'demo', not '${seed}'.`);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const instances: LocalGitlab[] = [];
  const stop = (): void => {
    Promise.all(instances.map((instance) => instance.close())).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  if (values.has('--port')) {
    const options: LocalGitlabOptions = {
      port: port(values.get('--port'), 0, '--port'),
      host: values.get('--host'),
      stateFile: values.get('--state'),
      adminToken: values.get('--admin-token') ?? DEFAULT_ADMIN_TOKEN,
      userToken: values.get('--user-token'),
      seed: seed as 'demo' | undefined,
      name: values.get('--name'),
      faults: switches.has('--faults'),
      log,
    };
    const instance = await startLocalGitlab(options);
    instances.push(instance);
    process.stdout.write(`${instance.url}\n`);
    return;
  }

  const directory = values.get('--state-dir') ?? stateDirectory(process.env);
  for (const [name, defaultPort, option] of [['staging', 3101, '--staging-port'], ['production', 3102, '--production-port']] as const) {
    instances.push(
      await startLocalGitlab({
        port: port(values.get(option), defaultPort, option),
        stateFile: join(directory, `${name}.json`),
        adminToken: values.get('--admin-token') ?? DEFAULT_ADMIN_TOKEN,
        userToken: values.get('--user-token'),
        seed: 'demo',
        name,
        faults: switches.has('--faults'),
        log,
      }),
    );
  }
  const [staging, production] = instances;
  const token = values.get('--admin-token') ?? DEFAULT_ADMIN_TOKEN;
  const environments = JSON.stringify([
    { name: 'staging', url: staging.url, chatopsOption: '--staging', access: 'write' },
    { name: 'production', url: production.url, chatopsOption: '--production', production: true, access: 'write' },
  ]);
  process.stdout.write(
    [
      `Local GitLab (staging):    ${staging.url}`,
      `Local GitLab (production): ${production.url}`,
      `Admin token for both:      ${token}`,
      `State files:               ${directory}`,
      '',
      'For the CLI:',
      `  export GITLAB_FLAGS_ENVIRONMENTS='${environments}'`,
      `  export GITLAB_FLAGS_TOKEN_STAGING=${token} GITLAB_FLAGS_TOKEN_PRODUCTION=${token}`,
      '  node dist/cli.js get code_suggestions_context',
      '',
      'Press Ctrl-C to stop both.',
      '',
    ].join('\n'),
  );
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`local-gitlab: ${(error as Error).message}\n`);
  process.exit(2);
});
