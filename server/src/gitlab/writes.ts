// Writes: planned (requests, chatops line, confirmations needed), then executed. The server
// enforces every rule itself, whatever a client claims: read-only environments are refused,
// production needs confirmedProduction, consistency violations need ignoreConsistencyCheck, and
// open high-severity incidents on a production environment need ignoreProductionCheck.
// Every attempted write, refusals included, goes to the audit log.

import { userInfo } from 'node:os';
import type { ExecuteWriteParams, PlannedRequest, WriteIntent, WritePlan, WriteResult } from '../protocol';
import type { Environment, EnvironmentFlagState } from './model';
import { featurePath, setRequestBody, validateFlagNameForPath, validateSetParams, type FeaturesClient, type SetFeatureParams } from './client';
import { chatopsLine } from './chatops';
import { consistencyViolations, writeDirection } from './consistency';
import { stateInWords } from './gates';
import { waitAtMost, type StateCache } from './stateCache';
import type { AuditLog } from './auditLog';

export interface WriteServiceOptions {
  environments: readonly Environment[];
  clientFor: (environment: Environment) => FeaturesClient;
  cache: StateCache;
  /** default_enabled from the flag's YAML; undefined when there is none. */
  defaultEnabled: (flag: string) => boolean | undefined;
  audit: AuditLog;
  /** How long planning waits for the live state the consistency check needs. */
  stateWaitMs: number;
  now?: () => number;
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

/** "set to true", "set to 50% of actors", "enable for project gitlab-org/gitlab", "delete". */
export function describeIntent(intent: WriteIntent): string {
  if (intent.operation === 'delete') return 'delete it (back to the YAML default)';
  const actors = Object.entries(intent.actors ?? {}).filter(([, list]) => list && list.length > 0);
  if (actors.length > 0) {
    const targets = actors.map(([kind, list]) => `${kind.replace('_', ' ')} ${(list as string[]).join(', ')}`).join('; ');
    return `${intent.value === 'false' || intent.value === '0' ? 'disable' : 'enable'} it for ${targets}`;
  }
  if (intent.percentageOf === 'actors') return `set it to ${intent.value}% of actors`;
  if (intent.percentageOf === 'time') return `set it to ${intent.value}% of time`;
  return `set it to ${intent.value}`;
}

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

  constructor(private readonly options: WriteServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** What the write would do and which confirmations it needs. Reads live state; changes nothing. */
  async plan(intent: WriteIntent): Promise<WritePlan> {
    const environments = this.options.environments;
    const errors = intentProblems(intent, environments);
    const requests: PlannedRequest[] = (intent.environments ?? []).map((environment) => plannedRequest(environment, intent));
    const plan: WritePlan = { intent, requests, chatops: chatopsLine(intent, environments), errors, consistencyViolations: [], activeIncidents: [] };
    if (errors.length > 0) return plan;

    const production = this.targets(intent).filter((environment) => environment.production);
    if (production.length > 0) {
      plan.productionConfirmation = `This changes PRODUCTION (${production.map((environment) => environment.name).join(', ')}): ${describeIntent(intent)} for ${intent.flag}.`;
      plan.activeIncidents = (await Promise.all(production.map((environment) => this.incidentsBlocking(environment)))).flat();
    }
    const defaultEnabled = this.options.defaultEnabled(intent.flag) ?? false;
    if (writeDirection(intent, defaultEnabled) !== 'neither') {
      // NOTE: the rules need current state, so the cache is bypassed for the environments they read.
      const involved = environments.filter((environment) => environment.production || environment.chatopsOption === '--staging').map((environment) => environment.name);
      await waitAtMost(this.options.cache.refresh(involved), this.options.stateWaitMs);
      const states: Record<string, EnvironmentFlagState> = {};
      for (const name of involved) states[name] = this.options.cache.stateNow(name, intent.flag, defaultEnabled);
      plan.consistencyViolations = consistencyViolations({ intent, environments, states, defaultEnabled });
    }
    return plan;
  }

  /** Performs the write on each environment, after re-checking everything plan() checks. */
  async execute(params: ExecuteWriteParams): Promise<WriteResult[]> {
    const { intent } = params;
    const plan = await this.plan(intent);
    const names = Array.isArray(intent.environments) && intent.environments.length > 0 ? intent.environments : ['(none)'];
    let refusal: string | undefined;
    if (plan.errors.length > 0) refusal = plan.errors.join(' ');
    else if (plan.productionConfirmation && !params.confirmedProduction) {
      refusal = `Production was not confirmed: ${plan.productionConfirmation} Confirm it explicitly to proceed.`;
    } else if (plan.consistencyViolations.length > 0 && !params.ignoreConsistencyCheck) {
      refusal = `${plan.consistencyViolations.join(' ')} If you absolutely must, confirm with the SRE on call and override the consistency check.`;
    } else if (plan.activeIncidents.length > 0 && !params.ignoreProductionCheck) {
      refusal = `Production changes are blocked during active high-severity incidents: ${plan.activeIncidents.join(' ')} Override the production check only if the change is unrelated or part of the fix.`;
    }
    if (refusal !== undefined) {
      return names.map((environment) => {
        this.audit(environment, intent, undefined, undefined, `refused: ${refusal}`);
        return { environment, ok: false, message: refusal as string };
      });
    }
    const defaultEnabled = this.options.defaultEnabled(intent.flag) ?? false;
    const ordered = this.executionOrder(intent, defaultEnabled);
    const results: WriteResult[] = [];
    let failed: string | undefined;
    for (const environment of ordered) {
      if (failed) {
        const message = `${environment.name}: not attempted because the write on ${failed} failed.`;
        this.audit(environment.name, intent, undefined, undefined, `skipped: ${message}`);
        results.push({ environment: environment.name, ok: false, message });
        continue;
      }
      const overridden = plan.consistencyViolations.length > 0 ? [`consistency check overridden: ${plan.consistencyViolations.join(' ')}`] : [];
      if (environment.production && params.ignoreProductionCheck && plan.activeIncidents.length > 0) overridden.push(`production check overridden: ${plan.activeIncidents.join(' ')}`);
      results.push(await this.writeOne(environment, intent, defaultEnabled, overridden));
      if (!results[results.length - 1].ok) failed = environment.name;
    }
    return results;
  }

  /** `overridden`: one line per check the user overrode, "<check> overridden: <why it objected>". */
  private async writeOne(environment: Environment, intent: WriteIntent, defaultEnabled: boolean, overridden: string[]): Promise<WriteResult> {
    const cache = this.options.cache;
    const before = cache.stateNow(environment.name, intent.flag, defaultEnabled);
    const client = this.options.clientFor(environment);
    try {
      let after: EnvironmentFlagState;
      if (intent.operation === 'set') {
        const feature = await client.setFeature(intent.flag, setParamsFor(intent));
        after = { status: 'set', feature, fetchedAt: this.now() };
      } else {
        await client.deleteFeature(intent.flag);
        after = { status: 'default', defaultEnabled, fetchedAt: this.now() };
      }
      const checks = [...new Set(overridden.map((line) => line.slice(0, line.indexOf(':'))))];
      const note = checks.length > 0 ? ` (${checks.join(', ')})` : '';
      this.audit(environment.name, intent, before, after, overridden.length > 0 ? `ok; ${overridden.join('; ')}` : 'ok');
      cache.invalidate(environment.name);
      await cache.refresh([environment.name]);
      return { environment: environment.name, ok: true, message: `${environment.name}: ${intent.flag} is now ${stateInWords(after)}${note}.`, before, after };
    } catch (error) {
      const message = (error as Error).message;
      this.audit(environment.name, intent, before, undefined, `failed: ${message}`);
      // The write may have happened even if the answer was lost (timeout), so state is re-read.
      cache.invalidate(environment.name);
      return { environment: environment.name, ok: false, message, before };
    }
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
    return this.options.environments.filter((environment) => intent.environments.includes(environment.name));
  }

  /**
   * Turning on goes from non-production to production and turning off the other way round, so
   * an interrupted write never leaves production ahead of staging.
   */
  private executionOrder(intent: WriteIntent, defaultEnabled: boolean): Environment[] {
    const targets = this.targets(intent);
    const nonProduction = targets.filter((environment) => !environment.production);
    const production = targets.filter((environment) => environment.production);
    return writeDirection(intent, defaultEnabled) === 'disables' ? [...production, ...nonProduction] : [...nonProduction, ...production];
  }

  private audit(environment: string, intent: WriteIntent, before: EnvironmentFlagState | undefined, after: EnvironmentFlagState | undefined, result: string): void {
    const { method, path, body } = plannedRequest(environment, intent);
    this.options.audit.append({
      time: new Date(this.now()).toISOString(),
      environment,
      flag: intent.flag,
      request: body ? { method, path, body } : { method, path },
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
      result,
      user: currentUser(),
    });
  }
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
