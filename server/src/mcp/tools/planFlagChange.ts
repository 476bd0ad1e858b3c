// plan_flag_change: what `gitlab-flags set|delete … --dry-run` shows, for an agent to hand to a
// person: the requests, the chatops line, every safety check's verdict on live state, and the
// exact lines to run. The plan is made by the same GitLabService.plan() as every front end and
// then discarded: nothing is ever executed, and nothing is written to the audit log.

import { z } from 'zod';
import type { WriteIntent, WritePlan } from '../../../../shared/protocol';
import { ChatopsError, featureWords, intentFromChatops, parseChatopsArguments, type ParsedChatops } from '../../gitlab/chatops';
import { decide, describeIntent } from '../../gitlab/writes';
import type { McpContext } from '../context';
import { ToolError } from '../context';
import { defineTool } from '../tool';
import { normalizeName } from '../rows';
import { environmentState, NO_ENVIRONMENTS, stateRow } from '../liveState';

const VERDICTS = ['pass', 'fail', 'needs-confirmation', 'not-applicable', 'not-checked'] as const;
type Verdict = (typeof VERDICTS)[number];

const checkRow = z.object({
  check: z.enum(['valid', 'access', 'consistency', 'production-check', 'production-confirmation']),
  verdict: z.enum(VERDICTS),
  detail: z.array(z.string()),
});
type CheckRow = z.infer<typeof checkRow>;

export const planFlagChange = defineTool({
  name: 'plan_flag_change',
  title: 'Plan a flag change on GitLab',
  description:
    'Plans changing a feature flag on GitLab environments the way `/chatops run feature set|delete` does, and NEVER executes it: ' +
    'it reads the live state (GET requests only), then returns the HTTP requests that would be sent, the chatops line, every safety check\'s ' +
    'verdict (chatops consistency rules, the production incident check, production confirmation, read-only environments) and the exact ' +
    '`gitlab-flags` and `/chatops` lines for a person to run. Hand those to the person; no tool changes GitLab. ' +
    '`change` uses chatops\' words: "true", "false", "50 --actors", "25 --random --ignore-random-deprecation-check", ' +
    '"true --project=gitlab-org/gitlab", "false --user=alice", or "delete" (back to the YAML default).',
  input: {
    name: z.string().min(1).describe('The flag name'),
    change: z.string().min(1).describe('chatops words after the flag name: true | false | N --actors | true --project=a/b,c/d … | delete'),
    environments: z.array(z.string().min(1)).min(1).describe('Names from the configured environment list, e.g. ["staging"] or ["staging", "production"]'),
  },
  output: {
    flag: z.string(),
    change: z.string().describe('The change in words'),
    environments: z.array(z.string()),
    executed: z.literal(false).describe('Always false: this tool never changes GitLab'),
    wouldBeRefused: z.boolean().describe('true when a person running the line as given would be refused'),
    blockedBy: z.array(z.string()).describe('The checks that refuse it'),
    checks: z.array(checkRow),
    requests: z.array(z.object({ environment: z.string(), method: z.string(), url: z.string(), body: z.record(z.string(), z.string()).optional() })).describe('What gitlab-flags would send, in order'),
    chatops: z.string(),
    readStates: z.array(environmentState).describe('The flag\'s state on every environment the checks read'),
    warnings: z.array(z.string()),
    handOff: z.object({
      gitlabFlags: z.string().describe('The command for a person to run in the repository'),
      dryRun: z.string().describe('The same with --dry-run: shows this plan again without changing anything'),
      chatops: z.string().describe('The line for Slack'),
      notes: z.array(z.string()).describe('What the person must add or decide (production confirmation, overrides)'),
    }),
  },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  async run(context, { name: raw, change, environments }) {
    if (context.environments.length === 0) throw new ToolError(NO_ENVIRONMENTS);
    const name = normalizeName(raw);
    const unknown = environments.filter((environment) => !context.environments.some((candidate) => candidate.name === environment));
    if (unknown.length > 0) {
      throw new ToolError(`Unknown environment ${unknown.map((environment) => `'${environment}'`).join(', ')}; configured: ${context.environments.map((environment) => environment.name).join(', ')}.`);
    }
    const selected = [...new Set(environments)];
    const parsed = parseChange(name, change);
    await context.index(); // the YAML default of the flag, for a delete and for an unset flag
    const intent = intentFromChatops(parsed, selected);
    const plan = await context.gitlab.plan(intent);
    try {
      return answer(context, intent, plan);
    } finally {
      context.gitlab.discard(plan.id);
    }
  },
});

function parseChange(name: string, change: string): ParsedChatops {
  const words = change.trim().split(/\s+/);
  const command = words[0] === 'delete' ? 'delete' : 'set';
  const rest = words[0] === 'delete' || words[0] === 'set' ? words.slice(1) : words;
  let parsed: ParsedChatops;
  try {
    parsed = parseChatopsArguments([command, name, ...rest]);
  } catch (error) {
    if (error instanceof ChatopsError) throw new ToolError(error.message);
    throw error;
  }
  if (parsed.environmentOptions.length > 0) {
    throw new ToolError(`Choose environments with the \`environments\` argument (names from the environment list), not with ${parsed.environmentOptions.join(' ')} in \`change\`.`);
  }
  if (parsed.ignoreConsistencyCheck || parsed.ignoreProductionCheck) {
    throw new ToolError('Overrides (--ignore-feature-flag-consistency-check, --ignore-production-check) are for the person who runs the change to decide; plan without them: the result says which check would need one.');
  }
  return parsed;
}

function answer(context: McpContext, intent: WriteIntent, plan: WritePlan) {
  const readOnly = intent.environments.filter((name) => (context.environments.find((environment) => environment.name === name)?.access ?? 'read') !== 'write');
  const evaluated = plan.errors.length === 0;
  const production = context.environments.filter((environment) => plan.production.includes(environment.name));
  const unchecked = production.filter((environment) => !environment.incidentProject).map((environment) => `${environment.name} has no incidentProject in the environment list: its incidents were not checked.`);
  const checks: CheckRow[] = [
    { check: 'valid', verdict: verdict(plan.errors.length === 0), detail: plan.errors },
    {
      check: 'access',
      verdict: verdict(readOnly.length === 0),
      detail: readOnly.map((name) => `${name} is read-only (access "read") in the environment list: gitlab-flags refuses to write there; use the chatops line, or set "access": "write" for it.`),
    },
    { check: 'consistency', verdict: evaluated ? verdict(plan.consistencyViolations.length === 0) : 'not-checked', detail: evaluated ? plan.consistencyViolations : ['Not evaluated: the change is invalid.'] },
    {
      check: 'production-check',
      // No production target with an incidentProject: nothing could be asked, which is said, not passed.
      verdict: plan.production.length === 0 ? 'not-applicable' : !evaluated || unchecked.length === production.length ? 'not-checked' : verdict(plan.activeIncidents.length === 0),
      detail: [...plan.activeIncidents, ...unchecked],
    },
    {
      check: 'production-confirmation',
      verdict: plan.productionConfirmation ? 'needs-confirmation' : 'not-applicable',
      detail: plan.productionConfirmation ? [plan.productionConfirmation] : [],
    },
  ];
  // What gitlab-flags would decide for a person who confirms production and overrides nothing.
  const refusal = decide(plan, { confirmedProduction: true, ignoreConsistencyCheck: false, ignoreProductionCheck: false }).refusal;
  const blockedBy = [...(refusal ? [refusal.check === 'invalid' ? 'valid' : refusal.check] : []), ...(readOnly.length > 0 ? ['access'] : [])];
  const line = gitlabFlagsLine(intent);
  const notes: string[] = [];
  if (plan.productionConfirmation) notes.push(`Production: gitlab-flags refuses without --yes, which confirms: "${plan.productionConfirmation}" Add it once you have read this plan.`);
  if (plan.consistencyViolations.length > 0 && evaluated) {
    notes.push(`Blocked by chatops' consistency rules: ${plan.consistencyViolations.join(' ')} Only with the agreement of the SRE on call, add --ignore-feature-flag-consistency-check (the same option in chatops).`);
  }
  if (plan.activeIncidents.length > 0 && evaluated) {
    notes.push(`Blocked by the production check: ${plan.activeIncidents.join(' ')} Only if the change is unrelated or part of the fix, add --ignore-production-check.`);
  }
  if (readOnly.length > 0) notes.push(`${readOnly.join(', ')} ${readOnly.length === 1 ? 'is' : 'are'} read-only in the environment list: run the chatops line there, or give the environment "access": "write".`);
  if (plan.chatops.startsWith('(')) notes.push(`No chatops line: ${plan.chatops.slice(1, -1)}.`);
  notes.push('Run the gitlab-flags line in the repository (it reads the YAML default from there). Every write is recorded in the audit log.');
  const urlOf = (name: string): string => context.environments.find((environment) => environment.name === name)?.url ?? '';
  return {
    flag: intent.flag,
    change: describeIntent(intent),
    environments: intent.environments,
    executed: false as const,
    wouldBeRefused: blockedBy.length > 0,
    blockedBy,
    checks,
    requests: plan.requests.map((request) => ({ environment: request.environment, method: request.method, url: `${urlOf(request.environment)}${request.path}`, ...(request.body ? { body: request.body } : {}) })),
    chatops: plan.chatops,
    readStates: Object.entries(plan.readStates).map(([name, state]) => stateRow(context, name, state)),
    warnings: plan.warnings,
    handOff: { gitlabFlags: line, dryRun: `${line} --dry-run`, chatops: plan.chatops, notes },
  };
}

function verdict(passed: boolean): Verdict {
  return passed ? 'pass' : 'fail';
}

/** The `gitlab-flags` line for an intent, in chatops' spelling (the CLI takes chatops' options). */
export function gitlabFlagsLine(intent: WriteIntent): string {
  const words = ['gitlab-flags', ...featureWords(intent)];
  words.push(`--env=${intent.environments.join(',')}`);
  return words.map(shellWord).join(' ');
}

/** A word as a POSIX shell reads it: quoted only when it holds something the shell would interpret. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./,:=@+%-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
