// GitLabService: the one object server.ts and cli.ts create to reach live flag state. It wires
// the client, the state cache, writes with their safety rules, the audit log and the rollout
// assistant together behind a small API. No vscode, no LSP connection.

import type { EnvironmentStatus, ExecuteWriteParams, RolloutStep, WriteIntent, WritePlan, WriteResult } from '../../../shared/protocol';
import type { FlagDefinition } from '../flags/definition';
import type { Environment, EnvironmentFlagState, FeatureState } from '../../../shared/gitlabModel';
import { DEFAULT_TIMEOUT_MS, FeaturesClient, issuePath } from './client';
import { rolloutIssueAt } from './rolloutIssue';
import { insecureHttpWarning, TokenStore } from './environments';
import { StateCache } from './stateCache';
import { WriteService, type WriteAnswers, type WriteDecision } from './writes';
import { AuditLog } from './auditLog';
import { rollbackIntents, rolloutIssueMarkdown, rolloutSteps, type RolloutOptions } from './rollout';

export interface GitLabServiceOptions {
  environments: Environment[];
  tokens: TokenStore;
  /** Per request. Default 5 s. */
  timeoutMs?: number;
  /** How long fetched state stays fresh. Default 60 s. */
  ttlMs?: number;
  /** GET retries after transient failures. Default 2. */
  retries?: number;
  /** The write-ahead audit log (auditLog.ts); defaultAuditLogPath() gives the shared default. */
  auditLogPath?: string;
  log?: (line: string) => void;
  /** Said on every use of an environment that needs it (allowInsecureHttp); default: `log`. */
  warn?: (line: string) => void;
  lookupDefinition: (name: string) => FlagDefinition | undefined;
  /** Where lookupDefinition looks, for the message when a definition is missing ("under /repo"). */
  definitionsSearched?: string;
  /** Called when live state changed: after a fetch (no flags) or a write (that flag). */
  onStateChanged?: (flags?: string[]) => void;
  rollout?: RolloutOptions;
  now?: () => number;
}

export class GitLabService {
  readonly environments: readonly Environment[];
  private readonly tokens: TokenStore;
  private readonly cache: StateCache;
  private readonly writes: WriteService;
  private readonly audit: AuditLog;
  private readonly timeoutMs: number;
  /** The clock the cache and the audit log use (tests fix it). */
  readonly now: () => number;

  constructor(private readonly options: GitLabServiceOptions) {
    this.environments = options.environments;
    this.tokens = options.tokens;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
    this.cache = new StateCache({
      environments: this.environments,
      fetchFeatures: (environment) => this.client(environment).listFeatures(),
      ttlMs: options.ttlMs,
      now: this.now,
      onFetched: () => options.onStateChanged?.(),
    });
    this.audit = new AuditLog(options.auditLogPath, options.log, (text) => this.redact(text));
    this.writes = new WriteService({
      environments: this.environments,
      clientFor: (environment, retries) => this.client(environment, retries),
      cache: this.cache,
      defaultEnabled: (flag) => options.lookupDefinition(flag)?.defaultEnabled,
      definitionsSearched: options.definitionsSearched,
      rolloutIssueUrl: (flag) => options.lookupDefinition(flag)?.rolloutIssueUrl,
      audit: this.audit,
      // Planning waits for the whole fetch (with its retries), so the check never runs on guesses.
      stateWaitMs: this.timeoutMs * 3 + 1000,
      now: this.now,
    });
  }

  /** For the Environments view: each environment with its token presence and reachability. */
  environmentsStatus(): EnvironmentStatus[] {
    return this.environments.map((environment) => ({
      environment,
      hasToken: this.tokens.has(environment.name),
      ...this.cache.reachability(environment.name),
    }));
  }

  /** From SetTokenNotification; null removes it. The environment's state is fetched again. */
  setToken(environment: string, token: string | null): void {
    const before = this.tokens.get(environment);
    this.tokens.set(environment, token);
    // NOTE: an editor repeats tokens it already sent (start-up, reloads); only a change of token
    // makes the cached state stale, and it is fetched again at once rather than on the next read.
    if (this.tokens.get(environment) === before) return;
    this.cache.invalidate(environment);
    this.options.onStateChanged?.();
    if (this.environments.some((candidate) => candidate.name === environment)) void this.refresh(undefined, [environment]).catch(() => undefined);
  }

  /** The flag on every environment (or only the named ones), waiting at most maxWaitMs for fetches. */
  states(flag: string, maxWaitMs: number, only?: readonly string[]): Promise<Record<string, EnvironmentFlagState>> {
    return this.cache.states(flag, this.options.lookupDefinition(flag)?.defaultEnabled, { maxWaitMs, only });
  }

  /** Every persisted flag per environment (or the named ones), waiting at most maxWaitMs. */
  persisted(maxWaitMs: number, only?: readonly string[]): Promise<Record<string, { features?: FeatureState[]; error?: string }>> {
    return this.cache.persisted({ maxWaitMs, only });
  }

  /** Fetches again (the whole list per environment, so `flag` only narrows the notification). */
  async refresh(flag?: string, environments?: string[]): Promise<void> {
    await this.cache.refresh(environments);
    this.options.onStateChanged?.(flag ? [flag] : undefined);
  }

  plan(intent: WriteIntent): Promise<WritePlan> {
    return this.writes.plan(intent);
  }

  /** The decision execute() takes on a plan with these answers (for front ends' wording). */
  decide(plan: WritePlan, answers: WriteAnswers): WriteDecision {
    return this.writes.decide(plan, answers);
  }

  async execute(params: ExecuteWriteParams): Promise<WriteResult[]> {
    const results = await this.writes.execute(params);
    this.options.onStateChanged?.();
    return results;
  }

  /** Plans and executes in one step (scripts and tests); the same decision as plan + execute. */
  async planAndExecute(intent: WriteIntent, answers: WriteAnswers): Promise<WriteResult[]> {
    const plan = await this.plan(intent);
    return this.execute({ planId: plan.id, ...answers });
  }

  /** Records the user's "no" to a plan's confirmation; false when the plan is not (or no longer) known. */
  cancel(planId: string, reason: string): boolean {
    return this.writes.cancel(planId, reason);
  }

  /** Drops a plan that was only shown (dry run). */
  discard(planId: string): void {
    this.writes.discard(planId);
  }

  /**
   * The rollout issue's last step when a flag is retired: a closing note saying what was deleted
   * where, then the issue closed. `url` comes from the YAML or GitLab's own definition. The
   * outcome is one sentence; nothing here undoes or hides the deletes.
   */
  async closeRolloutIssue(flag: string, url: string | undefined, summary: string): Promise<string> {
    const issue = rolloutIssueAt(url, this.environments);
    if (!url) return `No rollout issue is known for ${flag} (no rollout_issue_url in a definition); close it by hand, or pass its URL.`;
    if (!issue) return `The rollout issue ${url} is not on a configured environment, so it was not closed; close it by hand.`;
    const client = this.client(issue.environment);
    const record = (method: 'POST' | 'PUT', path: string, outcome: 'ok' | 'failed', detail: string): void => {
      try {
        this.audit.append({ time: new Date(this.now()).toISOString(), id: `${flag}/close`, phase: 'note', environment: issue.environment.name, flag, request: { method, path }, outcome, overrides: [], detail });
      } catch {
        // Best effort: the deletes' own records are already on disk.
      }
    };
    const path = issuePath(issue.project, issue.iid);
    try {
      await client.addIssueNote(issue.project, issue.iid, `Feature flag \`${flag}\` retired with gitlab-flags: ${summary}\n\nClosing this rollout issue.`);
      record('POST', `${path}/notes`, 'ok', 'closing note added');
      const updated = await client.updateIssue(issue.project, issue.iid, { state_event: 'close' });
      record('PUT', path, 'ok', `issue ${updated.state}`);
      return `Closed the rollout issue ${issue.reference} with a note.`;
    } catch (error) {
      const message = `The rollout issue ${issue.reference} was not closed: ${(error as Error).message.replace(/\.$/, '')}.`;
      record('PUT', path, 'failed', message);
      return message;
    }
  }

  /** A flag's rollout_issue_url as GitLab's own definition has it (the YAML may be gone already). */
  async rolloutIssueUrlFromGitLab(flag: string): Promise<string | undefined> {
    for (const environment of [...this.environments].sort((a, b) => Number(!!b.production) - Number(!!a.production))) {
      try {
        const definition = (await this.client(environment, 0).listDefinitions()).find((candidate) => candidate.name === flag);
        if (typeof definition?.rollout_issue_url === 'string' && definition.rollout_issue_url !== '') return definition.rollout_issue_url;
      } catch {
        // The next environment may know.
      }
    }
    return undefined;
  }

  /** The audit log's file, if any. */
  get auditLogPath(): string | undefined {
    return this.audit.file;
  }

  async rolloutSteps(flag: string, maxWaitMs = this.timeoutMs): Promise<RolloutStep[]> {
    const production = this.environments.filter((environment) => environment.production).map((environment) => environment.name);
    return rolloutSteps({
      flag,
      environments: this.environments,
      states: await this.states(flag, maxWaitMs),
      lastProductionChange: this.audit.lastChange(flag, production),
      now: this.now(),
      options: this.options.rollout,
    });
  }

  rollbackIntents(flag: string, environments: string[] = this.environments.map((environment) => environment.name)): WriteIntent[] {
    return rollbackIntents(flag, environments, this.environments);
  }

  /** The rollout issue as Markdown; works without a definition (name only). */
  rolloutIssue(flag: string): string {
    return rolloutIssueMarkdown(this.options.lookupDefinition(flag) ?? { name: flag });
  }

  /** What the cache knows right now for each environment, without fetching (for the flag list). */
  statesNow(flag: string, definition: FlagDefinition | undefined): Record<string, EnvironmentFlagState> {
    const result: Record<string, EnvironmentFlagState> = {};
    for (const environment of this.environments) result[environment.name] = this.cache.stateNow(environment.name, flag, definition?.defaultEnabled);
    return result;
  }

  private client(environment: Environment, retries = this.options.retries): FeaturesClient {
    const warning = insecureHttpWarning(environment);
    if (warning) (this.options.warn ?? this.options.log)?.(warning);
    return new FeaturesClient({ environment, token: this.tokens.get(environment.name), timeoutMs: this.timeoutMs, retries });
  }

  private redact(text: string): string {
    let result = text;
    for (const token of this.tokens.all(this.environments)) result = result.split(token).join('[token]');
    return result;
  }
}
