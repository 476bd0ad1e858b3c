// The list of GitLab environments (settings, --environments FILE or GITLAB_FLAGS_ENVIRONMENTS),
// their tokens, and the chatops options that select them.

import { readFileSync } from 'node:fs';
import type { Access, Environment } from '../../../shared/gitlabModel';
import { environmentsJson, tokenFromEnvironment } from '../environmentVariables';

/** The chatops environment options, in the order chatops lines list them. */
export const CHATOPS_OPTIONS = ['--dev', '--pre', '--staging', '--staging-ref', '--ops', '--production'] as const;
export type ChatopsOption = (typeof CHATOPS_OPTIONS)[number];

export function isChatopsOption(text: string): text is ChatopsOption {
  return (CHATOPS_OPTIONS as readonly string[]).includes(text);
}

/** A failure in the environment list; `problems` holds one line per bad entry. */
export class EnvironmentConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems in the environment list: ${problems.join('; ')}`);
  }
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const PROJECT_PATH = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.][A-Za-z0-9_.-]*)+$/;

/** The environment variable that holds an environment's token: GITLAB_FLAGS_TOKEN_STAGING_REF. */
export function tokenVariableName(environmentName: string): string {
  return `GITLAB_FLAGS_TOKEN_${environmentName.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * Validates an environment list and fills in defaults:
 * - `access` defaults to 'read': writing is an explicit opt-in per environment, so a list copied
 *   from a colleague never lets a click change a flag somewhere unexpected.
 * - An environment is production by any sign: `"production": true`, chatopsOption --production,
 *   or the host gitlab.com. Saying `"production": false` beside one of the other signs is a
 *   contradiction and refused, so a forgotten or wrong marker never skips the confirmation.
 * - Admin tokens never travel in clear: http:// is accepted only for loopback hosts
 *   (localhost, 127.0.0.0/8, ::1), or with `"allowInsecureHttp": true` on that environment, which
 *   is warned about on every use (insecureHttpWarning).
 * - The URL loses its trailing slash; a path prefix (relative URL root) is kept.
 */
export function parseEnvironments(value: unknown, source: string): Environment[] {
  if (!Array.isArray(value)) {
    throw new EnvironmentConfigError([`${source}: expected a JSON array of environments such as [{"name":"staging","url":"https://staging.gitlab.com"}].`]);
  }
  const problems: string[] = [];
  const environments: Environment[] = [];
  const seenNames = new Map<string, string>();
  const seenVariables = new Map<string, string>();
  const seenOptions = new Map<string, string>();

  value.forEach((entry: unknown, index) => {
    const where = `${source}: environment ${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${where} must be an object with "name" and "url".`);
      return;
    }
    const raw = entry as Record<string, unknown>;
    const name = raw.name;
    if (typeof name !== 'string' || name === '') {
      problems.push(`${where} has no "name".`);
      return;
    }
    const label = `${source}: environment '${name}'`;
    const before = problems.length;
    if (!NAME_PATTERN.test(name)) problems.push(`${label}: the name may only contain letters, digits, '-' and '_'.`);

    const lower = name.toLowerCase();
    const variable = tokenVariableName(name);
    if (seenNames.has(lower)) {
      problems.push(`${label}: duplicate name (also environment ${seenNames.get(lower)}).`);
    } else if (seenVariables.has(variable)) {
      problems.push(`${label}: its token variable ${variable} is also '${seenVariables.get(variable)}'s; rename one.`);
    } else {
      seenNames.set(lower, String(index + 1));
      seenVariables.set(variable, name);
    }

    const url = typeof raw.url === 'string' ? normaliseUrl(raw.url) : undefined;
    if (typeof raw.url !== 'string' || raw.url === '') problems.push(`${label} has no "url".`);
    else if (typeof url !== 'string') problems.push(`${label}: ${url?.problem}`);
    let allowInsecureHttp = false;
    if (raw.allowInsecureHttp !== undefined) {
      if (typeof raw.allowInsecureHttp === 'boolean') allowInsecureHttp = raw.allowInsecureHttp;
      else problems.push(`${label}: allowInsecureHttp must be true or false.`);
    }
    if (typeof url === 'string' && url.startsWith('http:') && !isLoopbackUrl(url) && !allowInsecureHttp) {
      problems.push(
        `${label}: ${url} is plain http, so the admin token would travel unencrypted. Use https://, or add "allowInsecureHttp": true to this environment if you accept that (you will be warned on every use).`,
      );
    }

    let chatopsOption: string | undefined;
    if (raw.chatopsOption !== undefined && raw.chatopsOption !== null) {
      const option = String(raw.chatopsOption);
      if (!isChatopsOption(option)) {
        problems.push(`${label}: unknown chatopsOption '${option}'; use one of ${CHATOPS_OPTIONS.join(' ')}.`);
      } else if (seenOptions.has(option)) {
        problems.push(`${label}: chatopsOption ${option} is already used by '${seenOptions.get(option)}'.`);
      } else {
        seenOptions.set(option, name);
        chatopsOption = option;
      }
    }

    let access: Access = 'read';
    if (raw.access !== undefined) {
      if (raw.access === 'read' || raw.access === 'write') access = raw.access;
      else problems.push(`${label}: access must be "read" or "write", not ${JSON.stringify(raw.access)}.`);
    }
    const signs = [
      ...(chatopsOption === '--production' ? ['its chatopsOption is --production'] : []),
      ...(typeof url === 'string' && isGitLabCom(url) ? ['its host is gitlab.com'] : []),
    ];
    let production = signs.length > 0;
    if (raw.production !== undefined) {
      if (typeof raw.production !== 'boolean') problems.push(`${label}: production must be true or false.`);
      else if (raw.production) production = true;
      else if (signs.length > 0) {
        problems.push(`${label}: "production": false contradicts the other signs (${signs.join(' and ')}): such an environment is always production. Remove "production": false, or fix the chatopsOption or URL.`);
      }
    }
    let incidentProject: string | undefined;
    if (raw.incidentProject !== undefined && raw.incidentProject !== null) {
      if (typeof raw.incidentProject === 'string' && PROJECT_PATH.test(raw.incidentProject)) incidentProject = raw.incidentProject;
      else problems.push(`${label}: incidentProject must be a project's full path such as "gitlab-com/gl-infra/production".`);
    }
    if (problems.length === before && typeof url === 'string') {
      environments.push({
        name,
        url,
        ...(chatopsOption ? { chatopsOption } : {}),
        production,
        access,
        ...(incidentProject ? { incidentProject } : {}),
        ...(allowInsecureHttp && url.startsWith('http:') && !isLoopbackUrl(url) ? { allowInsecureHttp: true } : {}),
      });
    }
  });
  if (problems.length > 0) throw new EnvironmentConfigError(problems);
  return environments;
}

/** Loopback by literal name only (no DNS): localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function isGitLabCom(url: string): boolean {
  return new URL(url).hostname.toLowerCase().replace(/\.$/, '') === 'gitlab.com';
}

/** The warning repeated on every use of an environment configured with allowInsecureHttp. */
export function insecureHttpWarning(environment: Environment): string | undefined {
  if (!environment.allowInsecureHttp) return undefined;
  return `${environment.name} is configured with allowInsecureHttp: its admin token travels unencrypted to ${environment.url}.`;
}

function normaliseUrl(text: string): string | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `"${text}" is not a valid URL; write it like https://staging.gitlab.com.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { problem: `"${text}" must start with https:// (or http:// for a local instance).` };
  }
  if (url.username || url.password) return { problem: 'the URL must not contain a user name or password; tokens go in GITLAB_FLAGS_TOKEN_<NAME>.' };
  if (url.search || url.hash) return { problem: `"${text}" must be the instance's base URL, without ?query or #fragment.` };
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/api\/v4$/.test(path)) return { problem: `"${text}" must be the instance's base URL, without /api/v4.` };
  return `${url.protocol}//${url.host}${path}`;
}

export interface EnvironmentSources {
  /** --environments FILE, relative to cwd. */
  file?: string;
  env: NodeJS.ProcessEnv;
}

/** Reads the list from the file if given, else GITLAB_FLAGS_ENVIRONMENTS; [] when neither is set. */
export function loadEnvironments({ file, env }: EnvironmentSources): Environment[] {
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new EnvironmentConfigError([`cannot read environments file ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}.`]);
    }
    return parseEnvironments(parseJson(text, file), file);
  }
  const text = environmentsJson(env);
  if (text === undefined) return [];
  return parseEnvironments(parseJson(text, 'GITLAB_FLAGS_ENVIRONMENTS'), 'GITLAB_FLAGS_ENVIRONMENTS');
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EnvironmentConfigError([`${source} is not valid JSON: ${(error as Error).message}.`]);
  }
}

/**
 * Tokens kept in memory only. The LSP server fills it from SetTokenNotification; every front end
 * falls back to GITLAB_FLAGS_TOKEN_<NAME>. A token set here wins over the variable.
 */
export class TokenStore {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly env: NodeJS.ProcessEnv = {}) {}

  /** A null or empty token removes the stored one (the variable, if any, applies again). */
  set(environment: string, token: string | null): void {
    if (token) this.tokens.set(environment, token);
    else this.tokens.delete(environment);
  }

  get(environment: string): string | undefined {
    return this.tokens.get(environment) ?? tokenFromEnvironment(tokenVariableName(environment), this.env);
  }

  has(environment: string): boolean {
    return this.get(environment) !== undefined;
  }

  /** Every known token, so output can be scrubbed of them as a last line of defence. */
  all(environments: readonly Environment[]): string[] {
    return environments.map((environment) => this.get(environment.name)).filter((token): token is string => !!token);
  }
}

/**
 * The environments named by chatops options, in the list's order. Options without a configured
 * environment are reported rather than ignored, so "--pre" never silently does nothing.
 */
export function environmentsForChatopsOptions(
  environments: readonly Environment[],
  options: readonly string[],
): { environments: Environment[]; missing: string[] } {
  const wanted = new Set(options);
  const selected = environments.filter((environment) => environment.chatopsOption && wanted.has(environment.chatopsOption));
  const found = new Set(selected.map((environment) => environment.chatopsOption));
  return { environments: selected, missing: options.filter((option) => !found.has(option)) };
}
