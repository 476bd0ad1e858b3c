// A local HTTP server that speaks GitLab's admin Features API (domain doc §3), for tests, demos
// and trying writes without touching a real instance. Non-GitLab helpers live under /-/local/.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { applySet, enabledFor, featureGates, featureState, type SetParams, type StoredFeature } from './flipper';
import { emptyState, readStateFile, writeStateFile, type LocalIssue, type LocalState } from './state';
import { demoState } from './seed';
import { FaultQueue, type Fault } from './faults';

export interface LocalGitlabOptions {
  port: number;
  host?: string;
  /** JSON file the state persists to; in memory only when absent. */
  stateFile?: string;
  adminToken: string;
  /** A valid token of a user who is not an administrator (answers 403). */
  userToken?: string;
  /** Applied only when there is no state file yet, so a restart never overwrites changes. */
  seed?: 'demo';
  /** Label used by the demo seed ('production' or anything else) and in log lines. */
  name?: string;
  /** Enables POST/DELETE /-/local/faults. */
  faults?: boolean;
  log?: (line: string) => void;
}

export interface LocalGitlab {
  url: string;
  close(): Promise<void>;
}

interface RequestRecord {
  method: string;
  path: string;
  /** Which token came with the request; never the token itself. */
  auth: 'admin' | 'user' | 'invalid' | 'none';
}

const MAX_BODY_BYTES = 64 * 1024;

export async function startLocalGitlab(options: LocalGitlabOptions): Promise<LocalGitlab> {
  const name = options.name ?? 'local';
  const log = options.log ?? (() => {});
  let state: LocalState = (options.stateFile ? readStateFile(options.stateFile) : undefined) ?? (options.seed === 'demo' ? demoState(name) : emptyState());
  if (options.stateFile) writeStateFile(options.stateFile, state);
  const faults = new FaultQueue();
  const requests: RequestRecord[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  // Known once listening; issue links use it.
  let serverUrl = '';

  const save = (): void => {
    if (options.stateFile) writeStateFile(options.stateFile, state);
  };

  const sendJson = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
    response.end(text);
  };

  const featureEntity = (featureName: string, feature: StoredFeature): unknown => ({
    name: featureName,
    state: featureState(feature),
    gates: featureGates(feature),
    definition: state.definitions.find((definition) => definition.name === featureName) ?? null,
  });

  const authOf = (request: IncomingMessage): RequestRecord['auth'] => {
    const header = request.headers['private-token'];
    const token = Array.isArray(header) ? header[0] : header;
    if (!token) return 'none';
    if (token === options.adminToken) return 'admin';
    if (options.userToken && token === options.userToken) return 'user';
    return 'invalid';
  };

  const handleApi = async (request: IncomingMessage, response: ServerResponse, url: URL, auth: RequestRecord['auth']): Promise<void> => {
    const method = request.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    const issues = /^\/api\/v4\/projects\/([^/]+)\/issues$/.exec(path);
    if (issues && method === 'GET') return listIssues(response, decodeURIComponent(issues[1]), url, auth);
    const issue = /^\/api\/v4\/projects\/([^/]+)\/issues\/(\d+)(\/notes)?$/.exec(path);
    if (issue) return handleIssue(request, response, decodeURIComponent(issue[1]), Number(issue[2]), issue[3] !== undefined, auth);
    if (path === '/api/v4/user' && method === 'GET') {
      if (auth === 'none' || auth === 'invalid') return sendJson(response, 401, { message: '401 Unauthorized' });
      return sendJson(response, 200, USERS[auth]);
    }
    const match = /^\/api\/v4\/features(?:\/([^/]+))?$/.exec(path);
    if (!match) return sendJson(response, 404, { error: '404 Not Found' });
    // GitLab checks authentication before anything else on these routes.
    if (auth === 'none' || auth === 'invalid') return sendJson(response, 401, { message: '401 Unauthorized' });
    if (auth === 'user') return sendJson(response, 403, { message: '403 Forbidden' });

    const segment = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
    if (segment === undefined) {
      if (method !== 'GET') return sendJson(response, 405, { error: '405 Not Allowed' });
      return sendJson(response, 200, Object.entries(state.features).sort(([a], [b]) => a.localeCompare(b)).map(([featureName, feature]) => featureEntity(featureName, feature)));
    }
    if (segment === 'definitions' && method === 'GET') return sendJson(response, 200, state.definitions);

    if (method === 'POST') {
      const params = await readParams(request, url);
      if (typeof params === 'string') return sendJson(response, 400, { error: params });
      const outcome = applySet(segment, state.features[segment], params, state.actors);
      if (!outcome.ok) {
        log(`${name}: POST ${segment} refused: ${outcome.message}`);
        return sendJson(response, 400, outcome.style === 'grape' ? { error: outcome.message } : { message: `400 Bad request - ${outcome.message}` });
      }
      state.features[segment] = outcome.feature;
      save();
      log(`${name}: ${segment} set (${JSON.stringify(params)})`);
      return sendJson(response, 201, featureEntity(segment, outcome.feature));
    }
    if (method === 'DELETE') {
      if (state.features[segment]) {
        delete state.features[segment];
        save();
        log(`${name}: ${segment} deleted`);
      }
      response.writeHead(204);
      return void response.end();
    }
    return sendJson(response, 405, { error: '405 Not Allowed' });
  };

  /**
   * One issue: GET it, PUT it (state_event=close|reopen, add_labels, remove_labels), and GET or
   * POST its notes, with GitLab's status codes and bodies. Any valid token may do it here.
   */
  const handleIssue = async (request: IncomingMessage, response: ServerResponse, project: string, iid: number, notes: boolean, auth: RequestRecord['auth']): Promise<void> => {
    const method = request.method ?? 'GET';
    if (auth === 'none' || auth === 'invalid') return sendJson(response, 401, { message: '401 Unauthorized' });
    if (!state.projects.includes(project)) return sendJson(response, 404, { message: '404 Project Not Found' });
    const found = state.issues.find((candidate) => candidate.project === project && candidate.iid === iid);
    if (!found) return sendJson(response, 404, { message: '404 Issue Not Found' });
    const entity = () => {
      const { project: _project, notes: _notes, ...rest } = found;
      return { ...rest, web_url: `${serverUrl}/${project}/-/issues/${iid}` };
    };
    if (notes) {
      if (method === 'GET') return sendJson(response, 200, found.notes ?? []);
      if (method !== 'POST') return sendJson(response, 405, { error: '405 Not Allowed' });
      const params = await readParams(request, new URL('http://local/'));
      if (typeof params === 'string') return sendJson(response, 400, { error: params });
      if (!params.body || params.body.trim() === '') return sendJson(response, 400, { error: 'body is missing' });
      const note = { id: 1 + Math.max(0, ...state.issues.flatMap((candidate) => candidate.notes ?? []).map((existing) => existing.id)), body: params.body, author: { username: USERS[auth as 'admin' | 'user'].username }, created_at: new Date().toISOString() };
      found.notes = [...(found.notes ?? []), note];
      save();
      return sendJson(response, 201, { ...note, system: false, noteable_type: 'Issue', noteable_iid: iid });
    }
    if (method === 'GET') return sendJson(response, 200, entity());
    if (method !== 'PUT') return sendJson(response, 405, { error: '405 Not Allowed' });
    const params = await readParams(request, new URL('http://local/'));
    if (typeof params === 'string') return sendJson(response, 400, { error: params });
    if (params.state_event !== undefined && params.state_event !== 'close' && params.state_event !== 'reopen') {
      return sendJson(response, 400, { error: 'state_event does not have a valid value' });
    }
    if (params.state_event === 'close') found.state = 'closed';
    if (params.state_event === 'reopen') found.state = 'opened';
    const list = (text: string | undefined): string[] => (text ?? '').split(',').map((label) => label.trim()).filter(Boolean);
    const removed = new Set(list(params.remove_labels));
    found.labels = [...new Set([...found.labels.filter((label) => !removed.has(label)), ...list(params.add_labels)])];
    save();
    return sendJson(response, 200, entity());
  };

  /** GET /projects/:id/issues with the filters the production check uses: state and issue_type. */
  const listIssues = (response: ServerResponse, project: string, url: URL, auth: RequestRecord['auth']): void => {
    // Any valid token may read issues; an unknown project is a 404, as GitLab answers.
    if (auth === 'none' || auth === 'invalid') return sendJson(response, 401, { message: '401 Unauthorized' });
    if (!state.projects.includes(project)) return sendJson(response, 404, { message: '404 Project Not Found' });
    const inProject = state.issues.filter((issue) => issue.project === project);
    const wantedState = url.searchParams.get('state');
    const wantedType = url.searchParams.get('issue_type');
    const listed = inProject.filter((issue) => (!wantedState || wantedState === 'all' || issue.state === wantedState) && (!wantedType || issue.issue_type === wantedType));
    return sendJson(response, 200, listed.map(({ project: _project, ...issue }) => ({ ...issue, web_url: `${serverUrl}/${project}/-/issues/${issue.iid}` })));
  };

  const handleLocal = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const method = request.method ?? 'GET';
    if (url.pathname === '/-/local/enabled' && method === 'GET') {
      const flag = url.searchParams.get('flag');
      const actor = url.searchParams.get('actor');
      if (!flag || !actor) return sendJson(response, 400, { error: 'pass ?flag=NAME&actor=Project:123 (and optionally &groups=a,b)' });
      const groups = (url.searchParams.get('groups') ?? '').split(',').filter(Boolean);
      return sendJson(response, 200, { flag, actor, ...enabledFor(flag, state.features[flag], actor, groups) });
    }
    if (url.pathname === '/-/local/requests') {
      if (method === 'DELETE') {
        requests.length = 0;
        response.writeHead(204);
        return void response.end();
      }
      return sendJson(response, 200, requests);
    }
    if (url.pathname === '/-/local/faults' && options.faults) {
      if (method === 'DELETE') {
        faults.clear();
        response.writeHead(204);
        return void response.end();
      }
      if (method === 'POST') {
        const body = await readBody(request);
        let fault: Fault | string;
        try {
          fault = FaultQueue.parse(JSON.parse(body));
        } catch {
          fault = 'the body must be JSON such as {"kind":"status","status":503}';
        }
        if (typeof fault === 'string') return sendJson(response, 400, { error: fault });
        faults.add(fault);
        return sendJson(response, 201, fault);
      }
    }
    if (url.pathname === '/-/local/issues') {
      if (method === 'DELETE') {
        state.issues = [];
        save();
        response.writeHead(204);
        return void response.end();
      }
      if (method === 'POST') {
        let issue: LocalIssue | string;
        try {
          issue = parseIssue(JSON.parse(await readBody(request)), state.issues);
        } catch {
          issue = 'the body must be JSON such as {"project":"gitlab-com/gl-infra/production","title":"...","issue_type":"incident","labels":["severity::1"]}';
        }
        if (typeof issue === 'string') return sendJson(response, 400, { error: issue });
        state.issues.push(issue);
        if (!state.projects.includes(issue.project)) state.projects.push(issue.project);
        save();
        return sendJson(response, 201, issue);
      }
    }
    if (url.pathname === '/-/local/definitions') {
      // The instance's YAML definitions (what GET /api/v4/features/definitions lists): a test
      // makes the instance know, or forget, a flag's definition.
      if (method === 'DELETE') {
        state.definitions = [];
        save();
        response.writeHead(204);
        return void response.end();
      }
      if (method === 'POST') {
        let definition: unknown;
        try {
          definition = JSON.parse(await readBody(request));
        } catch {
          definition = undefined;
        }
        const record = definition as Record<string, unknown> | undefined;
        if (!record || typeof record !== 'object' || typeof record.name !== 'string' || typeof record.default_enabled !== 'boolean') {
          return sendJson(response, 400, { error: 'the body must be JSON such as {"name":"my_flag","type":"beta","default_enabled":false}' });
        }
        state.definitions = [...state.definitions.filter((existing) => existing.name !== record.name), record];
        save();
        return sendJson(response, 201, record);
      }
    }
    if (url.pathname === '/-/local/state' && method === 'GET') return sendJson(response, 200, state);
    return sendJson(response, 404, { error: '404 Not Found' });
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    const auth = authOf(request);
    const handle = async (): Promise<void> => {
      if (url.pathname.startsWith('/-/local/')) return handleLocal(request, response, url);
      requests.push({ method: request.method ?? 'GET', path: url.pathname, auth });
      if (requests.length > 500) requests.shift();
      const fault = url.pathname.startsWith('/api/') ? faults.take(request.method ?? 'GET', url.pathname) : undefined;
      if (fault) {
        const handled = await injectFault(fault, request, response, timers);
        if (handled) return;
      }
      return handleApi(request, response, url, auth);
    };
    handle().catch((error) => {
      log(`${name}: internal error: ${(error as Error).message}`);
      if (!response.headersSent) sendJson(response, 500, { message: '500 Internal Server Error' });
      else response.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(new Error(error.code === 'EADDRINUSE' ? `port ${options.port} is already in use; pass another --port (0 picks a free one).` : error.message));
    });
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  serverUrl = `http://${host}:${address.port}`;

  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Applies a fault; returns false when the request should then be answered normally (delay). */
async function injectFault(fault: Fault, request: IncomingMessage, response: ServerResponse, timers: Set<NodeJS.Timeout>): Promise<boolean> {
  switch (fault.kind) {
    case 'delay':
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, fault.ms ?? 1000);
        timers.add(timer);
      });
      return response.destroyed;
    case 'reset':
      request.socket.destroy();
      return true;
    case 'status': {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
      response.writeHead(fault.status ?? 500, headers);
      response.end(JSON.stringify({ message: fault.message ?? `${fault.status ?? 500} injected` }));
      return true;
    }
    case 'truncated': {
      const text = '[{"name":"code_suggestions_context","state":"on","gates":[{"key":"boolean","va';
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      response.end(text);
      return true;
    }
    case 'non-json':
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<!DOCTYPE html><html><body>Sign in</body></html>');
      return true;
    case 'wrong-shape':
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ features: [] }));
      return true;
    case 'redirect':
      response.writeHead(fault.status ?? 302, { Location: fault.location ?? 'http://127.0.0.1:9/elsewhere' });
      response.end();
      return true;
    case 'reset-after-apply':
    case 'hang-after-apply':
      // The request is handled (the write is applied and persisted), but its answer never
      // arrives: the connection is reset, or left open until the client gives up.
      response.writeHead = (() => response) as unknown as ServerResponse['writeHead'];
      response.end = (() => {
        if (fault.kind === 'reset-after-apply') request.socket.destroy();
        return response;
      }) as unknown as ServerResponse['end'];
      return false;
    case 'huge': {
      // Chunked, so only the client's own count can stop it.
      const total = fault.bytes ?? 20 * 1024 * 1024;
      const item = Buffer.from('{"name":"padding_flag","state":"off","gates":[]},');
      const chunk = Buffer.concat(Array.from({ length: Math.max(1, Math.floor(65536 / item.length)) }, () => item));
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('[');
      let sent = 1;
      while (sent < total && !response.destroyed) {
        if (!response.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              response.off('drain', done);
              response.off('close', done);
              resolve();
            };
            response.on('drain', done);
            response.on('close', done);
          });
        }
        sent += chunk.length;
      }
      if (!response.destroyed) response.end('{"name":"padding_flag","state":"off","gates":[]}]');
      return true;
    }
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Query string, form or JSON body merged as Grape does; values become strings. */
async function readParams(request: IncomingMessage, url: URL): Promise<SetParams | string> {
  const params: SetParams = {};
  for (const [key, value] of url.searchParams) params[key] = value;
  const body = await readBody(request);
  if (body.trim() === '') return params;
  const type = request.headers['content-type'] ?? '';
  if (type.includes('application/json')) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return 'The request body is not valid JSON';
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'The request body must be a JSON object';
    for (const [key, value] of Object.entries(json)) {
      if (value === null || value === undefined) continue;
      if (typeof value === 'object') return `${key} is invalid`;
      params[key] = String(value);
    }
  } else {
    for (const [key, value] of new URLSearchParams(body)) params[key] = value;
  }
  return params;
}

/** The users behind the two tokens, as GET /api/v4/user shows them. */
const USERS = {
  admin: { id: 1, username: 'root', name: 'Administrator' },
  user: { id: 2, username: 'developer', name: 'Developer' },
} as const;

/** An issue to add through POST /-/local/issues; the iid is the project's next one. */
function parseIssue(value: unknown, existing: LocalIssue[]): LocalIssue | string {
  if (typeof value !== 'object' || value === null) return 'the body must be a JSON object';
  const raw = value as Record<string, unknown>;
  if (typeof raw.project !== 'string' || raw.project === '') return 'project (a full path such as gitlab-com/gl-infra/production) is required';
  if (typeof raw.title !== 'string' || raw.title === '') return 'title is required';
  const labels = raw.labels ?? [];
  if (!Array.isArray(labels) || labels.some((label) => typeof label !== 'string')) return 'labels must be a list of strings';
  const state = raw.state ?? 'opened';
  if (state !== 'opened' && state !== 'closed') return 'state must be opened or closed';
  const issueType = raw.issue_type ?? 'issue';
  if (issueType !== 'issue' && issueType !== 'incident') return 'issue_type must be issue or incident';
  const iid = 1 + Math.max(0, ...existing.filter((issue) => issue.project === raw.project).map((issue) => issue.iid));
  return { project: raw.project, iid, title: raw.title, state, issue_type: issueType, labels: labels as string[] };
}
