// The flag list and details the sidebar shows, built from the same index queries as hover.

import type { EnvironmentFlagState } from '../../../shared/gitlabModel';
import type { FlagDetails, FlagSummary } from '../../../shared/protocol';
import type { Workspaces } from '../workspaces';
import type { FlagDefinition } from '../flags/definition';
import type { Problem } from '../flags/model';
import type { Workspace } from '../index/workspace';
import { stalenessOfDefinition } from './problems';
import { location } from './uris';

/** What the flag list needs from the live-state layer: cached states only, never a fetch. */
export interface CachedStates {
  statesNow(flag: string, definition: FlagDefinition | undefined): Record<string, EnvironmentFlagState>;
}

export function flagSummaries(workspaces: Workspaces, text: string, states: CachedStates | undefined): FlagSummary[] {
  const needle = text.trim().toLowerCase();
  const out: FlagSummary[] = [];
  const seen = new Set<string>();
  // A file mentions many flags: compute its problems once per listing, not once per flag.
  const problemsByFile = new Map<string, Problem[]>();
  for (const workspace of workspaces.all) {
    for (const key of workspace.index.keys()) {
      const name = workspace.index.displayName(key);
      if (seen.has(name) || (needle && !name.includes(needle))) continue;
      seen.add(name);
      const summary = summarize(workspaces, workspace, name, states, problemsByFile);
      if (summary) out.push(summary);
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function summarize(workspaces: Workspaces, workspace: Workspace, name: string, states: CachedStates | undefined, problemsByFile: Map<string, Problem[]>): FlagSummary | undefined {
  const { index } = workspace;
  const definition = index.definitions(name)[0];
  const allReferences = index.references(name);
  const references = allReferences.filter((found) => found.item.kind !== 'definition');
  const files = new Set([...allReferences.map((found) => found.file), ...index.definitions(name).map((found) => found.file)]);
  let problems = 0;
  for (const file of files) {
    let inFile = problemsByFile.get(file);
    if (!inFile) problemsByFile.set(file, (inFile = workspaces.problems(file)));
    // As the Problems panel and the status bar count them: hints (stale reminders) are not problems here.
    problems += inFile.filter((problem) => problem.flag === name && problem.severity !== 'hint').length;
  }
  return {
    name,
    ...(definition?.type ? { type: definition.type } : {}),
    ...(definition?.group ? { group: definition.group } : {}),
    ...(definition?.milestone ? { milestone: definition.milestone } : {}),
    ...(definition?.defaultEnabled !== undefined ? { defaultEnabled: definition.defaultEnabled } : {}),
    ...(definition ? { definition: location(definition.file, definition.nameRange) } : {}),
    ...(definition?.rolloutIssueUrl ? { rolloutIssueUrl: definition.rolloutIssueUrl } : {}),
    ...(definition?.featureIssueUrl ? { featureIssueUrl: definition.featureIssueUrl } : {}),
    ...(definition?.introducedByUrl ? { introducedByUrl: definition.introducedByUrl } : {}),
    ...(definition?.description ? { description: definition.description } : {}),
    referenceCount: references.length,
    specReferenceCount: references.filter((found) => index.file(found.file)?.spec).length,
    problems,
    stale: definition ? stalenessOfDefinition(index, definition, workspaces.currentMilestone(workspace), workspaces.liveState) !== undefined : false,
    unused: definition !== undefined && references.length === 0,
    undefined: definition === undefined,
    states: states ? states.statesNow(name, definition) : {},
  };
}

export function flagDetails(workspaces: Workspaces, name: string, states: CachedStates | undefined): FlagDetails | null {
  for (const workspace of workspaces.all) {
    const { index } = workspace;
    if (index.references(name).length === 0 && index.definitions(name).length === 0) continue;
    const summary = summarize(workspaces, workspace, index.displayName(name), states, new Map());
    if (!summary) continue;
    return {
      summary,
      references: index.references(name).map((found) => ({
        location: location(found.file, found.item.range),
        kind: found.item.kind,
        spec: index.file(found.file)?.spec ?? false,
      })),
    };
  }
  return null;
}

