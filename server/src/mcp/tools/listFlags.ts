// list_flags: the flags of the repository, as the sidebar lists them, optionally only those that
// need attention: stale, unused, undefined, extinct (set on GitLab, gone from the code) or ready
// to remove (on everywhere and old enough for GitLab's housekeeper).

import { z } from 'zod';
import type { FlagIndex } from '../../index/flagIndex';
import { flagKey } from '../../flags/naming';
import { problemsForFile, stalenessOfDefinition } from '../../features/problems';
import { liveStatesFrom } from '../../features/liveState';
import { extinctFlags, groupExtinct } from '../../features/extinct';
import { chatopsLine } from '../../gitlab/chatops';
import type { McpContext } from '../context';
import { ToolError } from '../context';
import { defineTool } from '../tool';
import { isUnusedDefinition } from '../rows';
import { NO_ENVIRONMENTS, STATE_WAIT_MS } from '../liveState';

const FILTERS = ['stale', 'unused', 'undefined', 'extinct', 'ready-to-remove'] as const;
type Filter = (typeof FILTERS)[number];

const flagRow = z.object({
  name: z.string(),
  type: z.string().optional(),
  group: z.string().optional(),
  milestone: z.string().optional(),
  defaultEnabled: z.boolean().optional(),
  definition: z.string().optional().describe('The YAML file, relative to the root'),
  references: z.number().int().describe('References outside the definition'),
  specReferences: z.number().int(),
  problems: z.number().int(),
  stale: z.boolean(),
  unused: z.boolean(),
  undefined: z.boolean(),
  summary: z.string().optional().describe('Why it is stale or ready to remove'),
  environments: z.array(z.object({ environment: z.string(), state: z.string() })).optional().describe('extinct: where it is still set, and how'),
  handOff: z.object({ gitlabFlags: z.string(), chatops: z.string() }).optional().describe('extinct: the delete a person can run after review'),
});
type FlagRow = z.infer<typeof flagRow>;

export const listFlags = defineTool({
  name: 'list_flags',
  title: 'List flags',
  description:
    'The feature flags of the repository with their definition and counts, sorted by name. Filters: ' +
    '"stale" (old enough that GitLab\'s housekeeper would propose removing it, from the YAML alone), "unused" (defined, never referenced; invalid definitions included, which lint reports as invalid only), ' +
    '"undefined" (referenced, no YAML), "extinct" (still set on a GitLab environment but no longer defined or referenced: each comes with the ' +
    'delete a person can run), "ready-to-remove" (on in every environment and older than 4 milestones: clean it up keeping the enabled behaviour). ' +
    'extinct and ready-to-remove read live state (GET requests only) and need configured environments.',
  input: {
    filter: z.enum(FILTERS).optional().describe('Only flags in this state; omit for all flags'),
    text: z.string().optional().describe('Only names containing this text'),
    limit: z.number().int().min(1).max(5000).optional().describe('At most this many rows (default 200); `total` counts them all'),
  },
  output: {
    filter: z.string().optional(),
    total: z.number().int(),
    returned: z.number().int(),
    truncated: z.boolean(),
    currentMilestone: z.string().optional().describe('Staleness is measured against it: the newest milestone among the definitions'),
    flags: z.array(flagRow),
    warnings: z.array(z.string()).describe('Environments that could not be read, and what that leaves out'),
  },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  async run(context, { filter, text, limit }) {
    const { index } = await context.index();
    const currentMilestone = context.currentMilestone();
    const warnings: string[] = [];
    let rows: FlagRow[];
    if (filter === 'extinct') rows = await extinctRows(context, index, warnings);
    else rows = await indexRows(context, index, filter, currentMilestone, warnings);
    const needle = text?.trim().toLowerCase() ?? '';
    if (needle) rows = rows.filter((row) => row.name.toLowerCase().includes(needle) || flagKey(row.name).toLowerCase().includes(needle));
    const max = limit ?? 200;
    return {
      ...(filter ? { filter } : {}),
      total: rows.length,
      returned: Math.min(rows.length, max),
      truncated: rows.length > max,
      ...(currentMilestone ? { currentMilestone } : {}),
      flags: rows.slice(0, max),
      warnings,
    };
  },
});

async function indexRows(context: McpContext, index: FlagIndex, filter: Filter | undefined, currentMilestone: string | undefined, warnings: string[]): Promise<FlagRow[]> {
  let live;
  if (filter === 'ready-to-remove') {
    if (context.environments.length === 0) throw new ToolError(`ready-to-remove needs live state. ${NO_ENVIRONMENTS}`);
    // One GET of the whole list per environment fills the cache every flag's verdict reads.
    const persisted = await context.gitlab.persisted(STATE_WAIT_MS);
    for (const [environment, { error }] of Object.entries(persisted)) {
      if (error !== undefined) warnings.push(`${environment}: ${error.replace(/\.$/, '')}; a flag is ready to remove only when every environment could be read, so none is listed.`);
    }
    live = liveStatesFrom(context.gitlab);
  }
  const problemsByKey = new Map<string, number>();
  // NOTE: "undefined" is lint's undefined-flag: a name pushed to gon.features without a check, or
  // passed an optional type (experiment, worker…), is no undefined flag.
  const undefinedKeys = new Set<string>();
  for (const path of index.paths()) {
    for (const problem of problemsForFile({ index, currentMilestone, liveState: live }, path)) {
      if (!problem.flag) continue;
      const key = flagKey(problem.flag);
      problemsByKey.set(key, (problemsByKey.get(key) ?? 0) + 1);
      if (problem.kind === 'undefined-flag') undefinedKeys.add(key);
    }
  }
  const rows: FlagRow[] = [];
  const seen = new Set<string>();
  for (const key of index.keys()) {
    const name = index.displayName(key);
    if (seen.has(name)) continue;
    seen.add(name);
    const definition = index.definitions(name)[0];
    const references = index.references(name).filter((found) => found.item.kind !== 'definition');
    const staleness = definition ? stalenessOfDefinition(index, definition, currentMilestone, live) : undefined;
    const row: FlagRow = {
      name,
      ...(definition?.type ? { type: definition.type } : {}),
      ...(definition?.group ? { group: definition.group } : {}),
      ...(definition?.milestone ? { milestone: definition.milestone } : {}),
      ...(definition?.defaultEnabled !== undefined ? { defaultEnabled: definition.defaultEnabled } : {}),
      ...(definition ? { definition: context.relativePath(definition.file) } : {}),
      references: references.length,
      specReferences: references.filter((found) => index.file(found.file)?.spec).length,
      problems: problemsByKey.get(key) ?? 0,
      stale: staleness !== undefined,
      unused: isUnusedDefinition(index, name),
      undefined: definition === undefined,
      ...(staleness ? { summary: staleness.summary } : {}),
    };
    const keep =
      filter === undefined ? true
      : filter === 'stale' ? staleness?.kind === 'stale-flag'
      : filter === 'ready-to-remove' ? staleness?.kind === 'ready-to-remove'
      : filter === 'unused' ? row.unused
      : undefinedKeys.has(key);
    if (keep) rows.push(row);
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

async function extinctRows(context: McpContext, index: FlagIndex, warnings: string[]): Promise<FlagRow[]> {
  if (context.environments.length === 0) throw new ToolError(`extinct needs live state. ${NO_ENVIRONMENTS}`);
  const persisted = await context.gitlab.persisted(STATE_WAIT_MS);
  const { rows, errors } = extinctFlags([index], persisted);
  for (const error of errors) warnings.push(`${error.replace(/\.$/, '')}; its extinct flags are not listed.`);
  const grouped = groupExtinct(rows, (flag, names) => chatopsLine({ flag, environments: names, operation: 'delete' }, context.environments));
  return grouped.map((entry) => ({
    name: entry.flag,
    references: 0,
    specReferences: 0,
    problems: 0,
    stale: false,
    unused: false,
    undefined: true,
    environments: entry.environments,
    handOff: { gitlabFlags: `gitlab-flags delete ${entry.flag} --env ${entry.environments.map((item) => item.environment).join(',')}`, chatops: entry.chatops },
  }));
}
