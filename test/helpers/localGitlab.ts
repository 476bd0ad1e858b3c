// Starts the local GitLab Features API (dist/local-gitlab.js, built by `npm test`) in a child
// process on a free port, and talks to its /-/local/ helpers. Tests wait on the printed URL and
// on the process's exit, never on a sleep.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const ADMIN_TOKEN = 'test-admin-token-3f9a';
export const USER_TOKEN = 'test-user-token-77c1';
const ENTRY = join(__dirname, '..', '..', 'dist', 'local-gitlab.js');

export interface LocalGitlabProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM, then resolves when the process has exited. */
  stop(): Promise<void>;
  setFault(fault: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  requests(): Promise<{ method: string; path: string; auth: string }[]>;
  clearRequests(): Promise<void>;
  enabledFor(flag: string, actor: string): Promise<{ enabled: boolean | 'random'; reason: string }>;
  /** An admin API call, for arranging state. */
  api(method: string, path: string, body?: Record<string, string>): Promise<{ status: number; json: unknown }>;
  /** Adds an issue (an incident, for the production check) to a project; returns its iid. */
  addIssue(issue: { project: string; title: string; issue_type?: 'issue' | 'incident'; state?: 'opened' | 'closed'; labels?: string[] }): Promise<number>;
  clearIssues(): Promise<void>;
  /** Makes the instance know a YAML definition (GET /api/v4/features/definitions, and features' `definition`). */
  addDefinition(definition: { name: string; default_enabled: boolean; type?: string }): Promise<void>;
  clearDefinitions(): Promise<void>;
}

export interface StartOptions {
  stateFile?: string;
  seed?: 'demo';
  name?: string;
  faults?: boolean;
}

export async function startLocalGitlab(options: StartOptions = {}): Promise<LocalGitlabProcess> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run npm run build first.`);
  const args = [ENTRY, '--port', '0', '--admin-token', ADMIN_TOKEN, '--user-token', USER_TOKEN];
  if (options.stateFile) args.push('--state', options.stateFile);
  if (options.seed) args.push('--seed', options.seed);
  if (options.name) args.push('--name', options.name);
  if (options.faults) args.push('--faults');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`local-gitlab exited with ${code}: ${stderr}`)));
  });

  const call = async (method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: unknown }> => {
    const headers: Record<string, string> = {};
    if (token) headers['PRIVATE-TOKEN'] = token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  };

  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    setFault: async (fault) => {
      const { status } = await call('POST', '/-/local/faults', fault);
      if (status !== 201) throw new Error(`fault not accepted (${status})`);
    },
    clearFaults: async () => void (await call('DELETE', '/-/local/faults')),
    requests: async () => (await call('GET', '/-/local/requests')).json as { method: string; path: string; auth: string }[],
    clearRequests: async () => void (await call('DELETE', '/-/local/requests')),
    enabledFor: async (flag, actor) =>
      (await call('GET', `/-/local/enabled?flag=${encodeURIComponent(flag)}&actor=${encodeURIComponent(actor)}`)).json as { enabled: boolean | 'random'; reason: string },
    api: (method, path, body) => call(method, path, body, ADMIN_TOKEN),
    addIssue: async (issue) => {
      const { status, json } = await call('POST', '/-/local/issues', issue);
      if (status !== 201) throw new Error(`issue not accepted (${status}): ${JSON.stringify(json)}`);
      return (json as { iid: number }).iid;
    },
    clearIssues: async () => void (await call('DELETE', '/-/local/issues')),
    addDefinition: async (definition) => {
      const { status } = await call('POST', '/-/local/definitions', definition);
      if (status !== 201) throw new Error(`definition not accepted (${status})`);
    },
    clearDefinitions: async () => void (await call('DELETE', '/-/local/definitions')),
  };
}
