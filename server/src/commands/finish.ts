// gitlab-flags finish: the last steps of a rollout issue's "Cleanup" section in one command. Once
// the code no longer mentions the flag, delete it on every environment where it is still set
// (one plan, the usual checks and confirmations), then leave a closing note on the rollout issue
// and close it.

import type { CliIo } from '../cliIo';
import { UsageError } from '../cliIo';
import { TokenStore } from '../gitlab/environments';
import { GitLabService } from '../gitlab/service';
import { DEFAULT_TIMEOUT_MS } from '../gitlab/client';
import { flagKey } from '../flags/naming';
import { INDEX_OPTIONS, parseCommandArgs } from './options';
import { loadRoot } from './loadRoot';
import { chosenEnvironments, cliEnvironments } from './cliEnvironments';

const USAGE = `Usage: gitlab-flags finish NAME [--env a,b] [--yes] [--dry-run] [--force] [--rollout-issue URL]
                          [--ignore-feature-flag-consistency-check] [--ignore-production-check]
                          [--root DIR] [--environments FILE] [--json]

Retires a flag whose code is gone: refuses while a reference or its YAML remains under --root
(unless --force), deletes it on every configured environment where it is set (production needs
--yes, and the usual checks apply), then adds a closing note to its rollout issue and closes it.
--dry-run prints the plan and sends no change.
`;

const LISTED = 10;

export async function runFinish(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...INDEX_OPTIONS,
    env: { type: 'string' },
    environments: { type: 'string' },
    yes: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    'rollout-issue': { type: 'string' },
    'ignore-feature-flag-consistency-check': { type: 'boolean', default: false },
    'ignore-production-check': { type: 'boolean', default: false },
  });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`finish takes exactly one flag name.\n${USAGE}`);
  const environments = cliEnvironments(io, values.environments);
  const only = chosenEnvironments(values.env, environments);
  const workspace = await loadRoot(io, values);
  const { index } = workspace;
  const flag = index.displayName(positionals[0]);
  const definition = index.definitions(flag)[0];

  const remaining = index.references(flagKey(flag));
  if (remaining.length > 0 && !values.force) {
    const listed = remaining.slice(0, LISTED).map((found) => `  ${workspace.relativePath(found.file)}:${found.item.range.start.line + 1}  ${found.item.kind}`);
    throw new UsageError(
      `${flag} is still in the working tree (${remaining.length} reference${remaining.length === 1 ? '' : 's'}, its YAML included):\n${listed.join('\n')}${remaining.length > LISTED ? '\n  …' : ''}\n` +
        `Remove them first (gitlab-flags cleanup ${flag} --keep enabled|disabled --write), or pass --force.`,
      1,
    );
  }

  const service = new GitLabService({
    environments,
    tokens: new TokenStore(io.env),
    warn: (line) => io.stderr(`gitlab-flags: warning: ${line}\n`),
    lookupDefinition: (name) => (flagKey(name) === flagKey(flag) ? definition : undefined),
    definitionsSearched: `under ${workspace.root}`,
  });
  const persisted = await service.persisted(DEFAULT_TIMEOUT_MS * 3 + 1000, only);
  const unreadable = Object.entries(persisted).filter(([, entry]) => entry.error !== undefined);
  if (unreadable.length > 0) {
    // NOTE: fail closed: an environment that cannot be read might still have the flag set.
    for (const [, entry] of unreadable) io.stderr(`gitlab-flags: ${entry.error?.replace(/\.$/, '')}; cannot tell whether ${flag} is set there.\n`);
    io.stderr('gitlab-flags: Refusing to finish while an environment cannot be read; choose the others with --env if you must.\n');
    return 1;
  }
  const setOn = Object.entries(persisted).filter(([, entry]) => entry.features?.some((feature) => feature.name === flag)).map(([name]) => name);
  const issueUrl = values['rollout-issue'] ?? definition?.rolloutIssueUrl ?? (await service.rolloutIssueUrlFromGitLab(flag));

  if (setOn.length === 0) {
    io.stdout(`${flag} is not set on ${only ? only.join(', ') : 'any configured environment'}; nothing to delete.\n`);
    if (values['dry-run']) return 0;
    io.stdout(`${await service.closeRolloutIssue(flag, issueUrl, 'it was not set on any environment any more.')}\n`);
    return 0;
  }

  const plan = await service.plan({ flag, environments: setOn, operation: 'delete' });
  for (const warning of plan.warnings) io.stderr(`gitlab-flags: warning: ${warning}\n`);
  if (values['dry-run']) {
    service.discard(plan.id);
    if (values.json) {
      io.stdout(JSON.stringify({ plan, rolloutIssue: issueUrl ?? null }, null, 2) + '\n');
      return plan.errors.length > 0 ? 1 : 0;
    }
    io.stdout(`Dry run: no change was sent (the state was read to check the rules).\n`);
    for (const request of plan.requests) io.stdout(`${request.environment}: ${request.method} ${request.path}\n`);
    io.stdout(`chatops: ${plan.chatops}\n`);
    if (plan.productionConfirmation) io.stdout(`needs --yes: ${plan.productionConfirmation}\n`);
    for (const violation of plan.consistencyViolations) io.stdout(`consistency: ${violation}\n`);
    for (const incident of plan.activeIncidents) io.stdout(`production check: ${incident}\n`);
    io.stdout(issueUrl ? `then: a closing note on ${issueUrl}, and the issue closed\n` : 'then: no rollout issue is known (pass --rollout-issue URL to close it)\n');
    for (const error of plan.errors) io.stderr(`gitlab-flags: ${error}\n`);
    return plan.errors.length > 0 ? 1 : 0;
  }

  const answers = {
    confirmedProduction: values.yes,
    ignoreConsistencyCheck: values['ignore-feature-flag-consistency-check'],
    ignoreProductionCheck: values['ignore-production-check'],
  };
  const decision = service.decide(plan, answers);
  const results = await service.execute({ planId: plan.id, ...answers });
  if (decision.refusal) {
    const hint =
      decision.refusal.check === 'production-confirmation' ? 'pass --yes to confirm the production change'
      : decision.refusal.check === 'consistency' ? 'if you absolutely must, confirm with the SRE on call and pass --ignore-feature-flag-consistency-check'
      : decision.refusal.check === 'production-check' ? 'if the change is unrelated or part of the fix, pass --ignore-production-check'
      : undefined;
    for (const line of decision.refusal.lines) io.stderr(`gitlab-flags: ${line}\n`);
    if (hint) io.stderr(`gitlab-flags: Refusing: ${hint}.\n`);
    return 1;
  }
  let failed = false;
  for (const result of results) {
    if (result.ok) io.stdout(`${result.message}\n`);
    else {
      failed = true;
      io.stderr(`gitlab-flags: ${result.message}\n`);
    }
  }
  if (failed) {
    io.stderr(`gitlab-flags: ${flag} is not deleted everywhere, so its rollout issue stays open.\n`);
    return 1;
  }
  io.stdout(`${await service.closeRolloutIssue(flag, issueUrl, `deleted on ${setOn.join(', ')} (\`${plan.chatops}\`).`)}\n`);
  return 0;
}
