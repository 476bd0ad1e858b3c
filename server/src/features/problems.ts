// Every problem the index can show, per file: definition validation, undefined and unused
// flags, type mismatches, dynamic names, frontend reads of unpushed flags and stale flags.
// The same function feeds LSP diagnostics and `gitlab-flags lint`.

import type { Problem } from '../flags/model';
import type { FlagDefinition } from '../flags/definition';
import { FLAG_TYPES, isKnownType, mayBeUndefined } from '../flags/flagTypes';
import type { FlagIndex } from '../index/flagIndex';
import { milestoneDistance, parseMilestone } from './milestones';

export interface ProblemContext {
  index: FlagIndex;
  /** The milestone staleness is measured against, e.g. '17.10'. */
  currentMilestone?: string;
}

/** Problems to show in one file. */
export function problemsForFile(context: ProblemContext, path: string): Problem[] {
  const { index } = context;
  const file = index.file(path);
  if (!file) return [];
  const problems: Problem[] = [];

  if (file.definition) {
    const definition = file.definition;
    problems.push(...definition.problems);
    const siblings = index.definitions(definition.name).filter((other) => other.file !== path);
    if (siblings.length > 0) {
      problems.push({
        kind: 'invalid-definition',
        severity: 'error',
        message: `'${definition.name}' is defined more than once: also in ${siblings.map((other) => relative(index, other.file)).join(', ')}.`,
        file: path,
        range: definition.nameRange,
        flag: definition.name,
        group: `duplicate:${definition.name}`,
      });
    }
    // An invalid definition already has an error; unused and stale would only add noise.
    if (definition.problems.length === 0 && siblings.length === 0) {
      if (isUnused(index, definition)) {
        problems.push({
          kind: 'unused-definition',
          severity: 'warning',
          message: `'${definition.name}' is defined but no code references it. Remove the definition, or clean up the flag.`,
          file: path,
          range: definition.nameRange,
          flag: definition.name,
        });
      }
      const stale = staleness(definition, context.currentMilestone);
      if (stale) problems.push({ kind: 'stale-flag', severity: 'warning', message: stale, file: path, range: definition.nameRange, flag: definition.name });
    }
  }

  for (const reference of file.references) {
    if (reference.kind === 'definition') continue;
    const definitions = index.definitions(reference.name);
    if (definitions.length === 0) {
      if (!mayBeUndefined(reference.typeArg)) {
        const name = index.displayName(reference.name);
        problems.push({
          kind: 'undefined-flag',
          severity: 'error',
          message: `'${name}' has no YAML definition. Create config/feature_flags/<type>/${name}.yml (bin/feature-flag ${name}).`,
          file: path,
          range: reference.range,
          flag: name,
          group: `undefined:${name}`,
        });
      }
      continue;
    }
    const definedType = definitions[0].type;
    if (reference.typeArg && definedType && reference.typeArg !== definedType) {
      const name = index.displayName(reference.name);
      problems.push({
        kind: 'type-mismatch',
        severity: 'error',
        message: `'${name}' is passed type: :${reference.typeArg} but its definition says type: ${definedType}.`,
        file: path,
        range: reference.range,
        flag: name,
      });
    }
    if (reference.kind === 'frontend') {
      if (!index.hasReferenceOfKind(reference.name, 'push')) {
        const name = index.displayName(reference.name);
        problems.push({
          kind: 'frontend-flag-not-pushed',
          severity: 'warning',
          message: `'${reference.name}' is read in the frontend, but no controller calls push_frontend_feature_flag(:${name}), so it is always undefined there.`,
          file: path,
          range: reference.range,
          flag: name,
          group: `not-pushed:${name}`,
        });
      }
    }
  }

  for (const dynamic of file.dynamic) {
    const candidates = dynamic.prefix ? flagsWithPrefix(index, dynamic.prefix) : [];
    const could = candidates.length > 0 ? ` It could mean ${candidates.length} flag${candidates.length === 1 ? '' : 's'}: ${candidates.slice(0, 5).join(', ')}${candidates.length > 5 ? ', …' : ''}.` : '';
    problems.push({
      kind: 'dynamic-flag-name',
      severity: 'information',
      message: `Dynamic flag name \`${dynamic.expression}\`: references, rename and cleanup cannot follow it; prefer a literal symbol.${could}`,
      file: path,
      range: dynamic.range,
    });
  }
  return problems;
}

function relative(index: FlagIndex, path: string): string {
  return index.file(path)?.relativePath ?? path;
}

/** Defined flags whose name starts with a dynamic reference's static prefix (as the rubocop cop links them). */
export function flagsWithPrefix(index: FlagIndex, prefix: string): string[] {
  let memo = sortedDefinedNames.get(index);
  if (memo?.version !== index.definitionsVersion) {
    memo = { version: index.definitionsVersion, names: index.allDefinitions().map((definition) => definition.name).sort() };
    sortedDefinedNames.set(index, memo);
  }
  return memo.names.filter((name) => name.startsWith(prefix));
}

// NOTE: every dynamic name in a tree asks; the sorted list holds until a definition changes.
const sortedDefinedNames = new WeakMap<FlagIndex, { version: number; names: string[] }>();

function isUnused(index: FlagIndex, definition: FlagDefinition): boolean {
  if (index.isUsed(definition.name)) return false;
  // A dynamic name with a matching static prefix may be this flag (run_sidekiq_jobs_#{worker}).
  return !index.dynamicPrefixes().some((prefix) => definition.name.startsWith(prefix));
}

function staleness(definition: FlagDefinition, currentMilestone: string | undefined): string | undefined {
  const type = definition.type;
  if (!type || !isKnownType(type) || !definition.milestone || !currentMilestone) return undefined;
  const lifespan = FLAG_TYPES[type].lifespanMilestones;
  if (lifespan === undefined) return undefined;
  const age = milestoneDistance(definition.milestone, currentMilestone);
  if (age === undefined || age <= lifespan) return undefined;
  return `'${definition.name}' is stale: a ${type} flag should live about ${lifespan} milestones, and this one was introduced in ${definition.milestone}, ${age} milestones before ${currentMilestone}. Roll it out and clean it up.`;
}

/** Is this definition older than its type's lifespan? Used by hover and the tree. */
export function isStale(definition: FlagDefinition, currentMilestone: string | undefined): boolean {
  return staleness(definition, currentMilestone) !== undefined;
}

/** The newest milestone among the definitions: the default "current milestone". */
export function newestMilestone(definitions: FlagDefinition[]): string | undefined {
  let best: string | undefined;
  let bestValue = -1;
  for (const definition of definitions) {
    const value = definition.milestone ? parseMilestone(definition.milestone) : undefined;
    if (value !== undefined && value > bestValue) {
      bestValue = value;
      best = definition.milestone;
    }
  }
  return best;
}
