// flag_info: what the hover card says about a flag, as JSON: its definition, a summary of its
// references, its problems, whether it is stale or ready to remove, and its live state on every
// configured environment (read only).

import { z } from 'zod';
import { flagKey } from '../../flags/naming';
import { problemsForFile, stalenessOfDefinition } from '../../features/problems';
import { liveStatesFrom } from '../../features/liveState';
import { defineTool } from '../tool';
import { dynamicRows, isKnown, isUnusedDefinition, location, normalizeName, problemRow, problemRowOf, similarNames } from '../rows';
import { environmentState, liveStates, NO_ENVIRONMENTS } from '../liveState';
import { rolloutIssueUri } from '../resources';

const definitionShape = z.object({
  path: z.string(),
  location: z.string(),
  type: z.string().optional(),
  group: z.string().optional(),
  milestone: z.string().optional(),
  defaultEnabled: z.boolean().optional(),
  description: z.string().optional(),
  featureIssueUrl: z.string().optional(),
  introducedByUrl: z.string().optional(),
  rolloutIssueUrl: z.string().optional(),
  intendedToRolloutBy: z.string().optional(),
  logStateChanges: z.boolean().optional(),
});

export const flagInfo = defineTool({
  name: 'flag_info',
  title: 'Flag information',
  description:
    "Everything known about one feature flag: its YAML definition (type, group, milestone, default_enabled, links), a summary of its references, " +
    'its problems (as lint reports them), whether it is stale or ready to remove by the rules of GitLab\'s housekeeper, and its live state on ' +
    'every configured GitLab environment (read with GET requests only; nothing is changed). Use find_flag_references for every reference.',
  input: {
    name: z.string().min(1).describe('The flag name, e.g. ci_pipeline_creation_requests_realtime'),
  },
  output: {
    flag: z.string(),
    known: z.boolean(),
    definition: definitionShape.nullable().describe('null: no YAML definition in the repository'),
    otherDefinitions: z.array(z.string()).describe('More files defining the same name (a problem of its own)'),
    references: z.object({
      total: z.number().int().describe('References outside the definition'),
      inSpecs: z.number().int(),
      files: z.number().int(),
      byKind: z.record(z.string(), z.number().int()),
      dynamic: z.array(z.object({ expression: z.string(), location: z.string() })).describe('Run-time names that may mean this flag'),
    }),
    problems: z.array(problemRow),
    status: z.object({
      undefined: z.boolean(),
      unused: z.boolean(),
      stale: z.boolean(),
      readyToRemove: z.boolean(),
      summary: z.string().optional().describe('Why it is stale or ready to remove'),
    }),
    liveState: z.object({
      configured: z.boolean(),
      note: z.string().optional(),
      environments: z.array(environmentState),
    }),
    rolloutIssue: z.string().describe('Resource URI of the rollout issue text for this flag'),
    suggestions: z.array(z.string()).optional(),
  },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  async run(context, { name: raw }) {
    const name = normalizeName(raw);
    const { index } = await context.index();
    const flag = index.displayName(name);
    const key = flagKey(name);
    const [definition, ...others] = index.definitions(name);
    const references = index.references(name).filter((found) => found.item.kind !== 'definition');
    const byKind: Record<string, number> = {};
    for (const found of references) byKind[found.item.kind] = (byKind[found.item.kind] ?? 0) + 1;

    // Live state first: stale and ready-to-remove depend on it once it is known.
    const environments = await liveStates(context, flag);
    const live = context.environments.length > 0 ? liveStatesFrom(context.gitlab) : undefined;
    const currentMilestone = context.currentMilestone();
    const files = new Set([...index.filesMentioning(key), ...index.definitions(name).map((found) => found.file)]);
    const problems = [...files]
      .sort()
      .flatMap((file) => problemsForFile({ index, currentMilestone, liveState: live }, file))
      .filter((problem) => problem.flag !== undefined && flagKey(problem.flag) === key)
      .map((problem) => problemRowOf(context, problem));
    const staleness = definition ? stalenessOfDefinition(index, definition, currentMilestone, live) : undefined;
    const known = isKnown(index, name);
    const path = definition ? context.relativePath(definition.file) : '';
    return {
      flag,
      known,
      definition: definition
        ? {
            path,
            location: location(path, definition.nameRange.start.line, definition.nameRange.start.character),
            ...(definition.type ? { type: definition.type } : {}),
            ...(definition.group ? { group: definition.group } : {}),
            ...(definition.milestone ? { milestone: definition.milestone } : {}),
            ...(definition.defaultEnabled !== undefined ? { defaultEnabled: definition.defaultEnabled } : {}),
            ...(definition.description ? { description: definition.description } : {}),
            ...(definition.featureIssueUrl ? { featureIssueUrl: definition.featureIssueUrl } : {}),
            ...(definition.introducedByUrl ? { introducedByUrl: definition.introducedByUrl } : {}),
            ...(definition.rolloutIssueUrl ? { rolloutIssueUrl: definition.rolloutIssueUrl } : {}),
            ...(definition.intendedToRolloutBy ? { intendedToRolloutBy: definition.intendedToRolloutBy } : {}),
            ...(definition.logStateChanges !== undefined ? { logStateChanges: definition.logStateChanges } : {}),
          }
        : null,
      otherDefinitions: others.map((other) => context.relativePath(other.file)),
      references: {
        total: references.length,
        inSpecs: references.filter((found) => index.file(found.file)?.spec).length,
        files: new Set(references.map((found) => found.file)).size,
        byKind,
        dynamic: dynamicRows(context, index, name),
      },
      problems,
      status: {
        undefined: known && !definition,
        unused: isUnusedDefinition(index, name),
        stale: staleness?.kind === 'stale-flag',
        readyToRemove: staleness?.kind === 'ready-to-remove',
        ...(staleness ? { summary: staleness.summary } : {}),
      },
      liveState: {
        configured: context.environments.length > 0,
        ...(context.environments.length === 0 ? { note: NO_ENVIRONMENTS } : {}),
        environments,
      },
      rolloutIssue: rolloutIssueUri(flag),
      ...(known ? {} : { suggestions: similarNames(index, name) }),
    };
  },
});
