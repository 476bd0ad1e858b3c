// Writes: planned once, then executed exactly as planned, or not at all.
//
// plan() reads the live state of every environment the write or its rules involve, once, and
// decides everything from that snapshot: the requests and their order, the chatops line, the
// production confirmation, the consistency rules and the production check. The plan is kept on
// the server under an id; execute() takes the id and the user's answers, applies decide() (the
// one decision, also used by the CLI to phrase its refusal), reads the state again and refuses
// if anything the plan read has changed, then sends exactly the plan's requests.
//
// Fail closed: a rule that cannot be evaluated (an unreadable environment, an unknown default)
// is a violation; only the explicit overrides pass it, and they are written to the audit log.
// The audit log is write-ahead (auditLog.ts): no intent record on disk, no request sent.

import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { ExecuteWriteParams, PlannedRequest, WriteIntent, WriteOutcome, WritePlan, WriteResult } from '../../../shared/protocol';
import type { Environment, EnvironmentFlagState, FeatureState } from '../../../shared/gitlabModel';
import { featurePath, issuePath, setRequestBody, validateFlagNameForPath, validateSetParams, type FeaturesClient, type SetFeatureParams } from './client';
import { chatopsLine } from './chatops';
import { consistencyViolations, writeDirection } from './consistency';
import { insecureHttpWarning } from './environments';
import { GitLabError } from './errors';
import { featureInWords, gatesInWords, stateInWords } from '../../../shared/stateWording';
import { describeIntent } from '../../../shared/writeWords';
import { waitAtMost, type StateCache } from './stateCache';
import { AuditLogError, type AuditLog, type AuditRecord } from './auditLog';
import { changeNote, rolloutIssueAt, type NoteLine } from './rolloutIssue';

export interface WriteServiceOptions {
  environments: readonly Environment[];
  /** `retries` overrides the client's GET retries (the read-back after a lost answer uses 0). */
  clientFor: (environment: Environment, retries?: number) => FeaturesClient;
  cache: StateCache;
  /** default_enabled from the flag's YAML; undefined when there is none. */
  defaultEnabled: (flag: string) => boolean | undefined;
  /** Where the YAML definitions were looked for, for the message when one is missing. */
  definitionsSearched?: string;
  /** The flag's rollout_issue_url, from its YAML; notes go there after each accepted write. */
  rolloutIssueUrl?: (flag: string) => string | undefined;
  audit: AuditLog;
  /** How long planning waits for the live state the rules need. */
  stateWaitMs: number;
  now?: () => number;
}

/** How long a plan can be executed after it was made. */
const PLAN_LIFETIME_MS = 15 * 60_000;

/** The user's answers to a plan's questions. */
export type WriteAnswers = Omit<ExecuteWriteParams, 'planId'>;

/** Which check refused a write; front ends phrase their hint from it (--yes, an override flag…). */
export type RefusingCheck = 'invalid' | 'consistency' | 'production-check' | 'production-confirmation';

export interface WriteDecision {
  refusal?: { check: RefusingCheck; lines: string[] };
  /** The overrides the answers use, as audit lines: "consistency check: <what it objected to>". */
  overrides: { consistency?: string; productionCheck?: string };
}

/**
 * The one decision for a plan and the user's answers, in the order the editor asks: the plan's
 * errors, then the consistency rules, then the production check, then the production confirmation.
 */
export function decide(plan: WritePlan, answers: WriteAnswers): WriteDecision {
  const overrides: WriteDecision['overrides'] = {};
  if (plan.errors.length > 0) return { refusal: { check: 'invalid', lines: plan.errors }, overrides };
  if (plan.consistencyViolations.length > 0) {
    if (!answers.ignoreConsistencyCheck) return { refusal: { check: 'consistency', lines: plan.consistencyViolations }, overrides };
    overrides.consistency = `consistency check: ${plan.consistencyViolations.join(' ')}`;
  }
  if (plan.activeIncidents.length > 0) {
    if (!answers.ignoreProductionCheck) return { refusal: { check: 'production-check', lines: plan.activeIncidents }, overrides };
    overrides.productionCheck = `production check: ${plan.activeIncidents.join(' ')}`;
  }
  if (plan.productionConfirmation && !answers.confirmedProduction) {
    return { refusal: { check: 'production-confirmation', lines: [plan.productionConfirmation] }, overrides };
  }
  return { overrides };
}

/** The refusal as one sentence for results and the audit log (the CLI phrases its own hint). */
function refusalMessage(refusal: NonNullable<WriteDecision['refusal']>): string {
  const text = refusal.lines.join(' ');
  switch (refusal.check) {
    case 'invalid':
      return text;
    case 'consistency':
      return `${text} If you absolutely must, confirm with the SRE on call and override the consistency check.`;
    case 'production-check':
      return `Production changes are blocked during active high-severity incidents: ${text} Override the production check only if the change is unrelated or part of the fix.`;
    case 'production-confirmation':
      return `Production was not confirmed: ${text} Confirm it explicitly to proceed.`;
  }
}

interface StoredPlan {
  plan: WritePlan;
  defaultEnabled: boolean | undefined;
  expiresAt: number;
}

interface ResolvedDefault {
  value?: boolean;
  /** Said as a plan warning when the default did not come from the YAML. */
  note?: string;
  /** Why it is unknown, when it is. */
  unknown?: string;
}

const ACTOR_PARAMETER: Record<string, keyof SetFeatureParams> = {
  project: 'project',
  group: 'group',
  namespace: 'namespace',
  user: 'user',
  repository: 'repository',
  feature_group: 'feature_group',
};

/** The API parameters for a set intent. */
export function setParamsFor(intent: WriteIntent): SetFeatureParams {
  const params: SetFeatureParams = { value: intent.value ?? '' };
  if (intent.percentageOf === 'actors') params.key = 'percentage_of_actors';
  if (intent.percentageOf === 'time') params.key = 'percentage_of_time';
  for (const [kind, list] of Object.entries(intent.actors ?? {})) {
    if (list && list.length > 0) (params as Record<string, unknown>)[ACTOR_PARAMETER[kind] ?? kind] = list.join(',');
  }
  if (intent.force) params.force = true;
  return params;
}

/** The write in words, as VS Code says it too. */
export { describeIntent };

/** Problems that make an intent impossible, whatever the confirmations. */
export function intentProblems(intent: WriteIntent, environments: readonly Environment[]): string[] {
  const problems: string[] = [];
  const nameProblem = validateFlagNameForPath(intent.flag ?? '');
  if (nameProblem) problems.push(nameProblem.charAt(0).toUpperCase() + nameProblem.slice(1));
  if (!Array.isArray(intent.environments) || intent.environments.length === 0) problems.push('No environment selected.');
  for (const name of intent.environments ?? []) {
    const environment = environments.find((candidate) => candidate.name === name);
    if (!environment) problems.push(`Unknown environment '${name}'; configured: ${environments.map((candidate) => candidate.name).join(', ') || 'none'}.`);
    else if ((environment.access ?? 'read') !== 'write') {
      problems.push(`${name} is read-only (access "read"); set "access": "write" for it in the environment list to change flags there.`);
    }
  }
  if (intent.operation === 'set') {
    const value = intent.value ?? '';
    const isBoolean = value === 'true' || value === 'false';
    const number = Number(value);
    if (intent.percentageOf && isBoolean) problems.push(`A percentage of ${intent.percentageOf} needs a number, not ${value}.`);
    if (!isBoolean && number > 0 && number < 100 && !intent.percentageOf) problems.push('A percentage needs to say whether it is of actors or of time.');
    problems.push(...validateSetParams(setParamsFor(intent)).map((problem) => problem.charAt(0).toUpperCase() + problem.slice(1)));
  } else if (intent.operation !== 'delete') {
    problems.push(`Unknown operation '${String(intent.operation)}'; use set or delete.`);
  }
  return problems;
}

export class WriteService {
  private readonly now: () => number;
  private readonly plans = new Map<string, StoredPlan>();

  constructor(private readonly options: WriteServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** What the write would do and what it needs. Reads live state once; changes nothing. */
  async plan(intent: WriteIntent): Promise<WritePlan> {
    this.dropExpired();
    const environments = this.options.environments;
    const errors = intentProblems(intent, environments);
    const targets = this.targets(intent);
    const plan: WritePlan = {
      id: randomUUID(),
      intent,
      requests: (intent.environments ?? []).map((environment) => plannedRequest(environment, intent)),
      chatops: chatopsLine(intent, environments),
      errors,
      production: targets.filter((environment) => environment.production).map((environment) => environment.name),
      consistencyViolations: [],
      activeIncidents: [],
      warnings: targets.map(insecureHttpWarning).filter((warning): warning is string => warning !== undefined),
      readStates: {},
    };
    const stored: StoredPlan = { plan, defaultEnabled: undefined, expiresAt: this.now() + PLAN_LIFETIME_MS };
    this.plans.set(plan.id, stored);
    if (errors.length > 0) return plan;

    // NOTE: one fresh read (the cache is bypassed) of everything the write and its rules look at.
    const involved = this.involved(targets);
    await waitAtMost(this.options.cache.refresh(involved), this.options.stateWaitMs);
    const resolved = await this.resolveDefault(intent.flag, involved);
    stored.defaultEnabled = resolved.value;
    // NOTE: where the default came from matters to the user when it decides what a delete does.
    if (resolved.note && intent.operation === 'delete') plan.warnings.push(resolved.note);
    for (const name of involved) plan.readStates[name] = this.stateOf(name, intent.flag, resolved);

    plan.requests = this.executionOrder(targets, intent, resolved.value).map((environment) => plannedRequest(environment.name, intent));
    if (plan.production.length > 0) {
      plan.productionConfirmation = `This changes PRODUCTION (${plan.production.join(', ')}): ${describeIntent(intent)} for ${intent.flag}.`;
      plan.activeIncidents = (await Promise.all(targets.filter((environment) => environment.production).map((environment) => this.incidentsBlocking(environment)))).flat();
    }
    plan.consistencyViolations = consistencyViolations({
      intent,
      environments,
      states: plan.readStates,
      defaultEnabled: resolved.value,
      unknownDefault: resolved.unknown,
    });
    return plan;
  }

  /** The decision execute() would take on this plan with these answers. */
  decide(plan: WritePlan, answers: WriteAnswers): WriteDecision {
    return decide(plan, answers);
  }

  /**
   * Sends exactly the plan's requests, in order, if decide() allows it and nothing the plan read
   * has changed; otherwise nothing. A plan runs at most once.
   */
  async execute(params: ExecuteWriteParams): Promise<WriteResult[]> {
    this.dropExpired();
    const stored = this.plans.get(params.planId);
    if (!stored) {
      const message = 'Nothing was sent: this plan was already executed or cancelled, or it expired (plans last 15 minutes). Plan the change again.';
      return [{ environment: '(none)', outcome: 'refused', ok: false, message }];
    }
    this.plans.delete(params.planId);
    const { plan, defaultEnabled } = stored;
    const decision = decide(plan, params);
    if (decision.refusal) return this.finishAll(plan, 'refused', refusalMessage(decision.refusal));

    const changes = await this.changesSincePlan(plan, defaultEnabled);
    if (changes.length > 0) return this.finishAll(plan, 'refused', `Nothing was sent: ${changes.join(' ')} Plan the change again.`);

    const results: WriteResult[] = [];
    let stopped: string | undefined;
    for (const request of plan.requests) {
      const environment = this.options.environments.find((candidate) => candidate.name === request.environment) as Environment;
      const overrides = [decision.overrides.consistency, environment.production ? decision.overrides.productionCheck : undefined].filter((line): line is string => line !== undefined);
      if (stopped) {
        results.push(this.finish(plan, request, 'refused', `${environment.name}: not attempted, because ${stopped}.`, overrides));
        continue;
      }
      const result = await this.writeOne(plan, request, environment, defaultEnabled, overrides);
      results.push(result);
      if (result.outcome !== 'ok') stopped = `the write on ${environment.name} ${result.outcome === 'unknown' ? 'has an unknown outcome' : 'was not applied'}`;
    }
    const note = await this.noteOnRolloutIssue(plan, results);
    if (note) results[results.length - 1].note = note;
    return results;
  }

  /**
   * Chatops' side effect: a note on the flag's rollout issue for a write GitLab accepted (or may
   * have), when a configured environment serves the issue. A failed note never undoes or hides
   * the write: it is said beside the results and recorded in the audit log.
   */
  private async noteOnRolloutIssue(plan: WritePlan, results: WriteResult[]): Promise<string | undefined> {
    const accepted = results.filter((result) => result.outcome === 'ok' || result.outcome === 'unknown');
    const issue = rolloutIssueAt(this.options.rolloutIssueUrl?.(plan.intent.flag), this.options.environments);
    if (accepted.length === 0 || !issue) return undefined;
    const lines: NoteLine[] = await Promise.all(
      accepted.map(async (result) => {
        const environment = this.options.environments.find((candidate) => candidate.name === result.environment) as Environment;
        const user = await this.options.clientFor(environment, 0).currentUser().then((found) => found.username, () => undefined);
        const now = result.after ? stateInWords(result.after) : 'unknown';
        return { environment: result.environment, result: result.outcome === 'ok' ? `now ${now}` : `outcome unknown (the answer was lost); GitLab then reported ${now}`, ...(user ? { user } : {}) };
      }),
    );
    const request: PlannedRequest = { environment: issue.environment.name, method: 'POST', path: `${issuePath(issue.project, issue.iid)}/notes` };
    const record = (outcome: WriteOutcome, detail: string): void => {
      try {
        this.options.audit.append({ ...this.record(plan, request, `${plan.id}/note`, 'note', []), outcome, detail });
      } catch {
        // NOTE: the note's own record is best effort; the writes' records are already on disk.
      }
    };
    try {
      await this.options.clientFor(issue.environment).addIssueNote(issue.project, issue.iid, changeNote(plan.chatops, lines));
      const message = `Noted on the rollout issue ${issue.reference}.`;
      record('ok', message);
      return message;
    } catch (error) {
      const message = `The rollout issue ${issue.reference} was not updated: ${(error as Error).message.replace(/\.$/, '')}. The change itself stands.`;
      record('failed', message);
      return message;
    }
  }

  /** The user declined one of the plan's confirmations: recorded as cancelled, and the plan dropped. */
  cancel(planId: string, reason: string): boolean {
    const stored = this.plans.get(planId);
    if (!stored) return false;
    this.plans.delete(planId);
    this.finishAll(stored.plan, 'cancelled', reason);
    return true;
  }

  /** Forgets a plan that was only shown (a dry run): nothing was attempted, so nothing is logged. */
  discard(planId: string): void {
    this.plans.delete(planId);
  }

  private async writeOne(plan: WritePlan, request: PlannedRequest, environment: Environment, defaultEnabled: boolean | undefined, overrides: string[]): Promise<WriteResult> {
    const { intent } = plan;
    const before = plan.readStates[environment.name];
    const id = `${plan.id}/${environment.name}`;
    try {
      this.options.audit.append({ ...this.record(plan, request, id, 'intent', overrides), chatops: plan.chatops, ...(before ? { before } : {}) });
    } catch (error) {
      if (!(error instanceof AuditLogError)) throw error;
      // NOTE: the write-ahead rule: without a durable intent record, the request is not sent.
      return { environment: environment.name, outcome: 'refused', ok: false, message: `${environment.name}: nothing was sent, because ${error.message}. Fix that (or set GITLAB_FLAGS_AUDIT_LOG to another file) and try again.`, ...(before ? { before } : {}) };
    }

    const client = this.options.clientFor(environment);
    let outcome: WriteOutcome;
    let message: string;
    let after: EnvironmentFlagState | undefined;
    let differs: string | undefined;
    try {
      if (intent.operation === 'set') {
        const feature = await client.setFeature(intent.flag, setParamsFor(intent));
        after = { status: 'set', feature, fetchedAt: this.now() };
        differs = differenceFromIntent(intent, feature);
      } else {
        await client.deleteFeature(intent.flag);
        after = defaultEnabled === undefined ? { status: 'unknown', reason: 'not set there any more; its default is unknown', fetchedAt: this.now() } : { status: 'default', defaultEnabled, fetchedAt: this.now() };
      }
      outcome = 'ok';
      const checks = overrides.map((line) => line.slice(0, line.indexOf(':')));
      message = `${environment.name}: ${intent.flag} is now ${stateInWords(after)}${checks.length > 0 ? ` (${checks.join(' and ')} overridden)` : ''}.${differs ? ` ${differs}` : ''}`;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const refusedByGitLab = error instanceof GitLabError && (!error.requestSent || (error.status !== undefined && error.status >= 400 && error.status < 500));
      if (refusedByGitLab) {
        outcome = 'failed';
        message = reason;
      } else {
        // NOTE: the request went out and the answer was lost (timeout, reset, a proxy's 502...):
        // GitLab may have applied it, so say what GitLab reports now instead of "failed".
        outcome = 'unknown';
        const readBack = await this.readBack(environment, intent.flag, defaultEnabled);
        after = readBack.state;
        message =
          `${environment.name}: the answer to ${request.method} was lost (${reason.replace(/\.$/, '')}), so the change may or may not have been applied. ` +
          (readBack.state ? `GitLab now reports ${intent.flag} ${stateInWords(readBack.state)}.` : `Reading the state back failed too (${readBack.error}); check it with gitlab-flags get ${intent.flag} --env ${environment.name}.`);
      }
    }
    const result: WriteResult = { environment: environment.name, outcome, ok: outcome === 'ok', message, ...(before ? { before } : {}), ...(after ? { after } : {}), ...(differs ? { differs } : {}) };
    try {
      this.options.audit.append({ ...this.record(plan, request, id, 'result', overrides), outcome, detail: message, ...(after ? { after } : {}) });
    } catch (error) {
      if (!(error instanceof AuditLogError)) throw error;
      // NOTE: the write already happened (or may have): it is reported, with the log's failure beside it.
      result.message += ` The audit log could not record this result: ${error.message}.`;
    }
    this.options.cache.invalidate(environment.name);
    await this.options.cache.refresh([environment.name]);
    return result;
  }

  /** One GET, no retries, after a lost answer. */
  private async readBack(environment: Environment, flag: string, defaultEnabled: boolean | undefined): Promise<{ state?: EnvironmentFlagState; error?: string }> {
    try {
      const features = await this.options.clientFor(environment, 0).listFeatures();
      const feature = features.find((candidate) => candidate.name === flag);
      if (feature) return { state: { status: 'set', feature, fetchedAt: this.now() } };
      if (defaultEnabled === undefined) return { state: { status: 'unknown', reason: 'not set there; its default is unknown', fetchedAt: this.now() } };
      return { state: { status: 'default', defaultEnabled, fetchedAt: this.now() } };
    } catch (error) {
      return { error: (error as Error).message.replace(/\.$/, '') };
    }
  }

  /**
   * What changed since the plan read the state: one line per environment whose state differs, or
   * that can no longer be read (fail closed: "unchanged" must be shown, not assumed).
   */
  private async changesSincePlan(plan: WritePlan, defaultEnabled: boolean | undefined): Promise<string[]> {
    const names = Object.keys(plan.readStates);
    if (names.length === 0) return [];
    await waitAtMost(this.options.cache.refresh(names), this.options.stateWaitMs);
    const changes: string[] = [];
    for (const name of names) {
      const planned = plan.readStates[name];
      if (planned.status === 'unknown') continue; // the rules already refused or were overridden on it
      const now = this.stateOf(name, plan.intent.flag, { value: defaultEnabled });
      if (now.status === 'unknown') changes.push(`cannot read ${name} again to confirm nothing changed since the plan (${now.reason.replace(/\.$/, '')}).`);
      else if (stateKey(now) !== stateKey(planned)) changes.push(`${plan.intent.flag} changed on ${name} since the plan: it was ${stateInWords(planned)}, it is now ${stateInWords(now)}.`);
    }
    return changes;
  }

  /** A result record for every request of the plan (refused or cancelled), and the results. */
  private finishAll(plan: WritePlan, outcome: 'refused' | 'cancelled', message: string): WriteResult[] {
    const requests = plan.requests.length > 0 ? plan.requests : [plannedRequest('(none)', plan.intent)];
    return requests.map((request) => this.finish(plan, request, outcome, message, []));
  }

  private finish(plan: WritePlan, request: PlannedRequest, outcome: 'refused' | 'cancelled', message: string, overrides: string[]): WriteResult {
    const result: WriteResult = { environment: request.environment, outcome, ok: false, message };
    try {
      this.options.audit.append({ ...this.record(plan, request, `${plan.id}/${request.environment}`, 'result', overrides), outcome, detail: message });
    } catch (error) {
      if (!(error instanceof AuditLogError)) throw error;
      result.message += ` (The audit log could not record this: ${error.message}.)`;
    }
    return result;
  }

  private record(plan: WritePlan, request: PlannedRequest, id: string, phase: AuditRecord['phase'], overrides: string[]): AuditRecord {
    const { method, path, body } = request;
    return {
      time: new Date(this.now()).toISOString(),
      id,
      phase,
      environment: request.environment,
      flag: plan.intent.flag,
      request: body ? { method, path, body } : { method, path },
      overrides,
      user: currentUser(),
    };
  }

  /**
   * The flag's default_enabled: from the YAML, else from what GitLab itself reports (a persisted
   * flag carries its definition; otherwise GET /features/definitions), else unknown, with why.
   */
  private async resolveDefault(flag: string, involved: string[]): Promise<ResolvedDefault> {
    const local = this.options.defaultEnabled(flag);
    if (local !== undefined) return { value: local };
    const missing = `no YAML definition of ${flag} was found${this.options.definitionsSearched ? ` ${this.options.definitionsSearched}` : ''}`;
    for (const name of involved) {
      const state = this.options.cache.stateNow(name, flag, undefined);
      const value = state.status === 'set' ? state.feature.definition?.default_enabled : undefined;
      if (typeof value === 'boolean') return { value, note: `${missing}; using default_enabled: ${value} from ${name}'s own definition.` };
    }
    // NOTE: GitLab evaluates a flag that has no definition with default_enabled: false, so when
    // every environment involved answers that it does not define the flag, "off" is known, not assumed.
    let answered = 0;
    for (const name of involved) {
      const environment = this.options.environments.find((candidate) => candidate.name === name) as Environment;
      try {
        const definition = (await this.options.clientFor(environment, 0).listDefinitions()).find((candidate) => candidate.name === flag);
        if (definition && typeof definition.default_enabled === 'boolean') {
          return { value: definition.default_enabled, note: `${missing}; using default_enabled: ${definition.default_enabled} from ${name}'s own definition.` };
        }
        answered++;
      } catch {
        // The next environment may answer.
      }
    }
    if (involved.length > 0 && answered === involved.length) {
      // NOTE: no note: this is every extinct flag's case, and the plan then holds no surprise.
      return { value: false };
    }
    return { unknown: `${missing}, and not every environment could be asked for its definition (${involved.length - answered} of ${involved.length} did not answer), so its default_enabled is unknown` };
  }

  /** The state the rules see: "not set, default unknown" is unknown, never assumed off. */
  private stateOf(name: string, flag: string, resolved: ResolvedDefault): EnvironmentFlagState {
    const state = this.options.cache.stateNow(name, flag, resolved.value ?? false);
    if (state.status === 'default' && resolved.value === undefined) {
      return { status: 'unknown', reason: `${flag} is not set on ${name} and ${resolved.unknown ?? 'its default is unknown'}`, fetchedAt: state.fetchedAt };
    }
    return state;
  }

  /**
   * Chatops' production check for one environment: its open incidents labelled severity::1 or
   * severity::2, one line each. A failed check blocks too (with the reason), since "could not
   * tell" must not read as "no incident"; environments without an incident project are not checked.
   */
  private async incidentsBlocking(environment: Environment): Promise<string[]> {
    if (!environment.incidentProject) return [];
    try {
      const incidents = await this.options.clientFor(environment).listOpenIncidents(environment.incidentProject);
      return incidents
        .filter((incident) => incident.labels.some((label) => HIGH_SEVERITY.has(label)))
        .map((incident) => `${environment.name}: incident #${incident.iid} "${incident.title}" (${incident.labels.filter((label) => HIGH_SEVERITY.has(label)).join(', ')}) is open in ${environment.incidentProject}.`);
    } catch (error) {
      return [`${environment.name}: could not check ${environment.incidentProject} for open incidents (${(error as Error).message.replace(/\.$/, '')}).`];
    }
  }

  private targets(intent: WriteIntent): Environment[] {
    return this.options.environments.filter((environment) => (intent.environments ?? []).includes(environment.name));
  }

  /** The targets, staging and every production environment: what the write and its rules read. */
  private involved(targets: Environment[]): string[] {
    const names = new Set(targets.map((environment) => environment.name));
    for (const environment of this.options.environments) {
      if (environment.production || environment.chatopsOption === '--staging') names.add(environment.name);
    }
    return this.options.environments.filter((environment) => names.has(environment.name)).map((environment) => environment.name);
  }

  /**
   * Turning on goes from non-production to production and turning off the other way round, so
   * an interrupted write never leaves production ahead of staging.
   */
  private executionOrder(targets: Environment[], intent: WriteIntent, defaultEnabled: boolean | undefined): Environment[] {
    const nonProduction = targets.filter((environment) => !environment.production);
    const production = targets.filter((environment) => environment.production);
    return writeDirection(intent, defaultEnabled) === 'disables' ? [...production, ...nonProduction] : [...nonProduction, ...production];
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [id, stored] of this.plans) if (stored.expiresAt <= now) this.plans.delete(id);
  }
}

/** Compares states as GitLab holds them (not when they were fetched). */
function stateKey(state: EnvironmentFlagState): string {
  switch (state.status) {
    case 'unknown':
      return 'unknown';
    case 'default':
      return `default:${state.defaultEnabled}`;
    case 'set': {
      const gates = [...state.feature.gates]
        .map((gate) => (Array.isArray(gate.value) ? { key: gate.key, value: [...gate.value].sort() } : gate))
        .sort((a, b) => a.key.localeCompare(b.key));
      return JSON.stringify({ state: state.feature.state, gates });
    }
  }
}

/**
 * When GitLab's resulting state is not what a boolean or percentage write asked for, says so:
 * "false" that left the flag on, or a percentage beside another percentage that still applies.
 * Actor and group gates beside a percentage are the rollout template's normal shape, not a surprise.
 */
function differenceFromIntent(intent: WriteIntent, feature: FeatureState): string | undefined {
  if (intent.operation !== 'set' || Object.values(intent.actors ?? {}).some((list) => list && list.length > 0)) return undefined;
  const value = intent.value ?? '';
  const number = Number(value);
  const actual = featureInWords(feature);
  const said = (asked: string): string => `That is not what was asked (${asked}): a gate GitLab already had still applies.`;
  if (value === 'true' || number >= 100) return actual === 'on' ? undefined : said('on');
  if (value === 'false' || number === 0) return actual === 'off' ? undefined : said('off');
  const key = intent.percentageOf === 'time' ? 'percentage_of_time' : 'percentage_of_actors';
  const other = feature.gates.some((gate) => (gate.key === 'boolean' && gate.value) || ((gate.key === 'percentage_of_actors' || gate.key === 'percentage_of_time') && gate.key !== key && gate.value > 0));
  return other ? said(gatesInWords([{ key, value: number }])) : undefined;
}

// The labels GitLab's infrastructure team gives the incidents that block production changes.
const HIGH_SEVERITY = new Set(['severity::1', 'severity::2']);

function plannedRequest(environment: string, intent: WriteIntent): PlannedRequest {
  const path = featurePath(intent.flag ?? '');
  if (intent.operation === 'delete') return { environment, method: 'DELETE', path };
  return { environment, method: 'POST', path, body: setRequestBody(setParamsFor(intent)) };
}

function currentUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}
