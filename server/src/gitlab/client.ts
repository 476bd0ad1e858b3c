// A small typed client for GitLab's admin Features API (domain doc §3) on Node's global fetch.
// @gitbeaker/core does cover /features (its Features resource lists, sets and deletes flags); this
// client is our own, with no dependency, because it must be careful in ways a generic one does not
// promise: redirects are never followed (the token must not reach another host), only reads are
// retried (a write must never happen twice), answers are read no further than a size limit, and
// every failure becomes a GitLabError whose message names the environment and never contains the
// token.

import type { Environment, FeatureState, Gate, Incident } from '../../../shared/gitlabModel';
import { formatDuration, GitLabError, type GitLabErrorKind } from './errors';
import { tokenVariableName } from './environments';

export const DEFAULT_TIMEOUT_MS = 5000;
/** GitLab.com's /features answer is about 1 MB; anything over this is not a Features API answer. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Actor parameters of POST /features/:name; each is a comma-separated list. */
export const ACTOR_PARAMETERS = ['feature_group', 'user', 'group', 'namespace', 'project', 'repository', 'organization', 'runner', 'endpoint'] as const;
export type ActorParameter = (typeof ACTOR_PARAMETERS)[number];

/** The parameters of POST /api/v4/features/:name. */
export type SetFeatureParams = {
  /** 'true', 'false', or a number 0-100 ('100' enables, '0' disables). */
  value: string;
  key?: 'percentage_of_actors' | 'percentage_of_time';
  force?: boolean;
} & Partial<Record<ActorParameter, string>>;

export interface FeaturesClientOptions {
  environment: Environment;
  token: string | undefined;
  timeoutMs?: number;
  /** Extra attempts for GETs after a timeout, connection failure, 429, 502, 503 or 504. */
  retries?: number;
  /** First backoff; doubled for each later attempt. */
  backoffMs?: number;
  /** A 429 asking to wait longer than this is reported instead of waited out. */
  maxRetryAfterMs?: number;
  /** Larger answers are an error (kind 'too-large'), read no further and never retried. */
  maxResponseBytes?: number;
}

// Flag names in the path: GitLab's own names (snake_case) and the dynamic worker names
// (run_sidekiq_jobs_Foo::BarWorker). Anything else (/, ?, %, .., spaces) could change the URL.
const FLAG_NAME_IN_PATH = /^[A-Za-z0-9_:-]+$/;

export function validateFlagNameForPath(name: string): string | undefined {
  if (name === '') return 'the flag name is empty.';
  if (!FLAG_NAME_IN_PATH.test(name)) return `invalid flag name '${name}': use only letters, digits, '_', ':' and '-'.`;
  return undefined;
}

const NUMBER = /^\d+(\.\d+)?$/;

/** Every problem with a set request, checked before anything is sent. Empty when valid. */
export function validateSetParams(params: SetFeatureParams): string[] {
  const problems: string[] = [];
  const value = params.value;
  if (value === undefined || value === '') {
    problems.push("'value' is required: true, false, or a number from 0 to 100.");
  } else if (value !== 'true' && value !== 'false') {
    if (!NUMBER.test(value)) problems.push(`'value' must be true, false, or a number from 0 to 100, not '${value}'.`);
    else if (Number(value) > 100) problems.push(`'value' must be a percentage from 0 to 100, not ${value}.`);
  }
  if (params.key !== undefined && params.key !== 'percentage_of_actors' && params.key !== 'percentage_of_time') {
    problems.push(`'key' must be percentage_of_actors or percentage_of_time, not '${String(params.key)}'.`);
  }
  const actors = ACTOR_PARAMETERS.filter((name) => params[name] !== undefined);
  if (params.key !== undefined && actors.length > 0) {
    problems.push(`'key' (${params.key}) cannot be combined with actor parameters (${actors.join(', ')}).`);
  }
  for (const name of actors) {
    const list = params[name] as string;
    if (list.split(',').some((item) => item.trim() === '' || /\s/.test(item))) {
      problems.push(`'${name}' must be a comma-separated list without spaces or empty items, not '${list}'.`);
    }
  }
  if (params.force !== undefined && typeof params.force !== 'boolean') problems.push("'force' must be true or false.");
  return problems;
}

/**
 * The body we send for a set, as JSON (request() sends every body as application/json). Every
 * value is a string, as a form would carry it; GitLab coerces them (`force` goes as 'true').
 */
export function setRequestBody(params: SetFeatureParams): Record<string, string> {
  const body: Record<string, string> = { value: params.value };
  if (params.key) body.key = params.key;
  for (const name of ACTOR_PARAMETERS) if (params[name] !== undefined) body[name] = params[name] as string;
  if (params.force) body.force = 'true';
  return body;
}

/** An issue's API path; the project path is URL-encoded as one segment, as GitLab requires. */
export function issuePath(project: string, iid: number): string {
  return `/api/v4/projects/${encodeURIComponent(project)}/issues/${iid}`;
}

export function featurePath(name: string): string {
  return `/api/v4/features/${encodeURIComponent(name)}`;
}

export class FeaturesClient {
  readonly environment: Environment;
  private readonly token: string | undefined;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly maxResponseBytes: number;

  constructor(options: FeaturesClientOptions) {
    this.environment = options.environment;
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = options.retries ?? 2;
    this.backoffMs = options.backoffMs ?? 300;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
    this.maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  }

  /** GET /api/v4/features: every persisted flag. */
  async listFeatures(): Promise<FeatureState[]> {
    const path = '/api/v4/features';
    const json = await this.request('GET', path);
    const features = parseFeatureList(json);
    if (typeof features === 'string') throw this.error('wrong-shape', `unexpected response from GET ${path}: ${features}.`);
    return features;
  }

  /** GET /api/v4/features/definitions: the instance's YAML definitions as JSON objects. */
  async listDefinitions(): Promise<Record<string, unknown>[]> {
    const path = '/api/v4/features/definitions';
    const json = await this.request('GET', path);
    if (!Array.isArray(json) || json.some((item) => typeof item !== 'object' || item === null || typeof item.name !== 'string')) {
      throw this.error('wrong-shape', `unexpected response from GET ${path}: expected a list of definitions with names.`);
    }
    return json as Record<string, unknown>[];
  }

  /** GET /api/v4/projects/:id/issues?state=opened&issue_type=incident: open incidents, newest first. */
  async listOpenIncidents(project: string): Promise<Incident[]> {
    const path = `/api/v4/projects/${encodeURIComponent(project)}/issues?state=opened&issue_type=incident&per_page=100`;
    let json: unknown;
    try {
      json = await this.request('GET', path);
    } catch (error) {
      // NOTE: the generic 404 advice ("check the environment URL") would mislead here.
      if (error instanceof GitLabError && error.status === 404) throw this.error('not-found', `project ${project} not found (404); check incidentProject in the environment list`, 404);
      throw error;
    }
    const incidents = parseIncidents(json);
    if (typeof incidents === 'string') throw this.error('wrong-shape', `unexpected response from GET ${path}: ${incidents}.`);
    return incidents;
  }

  /** POST /api/v4/features/:name. Validated before sending; never retried. */
  async setFeature(name: string, params: SetFeatureParams): Promise<FeatureState> {
    this.checkName(name);
    const problems = validateSetParams(params);
    if (problems.length > 0) throw this.error('invalid-request', problems.join(' '), undefined, undefined, false);
    const path = featurePath(name);
    const json = await this.request('POST', path, setRequestBody(params));
    const feature = parseFeature(json, 'the response');
    if (typeof feature === 'string') throw this.error('wrong-shape', `unexpected response from POST ${path}: ${feature}.`);
    return feature;
  }

  /** GET /api/v4/user: who the token belongs to (for the rollout issue's notes). */
  async currentUser(): Promise<{ username: string; name?: string }> {
    const json = (await this.request('GET', '/api/v4/user')) as { username?: unknown; name?: unknown } | undefined;
    if (!json || typeof json.username !== 'string') throw this.error('wrong-shape', 'unexpected response from GET /api/v4/user: no username.');
    return { username: json.username, ...(typeof json.name === 'string' ? { name: json.name } : {}) };
  }

  /** POST /api/v4/projects/:id/issues/:iid/notes. Never retried. */
  async addIssueNote(project: string, iid: number, body: string): Promise<{ id: number }> {
    const path = `${issuePath(project, iid)}/notes`;
    const json = (await this.request('POST', path, { body })) as { id?: unknown } | undefined;
    if (!json || typeof json.id !== 'number') throw this.error('wrong-shape', `unexpected response from POST ${path}: no note id.`);
    return { id: json.id };
  }

  /** PUT /api/v4/projects/:id/issues/:iid: close it, or add and remove labels. Never retried. */
  async updateIssue(project: string, iid: number, params: { state_event?: 'close'; add_labels?: string; remove_labels?: string }): Promise<{ state: string; labels: string[] }> {
    const path = issuePath(project, iid);
    const json = (await this.request('PUT', path, params as Record<string, string>)) as { state?: unknown; labels?: unknown } | undefined;
    if (!json || typeof json.state !== 'string' || !Array.isArray(json.labels)) throw this.error('wrong-shape', `unexpected response from PUT ${path}: not an issue.`);
    return { state: json.state, labels: json.labels.filter((label): label is string => typeof label === 'string') };
  }

  /** DELETE /api/v4/features/:name: back to the default. Succeeds whether or not the flag existed. */
  async deleteFeature(name: string): Promise<void> {
    this.checkName(name);
    await this.request('DELETE', featurePath(name));
  }

  private checkName(name: string): void {
    const problem = validateFlagNameForPath(name);
    if (problem) throw this.error('invalid-request', problem, undefined, undefined, false);
  }

  private error(kind: GitLabErrorKind, detail: string, status?: number, retryAfterSeconds?: number, requestSent = true): GitLabError {
    // NOTE: timeouts and connection failures read "staging unreachable (...)" so the gate wording
    // "state unknown: staging unreachable (timeout after 5 s)" comes out naturally.
    const name = this.environment.name;
    let message = kind === 'timeout' || kind === 'unreachable' ? `${name} unreachable (${detail})` : `${name}: ${detail}`;
    if (this.token) message = message.split(this.token).join('[token]');
    return new GitLabError(kind, message, name, status, retryAfterSeconds, requestSent);
  }

  private async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: Record<string, string>): Promise<unknown> {
    if (!this.token) {
      throw this.error('no-token', `no token; set ${tokenVariableName(this.environment.name)} or add one in the editor (an admin token is needed).`, undefined, undefined, false);
    }
    const attempts = method === 'GET' ? this.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(method, path, body);
      } catch (error) {
        if (!(error instanceof GitLabError) || attempt >= attempts || !isTransient(error)) throw error;
        let waitMs = this.backoffMs * 2 ** (attempt - 1);
        if (error.retryAfterSeconds !== undefined) {
          if (error.retryAfterSeconds * 1000 > this.maxRetryAfterMs) throw error;
          waitMs = Math.max(waitMs, error.retryAfterSeconds * 1000);
        }
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  private async attempt(method: string, path: string, body?: Record<string, string>): Promise<unknown> {
    const url = `${this.environment.url}${path}`;
    const headers: Record<string, string> = { 'PRIVATE-TOKEN': this.token as string, Accept: 'application/json' };
    if (body) headers['Content-Type'] = 'application/json';
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined, redirect: 'manual', signal });
    } catch (error) {
      throw this.networkError(error);
    }
    const text = await this.readBody(response, method, path);
    const status = response.status;
    if (status >= 200 && status < 300) {
      if (status === 204 || text === '') return undefined;
      try {
        return JSON.parse(text);
      } catch {
        const looksLikeHtml = /^\s*</.test(text);
        throw this.error('malformed', `malformed response from ${method} ${path}: ${looksLikeHtml ? 'an HTML page instead of JSON' : 'the body is not valid JSON (cut off or not JSON at all)'} (is the URL the GitLab instance?).`, status);
      }
    }
    throw this.statusError(method, path, response, text);
  }

  /** The body as text, read no further than maxResponseBytes (a 1.5 GB answer once took 3 GB). */
  private async readBody(response: Response, method: string, path: string): Promise<string> {
    const tooLarge = (): GitLabError =>
      this.error('too-large', `the answer to ${method} ${path} is larger than ${Math.round(this.maxResponseBytes / 1024 / 1024)} MB; not reading it (is the URL the GitLab instance?).`, response.status);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > this.maxResponseBytes) {
      void response.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    if (!response.body) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > this.maxResponseBytes) {
          void reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof GitLabError) throw error;
      throw this.networkError(error);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private statusError(method: string, path: string, response: Response, text: string): GitLabError {
    const status = response.status;
    const reason = `${status}${response.statusText ? ` ${response.statusText}` : ''}`;
    if (status >= 300 && status < 400) {
      const location = response.headers.get('location') ?? 'nowhere';
      return this.error('redirect', `${method} ${path} was redirected (${status}) to ${location}; not following it, so the token is not sent elsewhere. Check the environment URL (${this.environment.url}).`, status);
    }
    switch (status) {
      case 401:
        return this.error('unauthorized', `401 Unauthorized: the token is missing, expired or revoked (${tokenVariableName(this.environment.name)}).`, status);
      case 403:
        return this.error('forbidden', "403 Forbidden: the token's user is not an administrator; the Features API needs an admin token.", status);
      case 404:
        return this.error('not-found', `404 Not Found for ${method} ${path}: check the environment URL (${this.environment.url}).`, status);
      case 400:
      case 422:
        return this.error('bad-request', `GitLab refused the request (${status}): ${gitlabMessage(text) ?? 'no reason given'}`, status);
      case 429: {
        const seconds = retryAfterSeconds(response.headers.get('retry-after'));
        const wait = seconds === undefined ? 'wait a moment' : `wait ${seconds} s`;
        return this.error('rate-limited', `rate limited (429): ${wait} and retry.`, status, seconds);
      }
    }
    if (status >= 500) return this.error('server-error', `GitLab server error (${reason}) for ${method} ${path}.`, status);
    return this.error('unexpected-status', `unexpected status ${reason} for ${method} ${path}.`, status);
  }

  private networkError(error: unknown): GitLabError {
    const name = (error as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return this.error('timeout', `timeout after ${formatDuration(this.timeoutMs)}`);
    const code = networkCode(error);
    // The request certainly never reached GitLab when the connection or the TLS handshake failed.
    const neverSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || (code ?? '').includes('CERT') || (code ?? '').includes('SSL');
    const detail =
      code === 'ECONNREFUSED' ? 'connection refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `host ${new URL(this.environment.url).hostname} not found`
      : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' ? 'connection reset'
      : code === 'CERT_HAS_EXPIRED' || (code ?? '').includes('CERT') || (code ?? '').includes('SSL') ? `TLS error ${code}`
      : code ? `network error ${code}` : 'network error';
    return this.error('unreachable', detail, undefined, undefined, !neverSent);
  }
}

function networkCode(error: unknown): string | undefined {
  // fetch wraps the socket error: TypeError('fetch failed', { cause: { code } }); a cut-off body
  // surfaces as TypeError('terminated') with a SocketError cause.
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isTransient(error: GitLabError): boolean {
  return (
    error.kind === 'timeout' ||
    error.kind === 'unreachable' ||
    error.kind === 'rate-limited' ||
    (error.kind === 'server-error' && (error.status === 502 || error.status === 503 || error.status === 504))
  );
}

function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** GitLab's reason from {"message": "400 Bad request - reason"} or {"error": "reason"}. */
function gitlabMessage(text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text.trim() === '' || /^\s*</.test(text) ? undefined : text.trim().slice(0, 300);
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  const raw = record.message ?? record.error;
  if (typeof raw === 'string') return raw.replace(/^\d{3} [A-Za-z ]+ - /, '');
  if (typeof raw === 'object' && raw !== null) {
    // 422 validation errors: {"message": {"field": ["problem", ...]}}
    return Object.entries(raw as Record<string, unknown>)
      .map(([field, problems]) => `${field} ${Array.isArray(problems) ? problems.join(', ') : String(problems)}`)
      .join('; ');
  }
  return undefined;
}

const STATES = new Set(['on', 'off', 'conditional']);

/** Checks GET /features' answer; returns a description of the first problem instead of throwing. */
export function parseFeatureList(json: unknown): FeatureState[] | string {
  if (!Array.isArray(json)) return `expected a list of features, got ${describe(json)}`;
  const features: FeatureState[] = [];
  for (let index = 0; index < json.length; index++) {
    const feature = parseFeature(json[index], `element ${index + 1}`);
    if (typeof feature === 'string') return feature;
    features.push(feature);
  }
  return features;
}

function parseFeature(json: unknown, where: string): FeatureState | string {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return `${where} is ${describe(json)}, not a feature`;
  const record = json as Record<string, unknown>;
  if (typeof record.name !== 'string') return `${where} has no name`;
  if (typeof record.state !== 'string' || !STATES.has(record.state)) return `${where} (${record.name}) has state ${JSON.stringify(record.state)}`;
  if (!Array.isArray(record.gates)) return `${where} (${record.name}) has no gates list`;
  const gates: Gate[] = [];
  for (const raw of record.gates) {
    if (typeof raw !== 'object' || raw === null) return `${where} (${record.name}) has a gate that is ${describe(raw)}`;
    const { key, value } = raw as { key?: unknown; value?: unknown };
    if (value === null || value === undefined) continue;
    const bad = `${where} (${record.name}) has gate ${String(key)} with value ${JSON.stringify(value)}`;
    switch (key) {
      case 'boolean':
        if (typeof value !== 'boolean') return bad;
        gates.push({ key, value });
        break;
      case 'percentage_of_actors':
      case 'percentage_of_time': {
        const number = typeof value === 'string' && NUMBER.test(value) ? Number(value) : value;
        if (typeof number !== 'number' || number < 0 || number > 100) return bad;
        gates.push({ key, value: number });
        break;
      }
      case 'actors':
      case 'groups':
        if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return bad;
        gates.push({ key, value: value as string[] });
        break;
      default:
      // NOTE: gates we do not know (Flipper's newer "expression" gate) are left out rather than
      // failing the whole list; the state field still says whether the flag is conditional.
    }
  }
  const definition = typeof record.definition === 'object' ? (record.definition as Record<string, unknown> | null) : null;
  return { name: record.name, state: record.state as FeatureState['state'], gates, definition };
}

function describe(json: unknown): string {
  if (json === null) return 'null';
  if (Array.isArray(json)) return 'a list';
  return typeof json === 'object' ? 'an object' : `a ${typeof json}`;
}

function parseIncidents(json: unknown): Incident[] | string {
  if (!Array.isArray(json)) return `expected a list of issues, got ${describe(json)}`;
  const incidents: Incident[] = [];
  for (const item of json) {
    if (typeof item !== 'object' || item === null) return 'an issue is not an object';
    const { iid, title, labels, web_url: webUrl } = item as Record<string, unknown>;
    if (typeof iid !== 'number' || typeof title !== 'string' || !Array.isArray(labels) || labels.some((label) => typeof label !== 'string')) {
      return 'an issue lacks iid, title or labels';
    }
    incidents.push({ iid, title, labels: labels as string[], ...(typeof webUrl === 'string' ? { webUrl } : {}) });
  }
  return incidents;
}
