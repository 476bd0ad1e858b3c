// `gitlab-flags get|set|delete`: live state from the command line, in chatops' spelling, so a
// rollout issue's line works with `/chatops run feature` replaced by `gitlab-flags`.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { dirname, join, relative, resolve } from 'node:path';
import type { CliIo } from '../cliIo';
import { UsageError } from '../cliIo';
import type { WritePlan } from '../../../shared/protocol';
import { parseDefinition, type FlagDefinition } from '../flags/definition';
import type { Environment } from '../../../shared/gitlabModel';
import { TokenStore } from '../gitlab/environments';
import { cliEnvironments } from './cliEnvironments';
import { ACTOR_OPTIONS, ChatopsError, environmentsForOptions, intentFromChatops, parseChatopsArguments } from '../gitlab/chatops';
import { GitLabService } from '../gitlab/service';
import { defaultAuditLogPath } from '../gitlab/auditLog';
import type { WriteDecision } from '../gitlab/writes';
import { stateInWords, stateSymbol } from '../../../shared/stateWording';
import { DEFAULT_TIMEOUT_MS, validateFlagNameForPath } from '../gitlab/client';

const HELP: Record<'get' | 'set' | 'delete', string> = {
  get: `Usage: gitlab-flags get NAME [--env a,b | --staging ...] [--json]

Shows the flag's live state on every configured environment (or the chosen ones).`,
  set: `Usage: gitlab-flags set NAME VALUE [--env a,b | --dev --staging --staging-ref --pre --ops --production]
                       [--actors | --random --ignore-random-deprecation-check]
                       [--project=a/b,c/d] [--group=g] [--namespace=n] [--user=u] [--feature-group=f] [--repository=r]
                       [--force] [--yes] [--dry-run] [--ignore-feature-flag-consistency-check] [--ignore-production-check]

VALUE is true, false, or a number 0-100 with --actors (or --random). Without an environment option,
like chatops, the write goes to production. Production writes need --yes, and are refused while an
incident labelled severity::1 or severity::2 is open in the environment's incidentProject.`,
  delete: `Usage: gitlab-flags delete NAME [--env a,b | --staging ...] [--yes] [--dry-run] [--ignore-production-check]

Removes the stored state, so the flag is back to its YAML default. Without an environment option,
like chatops, it applies to production.`,
};

const COMMON_HELP = `
Common options:
  --environments FILE   environment list (JSON); default: $GITLAB_FLAGS_ENVIRONMENTS
  --root DIR            GitLab checkout for the YAML definition (default: the checkout around
                        the current directory, the nearest one with config/feature_flags)
  --audit-log FILE      the write-ahead audit log (default: $GITLAB_FLAGS_AUDIT_LOG, else
                        $XDG_STATE_HOME/gitlab-flags/audit.jsonl, the editor's default too)
Tokens come from GITLAB_FLAGS_TOKEN_<NAME>, e.g. GITLAB_FLAGS_TOKEN_STAGING_REF.`;

interface CliOptions {
  env?: string[];
  json: boolean;
  yes: boolean;
  dryRun: boolean;
  force: boolean;
  environmentsFile?: string;
  root?: string;
  auditLog?: string;
  help: boolean;
  /** Everything else, in the order given, for the chatops parser (which words chatops' errors). */
  rest: string[];
}

// NOTE: chatops' own options are declared too, so their values are taken whether written
// `--project=a` or `--project a`; anything unknown is passed on for chatops' refusal.
const OPTIONS = {
  env: { type: 'string' },
  environments: { type: 'string' },
  root: { type: 'string' },
  'audit-log': { type: 'string' },
  json: { type: 'boolean' },
  yes: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...Object.fromEntries(ACTOR_OPTIONS.map(([option]) => [option.slice(2), { type: 'string' }])),
  match: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;
const OWN = new Set(['env', 'environments', 'root', 'audit-log', 'json', 'yes', 'dry-run', 'force', 'help']);

function parseCliOptions(argv: string[]): CliOptions {
  const { tokens } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const options: CliOptions = { json: false, yes: false, dryRun: false, force: false, help: false, rest: [] };
  const text = (name: string, value: string | undefined): string => {
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value.`);
    return value;
  };
  for (const token of tokens ?? []) {
    if (token.kind === 'positional') options.rest.push(token.value);
    else if (token.kind === 'option-terminator') continue;
    else if (!OWN.has(token.name)) options.rest.push(token.value === undefined ? token.rawName : `${token.rawName}=${token.value}`);
    else if (token.name === 'env') options.env = text('env', token.value).split(',').map((item) => item.trim()).filter(Boolean);
    else if (token.name === 'environments') options.environmentsFile = text('environments', token.value);
    else if (token.name === 'root') options.root = text('root', token.value);
    else if (token.name === 'audit-log') options.auditLog = text('audit-log', token.value);
    else if (token.value !== undefined) throw new UsageError(`--${token.name} takes no value.`);
    else if (token.name === 'dry-run') options.dryRun = true;
    else (options as unknown as Record<string, boolean>)[token.name] = true;
  }
  return options;
}

/** Finds NAME.yml under config/feature_flags/<type>/ (also ee/ and jh/) in `root`. */
export function findDefinition(root: string, name: string): FlagDefinition | undefined {
  for (const prefix of ['', 'ee', 'jh']) {
    const base = join(root, prefix, 'config', 'feature_flags');
    if (!existsSync(base)) continue;
    for (const type of readdirSync(base, { withFileTypes: true })) {
      if (!type.isDirectory()) continue;
      const file = join(base, type.name, `${name}.yml`);
      if (existsSync(file)) return parseDefinition(file, readFileSync(file, 'utf8'), relative(root, file));
    }
  }
  return undefined;
}

function auditLogPath(options: CliOptions, io: CliIo): string {
  return options.auditLog ? resolve(io.cwd, options.auditLog) : defaultAuditLogPath(io.env);
}

/**
 * --root, else the enclosing checkout: the nearest directory at or above `cwd` that has
 * config/feature_flags (or ee/ or jh/ ones). `searched` says where, for messages.
 */
export function definitionRoot(cwd: string, root: string | undefined): { root?: string; searched: string } {
  if (root !== undefined) {
    const given = resolve(cwd, root);
    return { root: given, searched: `under ${given}` };
  }
  for (let directory = resolve(cwd); ; directory = dirname(directory)) {
    if (['', 'ee', 'jh'].some((prefix) => existsSync(join(directory, prefix, 'config', 'feature_flags')))) {
      return { root: directory, searched: `under ${directory}` };
    }
    if (dirname(directory) === directory) break;
  }
  return { searched: `(no directory with config/feature_flags at or above ${resolve(cwd)}; pass --root)` };
}

export async function runStateCommand(command: 'get' | 'set' | 'delete', argv: string[], io: CliIo): Promise<number> {
  const options = parseCliOptions(argv);
  if (options.help) {
    io.stdout(`${HELP[command]}\n${COMMON_HELP}\n`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseChatopsArguments([command, ...options.rest]);
  } catch (error) {
    if (error instanceof ChatopsError) throw new UsageError(error.message);
    throw error;
  }
  const flag = parsed.flag as string;
  const nameProblem = validateFlagNameForPath(flag);
  if (nameProblem) throw new UsageError(nameProblem.charAt(0).toUpperCase() + nameProblem.slice(1));

  const environments = cliEnvironments(io, options.environmentsFile);
  const selected = selectEnvironments(command, options, parsed.environmentOptions, environments);

  const { root, searched } = definitionRoot(io.cwd, options.root);
  const definition = root ? findDefinition(root, flag) : undefined;
  const tokens = new TokenStore(io.env);
  const service = new GitLabService({
    environments,
    tokens,
    auditLogPath: auditLogPath(options, io),
    warn: (line) => io.stderr(`gitlab-flags: warning: ${line}\n`),
    lookupDefinition: (name) => (name === flag ? definition : undefined),
    definitionsSearched: searched,
  });

  if (command === 'get') return printStates(service, flag, definition, selected, options, io);

  const intent = intentFromChatops(parsed, selected, options.force);
  const plan = await service.plan(intent);
  for (const warning of plan.warnings) io.stderr(`gitlab-flags: warning: ${warning}\n`);
  if (options.dryRun) {
    service.discard(plan.id);
    return printDryRun(plan, environments, options, io);
  }

  // NOTE: the CLI's answers go to the same decision execute() takes; it only phrases the hint.
  const answers = { confirmedProduction: options.yes, ignoreConsistencyCheck: parsed.ignoreConsistencyCheck, ignoreProductionCheck: parsed.ignoreProductionCheck };
  const decision = service.decide(plan, answers);
  const results = await service.execute({ planId: plan.id, ...answers });
  if (options.json) io.stdout(JSON.stringify({ chatops: plan.chatops, results }, null, 2) + '\n');
  if (decision.refusal) {
    if (!options.json) for (const line of cliRefusal(decision.refusal)) io.stderr(`gitlab-flags: ${line}\n`);
    return 1;
  }
  let failed = false;
  for (const result of results) {
    if (result.ok) {
      if (!options.json) io.stdout(`${result.message}\n`);
    } else {
      failed = true;
      if (!options.json) io.stderr(`gitlab-flags: ${result.message}\n`);
    }
    if (result.note && !options.json) io.stdout(`${result.note}\n`);
  }
  return failed ? 1 : 0;
}

function selectEnvironments(command: string, options: CliOptions, chatopsOptions: string[], environments: Environment[]): string[] {
  if (options.env && chatopsOptions.length > 0) {
    throw new UsageError(`Choose environments either with --env or with chatops options (${chatopsOptions.join(' ')}), not both.`);
  }
  if (options.env) {
    const unknown = options.env.filter((name) => !environments.some((environment) => environment.name === name));
    if (unknown.length > 0) {
      throw new UsageError(`Unknown environment ${unknown.map((name) => `'${name}'`).join(', ')}; configured: ${environments.map((environment) => environment.name).join(', ')}.`);
    }
    return options.env;
  }
  // NOTE: reading is harmless, so `get` without options shows every environment; writes follow
  // chatops and default to production, so a pasted line does exactly what it did in Slack.
  if (command === 'get' && chatopsOptions.length === 0) return environments.map((environment) => environment.name);
  try {
    return environmentsForOptions(chatopsOptions, environments);
  } catch (error) {
    if (error instanceof ChatopsError) throw new UsageError(error.message);
    throw error;
  }
}

/** The decision's refusal in the CLI's terms: which option would answer it. */
function cliRefusal(refusal: NonNullable<WriteDecision['refusal']>): string[] {
  switch (refusal.check) {
    case 'invalid':
      return refusal.lines;
    case 'production-confirmation':
      return [`${refusal.lines.join(' ')} Refusing without confirmation: pass --yes to confirm the production change.`];
    case 'consistency':
      return [
        ...refusal.lines,
        'Refusing because the environments would become inconsistent (or that cannot be checked). If you absolutely must, confirm with the SRE on call and pass --ignore-feature-flag-consistency-check.',
      ];
    case 'production-check':
      return [
        ...refusal.lines,
        'Refusing because the production check did not pass: production changes are blocked during active high-severity incidents. If the change is unrelated or part of the fix, pass --ignore-production-check.',
      ];
  }
}

async function printStates(service: GitLabService, flag: string, definition: FlagDefinition | undefined, selected: string[], options: CliOptions, io: CliIo): Promise<number> {
  // Waits for the whole fetch, retries included: the CLI has nothing better to do.
  const states = await service.states(flag, DEFAULT_TIMEOUT_MS * 3 + 1000, selected);
  const unknown = selected.filter((name) => states[name].status === 'unknown');
  if (options.json) {
    const environments = Object.fromEntries(selected.map((name) => [name, { ...states[name], words: stateInWords(states[name]) }]));
    io.stdout(JSON.stringify({ flag, defaultEnabled: definition?.defaultEnabled ?? null, environments }, null, 2) + '\n');
    return unknown.length > 0 ? 1 : 0;
  }
  const defaultText = definition?.defaultEnabled === undefined ? 'no YAML definition found, default off' : `default ${definition.defaultEnabled ? 'on' : 'off'}`;
  io.stdout(`${flag} (${defaultText})\n`);
  const width = Math.max(...selected.map((name) => name.length));
  for (const name of selected) io.stdout(`  ${name.padEnd(width)}  ${stateSymbol(states[name])} ${stateInWords(states[name])}\n`);
  return unknown.length > 0 ? 1 : 0;
}

function printDryRun(plan: WritePlan, environments: Environment[], options: CliOptions, io: CliIo): number {
  if (options.json) {
    io.stdout(JSON.stringify(plan, null, 2) + '\n');
    return plan.errors.length > 0 ? 1 : 0;
  }
  const urlOf = (name: string): string => environments.find((environment) => environment.name === name)?.url ?? '';
  io.stdout('Dry run: no change was sent (the state was read to check the rules).\n');
  for (const request of plan.requests) {
    io.stdout(`${request.environment}: ${request.method} ${urlOf(request.environment)}${request.path}${request.body ? ` ${JSON.stringify(request.body)}` : ''}\n`);
  }
  io.stdout(`chatops: ${plan.chatops}\n`);
  if (plan.productionConfirmation) io.stdout(`needs --yes: ${plan.productionConfirmation}\n`);
  for (const violation of plan.consistencyViolations) io.stdout(`consistency: ${violation}\n`);
  for (const incident of plan.activeIncidents) io.stdout(`production check: ${incident}\n`);
  for (const error of plan.errors) io.stderr(`gitlab-flags: ${error}\n`);
  return plan.errors.length > 0 ? 1 : 0;
}

