// What every MCP tool works on: one root's index, kept fresh between calls, and the live-state
// layer seen through a read-only window. Built once by `gitlab-flags mcp`; no SDK import here, so
// the tools can be tested without a transport.

import { isAbsolute, relative, resolve, sep } from 'node:path';
import { Workspace } from '../index/workspace';
import type { BuildOptions } from '../index/buildIndex';
import type { FlagDefinition } from '../flags/definition';
import type { Environment } from '../../../shared/gitlabModel';
import { GitLabService } from '../gitlab/service';
import { TokenStore } from '../gitlab/environments';
import { newestMilestone } from '../features/problems';

/**
 * A failure the agent caused or can fix: returned as an isError result (the message, then
 * `details` as JSON when given), never as a stack trace.
 */
export class ToolError extends Error {
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * The part of GitLabService the MCP server may use: reads, planning and forgetting a plan.
 * NOTE: `execute`, `planAndExecute`, `cancel` and `closeRolloutIssue` are left out on purpose: no
 * MCP tool can send a change to GitLab, and this type makes that a compile error.
 */
export type ReadOnlyGitLab = Pick<GitLabService, 'states' | 'persisted' | 'statesNow' | 'plan' | 'discard' | 'rolloutIssue'>;

export interface McpContextOptions {
  root: string;
  /** The configured list, as the user wrote it (access included). */
  environments: Environment[];
  env: NodeJS.ProcessEnv;
  /** `--allow-write`: apply_cleanup may edit files under the root. */
  allowWrite: boolean;
  auditLogPath: string;
  build?: BuildOptions;
  /** Diagnostics for the person running the server (stderr), never the protocol stream. */
  log: (line: string) => void;
  /** Per request to GitLab; default 5 s. */
  timeoutMs?: number;
}

export class McpContext {
  readonly root: string;
  readonly environments: readonly Environment[];
  readonly allowWrite: boolean;
  readonly auditLogPath: string;
  readonly gitlab: ReadOnlyGitLab;
  readonly log: (line: string) => void;
  private readonly tokens: TokenStore;
  private readonly workspace: Workspace;
  private loaded = false;
  private running?: Promise<void>;
  private queued?: Promise<void>;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(options: McpContextOptions) {
    this.root = options.root;
    this.environments = options.environments;
    this.allowWrite = options.allowWrite;
    this.auditLogPath = options.auditLogPath;
    this.log = options.log;
    this.tokens = new TokenStore(options.env);
    this.workspace = new Workspace(options.root, options.build ?? {});
    this.gitlab = new GitLabService({
      // NOTE: planned as if every environment were writable, so that every check is evaluated on
      // live state even where the list says "read" (the default): the plan is only shown, and
      // plan_flag_change reports the read-only environments as a verdict of its own.
      environments: options.environments.map((environment) => ({ ...environment, access: 'write' as const })),
      tokens: this.tokens,
      auditLogPath: options.auditLogPath,
      timeoutMs: options.timeoutMs,
      log: () => {},
      warn: (line) => options.log(`warning: ${line}`),
      lookupDefinition: (name) => this.definition(name),
      definitionsSearched: `under ${options.root}`,
    });
  }

  /**
   * The index as the files are now. Each call re-reads what changed since the last one (a warm
   * start: one stat per file), so answers follow the agent's own edits. Calls that arrive while a
   * load runs share the next one, which starts after it.
   */
  async index(): Promise<Workspace> {
    await this.refresh();
    return this.workspace;
  }

  /** Starts the first load without waiting for it (the server answers the handshake meanwhile). */
  warmUp(): void {
    this.refresh().catch((error: Error) => this.log(`indexing ${this.root} failed: ${error.message}`));
  }

  private refresh(): Promise<void> {
    // NOTE: calls made while the first index is built share it rather than queue a second load.
    if (this.running && !this.loaded) return this.running;
    if (!this.running) {
      this.running = this.workspace.load().then(
        (stats) => {
          if (!this.loaded && stats.files === 0) this.log(`warning: no files to index under ${this.root}.`);
          this.loaded = true;
        },
      ).finally(() => (this.running = undefined));
      return this.running;
    }
    if (!this.queued) {
      this.queued = this.running.catch(() => undefined).then(() => {
        this.queued = undefined;
        return this.refresh();
      });
    }
    return this.queued;
  }

  /** The flag's first definition in the index as last loaded (for the live-state layer's defaults). */
  definition(name: string): FlagDefinition | undefined {
    return this.workspace.index.definitions(name)[0];
  }

  /** The milestone staleness is measured against: the newest among the definitions, as `lint` does. */
  currentMilestone(): string | undefined {
    return newestMilestone(this.workspace.index.allDefinitions());
  }

  relativePath(path: string): string {
    return this.workspace.relativePath(path);
  }

  /** An agent's path (relative to the root, or absolute inside it) as an absolute path. */
  resolveInside(path: string): string {
    const absolute = resolve(this.root, path);
    const inside = relative(this.root, absolute);
    if (inside === '') return absolute;
    if (inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) throw new ToolError(`${path} is outside the root ${this.root}.`);
    return absolute;
  }

  /** Runs file writes one at a time, so two apply_cleanup calls never interleave. */
  exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = this.writing.then(run, run);
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** Replaces every configured token in `text` by [token]: a last line of defence for output. */
  redact(text: string): string {
    let result = text;
    for (const token of this.tokens.all(this.environments)) result = result.split(token).join('[token]');
    return result;
  }

  hasToken(environment: string): boolean {
    return this.tokens.has(environment);
  }
}
