// The rollout assistant: the steps of GitLab's rollout issue template (../seeds), each with the
// write it performs and its chatops line. Each step is done only when its own condition holds on
// the live state of every environment it names (10% of actors on production does not make "on for
// projects" done); waits count from the audit log's last production change. Warning rows come
// first: production ahead of a non-production environment, or a state that could not be read
// (its steps are then never marked done).

import type { ActorKind, RolloutStep, WriteIntent } from '../../../shared/protocol';
import type { FlagDefinition } from '../flags/definition';
import type { Environment, EnvironmentFlagState, Gate } from '../../../shared/gitlabModel';
import { chatopsLine } from './chatops';
import { stateInWords, stateLevel } from '../../../shared/stateWording';

export interface RolloutOptions {
  /** Production percentages of actors, in order. */
  percentages?: number[];
  /** Minimum time between production changes. Default 15 min. */
  minWaitMs?: number;
  /** Verification time after production is fully on. Default one day. */
  verifyMs?: number;
  /** Who gets the flag first on production. Default: the template's projects. */
  productionActors?: Partial<Record<ActorKind, string[]>>;
}

/** The template's choices for the first production actors. */
export const TEMPLATE_ACTORS = {
  projects: ['gitlab-org/gitlab', 'gitlab-org/gitlab-foss', 'gitlab-com/www-gitlab-com'],
  groups: ['gitlab-org', 'gitlab-com'],
  featureGroup: 'gitlab_team_members',
};

export interface RolloutInput {
  flag: string;
  environments: readonly Environment[];
  states: Record<string, EnvironmentFlagState>;
  /** Epoch ms of the last successful production write (from the audit log). */
  lastProductionChange?: number;
  now: number;
  options?: RolloutOptions;
}

function percentageOfActors(state: EnvironmentFlagState): number {
  if (state.status !== 'set') return 0;
  const gate = state.feature.gates.find((candidate): candidate is Extract<Gate, { key: 'percentage_of_actors' }> => candidate.key === 'percentage_of_actors');
  return gate?.value ?? 0;
}

function describeActors(actors: Partial<Record<ActorKind, string[]>>): string {
  return Object.entries(actors)
    .map(([kind, list]) => `${kind === 'feature_group' ? 'feature group' : kind + (list && list.length > 1 ? 's' : '')} ${(list ?? []).join(', ')}`)
    .join('; ');
}

export function rolloutSteps(input: RolloutInput): RolloutStep[] {
  const { flag, environments, states, now } = input;
  const percentages = input.options?.percentages ?? [25, 50, 75];
  const minWaitMs = input.options?.minWaitMs ?? 15 * 60_000;
  const verifyMs = input.options?.verifyMs ?? 24 * 60 * 60_000;
  const actors = input.options?.productionActors ?? { project: TEMPLATE_ACTORS.projects };
  const nonProduction = environments.filter((environment) => !environment.production).map((environment) => environment.name);
  const production = environments.filter((environment) => environment.production).map((environment) => environment.name);

  const level = (name: string) => stateLevel(states[name] ?? { status: 'unknown', reason: `${name} was not read` });
  const all = (names: string[], test: (name: string) => boolean): boolean => names.length > 0 && names.every(test);
  const fullyOn = (name: string): boolean => level(name) === 'on';
  const productionOn = all(production, fullyOn);
  const hasActorGates = (name: string): boolean => {
    const state = states[name];
    return state?.status === 'set' && state.feature.gates.some((gate) => (gate.key === 'actors' || gate.key === 'groups') && gate.value.length > 0);
  };

  const step = (id: string, title: string, done: boolean, intent?: WriteIntent, gated = false): RolloutStep & { done: boolean; gated: boolean } => ({
    id,
    title,
    status: 'pending',
    done,
    gated,
    ...(intent ? { intent, chatops: chatopsLine(intent, environments) } : {}),
  });

  const steps = [
    step('non-production-percentage', 'Non-production: 50% of actors', all(nonProduction, (name) => fullyOn(name) || percentageOfActors(states[name]) >= 50), {
      flag, environments: nonProduction, operation: 'set', value: '50', percentageOf: 'actors',
    }),
    step('non-production-on', 'Non-production: fully on', all(nonProduction, fullyOn), {
      flag, environments: nonProduction, operation: 'set', value: 'true',
    }),
    step('production-actors', `Production: on for ${describeActors(actors)}`, all(production, (name) => fullyOn(name) || hasActorGates(name)), {
      flag, environments: production, operation: 'set', value: 'true', actors,
    }),
    ...percentages.map((percentage) =>
      step(
        `production-${percentage}`,
        `Production: ${percentage}% of actors`,
        productionOn || all(production, (name) => percentageOfActors(states[name]) >= percentage),
        { flag, environments: production, operation: 'set', value: String(percentage), percentageOf: 'actors' },
        true,
      ),
    ),
    step('production-on', 'Production: fully on', productionOn, { flag, environments: production, operation: 'set', value: 'true' }, true),
    step('verify', 'Verify for at least one day, then release or clean up', productionOn && input.lastProductionChange !== undefined && now - input.lastProductionChange >= verifyMs),
  ];

  let currentFound = false;
  const rows = steps.map(({ done, gated, ...rest }) => {
    const result: RolloutStep = { ...rest };
    if (done) result.status = 'done';
    else if (!currentFound) {
      currentFound = true;
      result.status = 'current';
      const wait = rest.id === 'verify' ? verifyMs : gated ? minWaitMs : 0;
      if (wait > 0 && input.lastProductionChange !== undefined && now - input.lastProductionChange < wait) {
        result.status = 'waiting';
        result.availableAt = input.lastProductionChange + wait;
      }
    }
    return result;
  });
  return [...rolloutWarnings(environments, states, level), ...rows];
}

const RANK = { off: 0, partial: 1, on: 2 } as const;

/** Production ahead of a non-production environment, and states that could not be read. */
function rolloutWarnings(environments: readonly Environment[], states: Record<string, EnvironmentFlagState>, level: (name: string) => ReturnType<typeof stateLevel>): RolloutStep[] {
  const warnings: RolloutStep[] = [];
  for (const environment of environments) {
    const state = states[environment.name];
    if (level(environment.name) === 'unknown') {
      const reason = state?.status === 'unknown' ? state.reason : `${environment.name} was not read`;
      warnings.push({ id: `unknown-${environment.name}`, title: `${environment.name}: state unknown (${reason.replace(/\.$/, '')}); steps that need it are not marked done`, status: 'warning' });
    }
  }
  for (const production of environments.filter((environment) => environment.production)) {
    const productionLevel = level(production.name);
    if (productionLevel === 'unknown' || productionLevel === 'off') continue;
    for (const other of environments.filter((environment) => !environment.production)) {
      const otherLevel = level(other.name);
      if (otherLevel === 'unknown' || RANK[productionLevel] <= RANK[otherLevel]) continue;
      warnings.push({
        id: `ahead-${production.name}-${other.name}`,
        title: `${production.name} is ahead of ${other.name} (${production.name}: ${stateInWords(states[production.name])}; ${other.name}: ${stateInWords(states[other.name] ?? { status: 'unknown', reason: '' })}): roll ${other.name} forward or ${production.name} back`,
        status: 'warning',
      });
    }
  }
  return warnings;
}

/** Rollback: false on the chosen environments (production first), then delete everywhere chosen. */
export function rollbackIntents(flag: string, environmentNames: string[], environments: readonly Environment[]): WriteIntent[] {
  const isProduction = (name: string): boolean => environments.find((environment) => environment.name === name)?.production === true;
  const production = environmentNames.filter(isProduction);
  const others = environmentNames.filter((name) => !isProduction(name));
  const intents: WriteIntent[] = [];
  if (production.length > 0) intents.push({ flag, environments: production, operation: 'set', value: 'false' });
  if (others.length > 0) intents.push({ flag, environments: others, operation: 'set', value: 'false' });
  intents.push({ flag, environments: environmentNames, operation: 'delete' });
  return intents;
}

/** The rollout issue for a flag, in the template's structure, written for this flag. */
export function rolloutIssueMarkdown(definition: Pick<FlagDefinition, 'name'> & Partial<FlagDefinition>): string {
  const name = definition.name;
  const run = (words: string): string => `\`/chatops run feature ${words}\``;
  const nonProduction = '--dev --pre --staging --staging-ref';
  const link = (label: string, url: string | undefined): string => (url ? `[${label}](${url})` : `${label}: _add the link_`);
  const lines = [
    `# [Feature flag] Roll out \`${name}\``,
    '',
    '## Summary',
    '',
    `This issue tracks turning on \`${name}\` on GitLab.com${definition.type ? ` (type \`${definition.type}\`)` : ''}.`,
    definition.description ? `\n> ${definition.description.trim().replace(/\n/g, '\n> ')}\n` : '',
    `- ${link('Feature issue', definition.featureIssueUrl)}`,
    `- ${link('Merge request that introduced the flag', definition.introducedByUrl)}`,
    definition.milestone ? `- Introduced in milestone ${definition.milestone}` : '',
    '',
    '## Owners',
    '',
    `- Group: ${definition.group ? `~"${definition.group}"` : '_add the group_'}`,
    '- Slack channel: _#g_your_group_',
    '- Directly responsible individual: _@username_',
    '',
    '## Expectations',
    '',
    '### What should happen when the flag is on?',
    '',
    '_Describe the change users will see._',
    '',
    '### What could go wrong, and how would we notice?',
    '',
    '_Name the dashboards, logs or error rates to watch._',
    '',
    '## Rollout steps',
    '',
    'Run each chatops command in the Slack channel the change affects; production commands go in #production.',
    '',
    '### Non-production environments',
    '',
    '- [ ] Check that the merge request is deployed to non-production environments: `/chatops run auto_deploy status <merge-commit>`',
    `- [ ] Turn the flag on for half of the actors: ${run(`set ${name} 50 --actors ${nonProduction}`)}`,
    '- [ ] Watch error rates; repeat with another percentage if needed.',
    `- [ ] Turn it on fully: ${run(`set ${name} true ${nonProduction}`)}`,
    '- [ ] Check the feature on staging-canary, the first environment each deploy reaches.',
    '- [ ] If end-to-end tests on staging fail because of the flag, turn it off on staging so deployments are not blocked.',
    '',
    '### Production, for specific actors',
    '',
    '- [ ] Check that the merge request is deployed to production and canary: `/chatops run auto_deploy status <merge-commit>`',
    '- [ ] Turn it on for one kind of actor:',
    `  - projects: ${run(`set --project=${TEMPLATE_ACTORS.projects.join(',')} ${name} true`)}`,
    `  - groups: ${run(`set --group=${TEMPLATE_ACTORS.groups.join(',')} ${name} true`)}`,
    `  - the responsible user: ${run(`set --user=<username> ${name} true`)}`,
    `  - all team members: ${run(`set --feature-group=${TEMPLATE_ACTORS.featureGroup} ${name} true`)}`,
    '- [ ] Check that the feature works for those actors.',
    '',
    '### Before the global rollout',
    '',
    '- [ ] Set a milestone on this issue for enabling and removing the flag.',
    '- [ ] Decide whether a change management issue is needed; link it here.',
    '- [ ] Make sure someone from the team is available for two hours after each production change.',
    '- [ ] Make sure the feature is documented, with its version history.',
    '- [ ] Announce breaking changes through the release post process.',
    '- [ ] Tell #support_gitlab-com and the team channel.',
    '- [ ] Have the plan reviewed by another developer who knows the area.',
    '',
    '### Production, globally',
    '',
    '- [ ] Optionally raise the percentage step by step, at least 15 minutes apart, watching https://dashboards.gitlab.net:',
    `  ${run(`set ${name} <percentage> --actors`)}`,
    `- [ ] Turn it on for everyone: ${run(`set ${name} true`)}`,
    '- [ ] Watch the dashboards and confirm the services are healthy.',
    '- [ ] Comment on the feature issue that the feature is on for everyone.',
    '- [ ] Wait at least one day before releasing.',
    '',
    '## Release with the flag (optional)',
    '',
    'Only for urgent cases: it makes the flag harder to remove later, because self-managed instances may have turned it off.',
    '',
    `- [ ] Check the state on production: ${run(`get ${name}`)}; if it is not on for everyone, run ${run(`set ${name} true`)}`,
    `- [ ] In a merge request, set \`default_enabled: true\` in \`${name}.yml\` and add a changelog entry.`,
    `- [ ] Once that is deployed, remove the stored state everywhere: ${run(`delete ${name} ${nonProduction} --production`)}`,
    '',
    '## Clean up',
    '',
    `- [ ] In one merge request, remove every reference to \`${name}\` (specs included), delete its YAML definition and add a changelog entry.`,
    '- [ ] Check that the merge request is in the release package: `/chatops run release check <merge-request-url> <milestone>`',
    `- [ ] Once deployed, remove the flag everywhere: ${run(`delete ${name} ${nonProduction} --production`)}`,
    '- [ ] Close the feature issue and this issue.',
    '',
    '## Rollback',
    '',
    `- [ ] Turn it off on production: ${run(`set ${name} false`)}`,
    `- [ ] Turn it off on non-production environments: ${run(`set ${name} false ${nonProduction}`)}`,
    `- [ ] Remove it from every environment: ${run(`delete ${name} ${nonProduction} --production`)}`,
    '',
    definition.group ? `/label ~"feature flag" ~"${definition.group}"` : '/label ~"feature flag"',
    '',
  ];
  return lines.filter((line, index, list) => !(line === '' && list[index - 1] === '')).join('\n');
}
