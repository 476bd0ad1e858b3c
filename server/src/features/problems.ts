// Every problem the index can show, per file: definition validation, undefined and unused
// flags, type mismatches, dynamic names, frontend reads of unpushed flags, stale flags and flags
// ready to remove; and GitLab's own rules: checks without an actor and EE-only flags in FOSS
// code (its rubocop cops), and rollout plans that use percentage of time. The same function feeds LSP diagnostics, `gitlab-flags lint`, `scan`'s counts
// and the flag list, so they all count the same problems.
//
// A problem about a flag rather than about one place (no definition, defined twice, read in the
// frontend but never pushed) is reported once: at its first place in path, then position, order,
// with the other places as related locations. So each counts once everywhere, and the Problems
// panel holds one entry per thing to fix.

import type { FileReference, Problem, RelatedLocation } from '../flags/model';
import type { FlagDefinition } from '../flags/definition';
import { mayBeUndefined } from '../flags/flagTypes';
import { flagKey } from '../flags/naming';
import type { FlagIndex, Located } from '../index/flagIndex';
import type { LiveStateSource } from './liveState';
import { parseMilestone } from './milestones';
import { excludedByTodo } from './rubocopTodo';
import { applySeverity, DEFAULT_SEVERITY, DEFAULT_SEVERITY_MAP, SeverityMap } from './severity';
import { stalenessOf, type Staleness } from './staleness';

export interface ProblemContext {
  index: FlagIndex;
  /** The milestone staleness is measured against, e.g. '17.10'. */
  currentMilestone?: string;
  /** Severity per kind (`off` drops it); default DEFAULT_SEVERITY. */
  severity?: SeverityMap;
  /** Live state per flag, when environments are configured and read (see liveState.ts). */
  liveState?: LiveStateSource;
  /** Milliseconds since the epoch, for intended_to_rollout_by; default now. */
  now?: number;
}

/** Problems to show in one file, with the configured severities. */
export function problemsForFile(context: ProblemContext, path: string): Problem[] {
  const { index } = context;
  const file = index.file(path);
  if (!file) return [];
  const problems: Problem[] = [];

  if (file.definition) {
    const definition = file.definition;
    problems.push(...definition.problems);
    const all = index.definitions(definition.name);
    const siblings = all.filter((other) => other.file !== path);
    // Reported in the first file that defines the name, naming (and linking) the others.
    if (siblings.length > 0 && all[0]?.file === path) {
      problems.push({
        kind: 'invalid-definition',
        severity: 'error',
        message: `'${definition.name}' is defined more than once: also in ${siblings.map((other) => relative(index, other.file)).join(', ')}.`,
        file: path,
        range: definition.nameRange,
        flag: definition.name,
        group: `duplicate:${flagKey(definition.name)}`,
        related: siblings.map((other) => ({ file: other.file, range: other.nameRange, message: `'${definition.name}' is also defined here` })),
      });
    }
    // An invalid definition already has an error; unused and stale would only add noise.
    if (definition.problems.length === 0 && siblings.length === 0) {
      if (isUnused(index, definition)) {
        problems.push({
          kind: 'unused-definition',
          severity: DEFAULT_SEVERITY['unused-definition'],
          message: `'${definition.name}' is defined but no code references it. Remove the definition, or clean up the flag.`,
          file: path,
          range: definition.nameRange,
          flag: definition.name,
        });
      }
      const stale = stalenessFor(context, definition, file.relativePath);
      if (stale) problems.push({ kind: stale.kind, severity: DEFAULT_SEVERITY[stale.kind], message: stale.message, file: path, range: definition.nameRange, flag: definition.name });
    }
  }

  // Rubocop's todo lists exclude files from a cop; read only for a file with a candidate.
  let actorRequired: boolean | undefined;
  const requiresActor = () => (actorRequired ??= !excludedByTodo(index.root, 'Gitlab/FeatureFlagWithoutActor', file.relativePath));
  let fossRuleApplies: boolean | undefined;
  const eeFlagsForbidden = () => (fossRuleApplies ??= isFossCode(file.relativePath, file.spec) && !excludedByTodo(index.root, 'Gitlab/EeFeatureFlagInFoss', file.relativePath));

  for (const reference of file.references) {
    if (reference.kind === 'definition') continue;
    if (reference.noActor && requiresActor()) {
      const name = index.displayName(reference.name);
      problems.push({ kind: 'flag-without-actor', severity: DEFAULT_SEVERITY['flag-without-actor'], message: withoutActorMessage(`'${name}'`), file: path, range: reference.range, flag: name });
    }
    const definitions = index.definitions(reference.name);
    if (definitions.length > 0 && EE_IN_FOSS_KINDS.has(reference.kind) && !reference.eeInFossAllowed && onlyInEe(index, definitions) && eeFlagsForbidden()) {
      const name = index.displayName(reference.name);
      problems.push({
        kind: 'ee-flag-in-foss',
        severity: DEFAULT_SEVERITY['ee-flag-in-foss'],
        message: `'${name}' is defined only in ee/config/feature_flags/, but FOSS code uses it: GitLab without EE has no such flag, and FOSS-only test runs fail on it. Move this code under ee/, or move the definition to config/feature_flags/ (GitLab's rubocop cop Gitlab/EeFeatureFlagInFoss).`,
        file: path,
        range: reference.range,
        flag: name,
      });
    }
    if (definitions.length === 0) {
      const uses = undefinedUses(index, reference.name);
      if (uses[0]?.file === path && uses[0].item === reference) {
        const name = index.displayName(reference.name);
        problems.push({
          kind: 'undefined-flag',
          severity: 'error',
          message: `'${name}' has no YAML definition. Create config/feature_flags/<type>/${name}.yml (bin/feature-flag ${name}).${more(uses.length - 1, 'used')}`,
          file: path,
          range: reference.range,
          flag: name,
          group: `undefined:${flagKey(name)}`,
          ...related(uses, `'${name}' is also used here`),
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
    if (reference.kind === 'frontend' && !file.spec) {
      const reads = unpushedReads(index, reference.name);
      if (reads[0]?.file === path && reads[0].item === reference) {
        const name = index.displayName(reference.name);
        problems.push({
          kind: 'frontend-flag-not-pushed',
          severity: DEFAULT_SEVERITY['frontend-flag-not-pushed'],
          message: `'${reference.name}' is read in the frontend, but no controller calls push_frontend_feature_flag(:${name}), so it is always undefined there.${more(reads.length - 1, 'read')}`,
          file: path,
          range: reference.range,
          flag: name,
          group: `not-pushed:${flagKey(name)}`,
          ...related(reads, `'${name}' is also read here`),
        });
      }
    }
  }

  for (const dynamic of file.dynamic) {
    if (dynamic.noActor && requiresActor()) {
      problems.push({ kind: 'flag-without-actor', severity: DEFAULT_SEVERITY['flag-without-actor'], message: withoutActorMessage(`The flag \`${dynamic.expression}\``), file: path, range: dynamic.range });
    }
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
  for (const rollout of file.timeRollouts ?? []) {
    const flag = rollout.flag ? index.displayName(rollout.flag) : undefined;
    problems.push({
      kind: 'percentage-of-time',
      severity: DEFAULT_SEVERITY['percentage-of-time'],
      message: `${flag ? `This rolls '${flag}' out` : 'This rolls the flag out'} by percentage of time (--random), which GitLab deprecated after it caused incidents (gitlab-org/gitlab#425428): each check is a coin toss, so one request or user sees the feature both on and off, and chatops refuses it without --ignore-random-deprecation-check. Roll out by percentage of actors (--actors); code with no natural actor can check Feature.current_request.`,
      file: path,
      range: rollout.range,
      ...(flag ? { flag } : {}),
    });
  }
  return applySeverity(problems, context.severity ?? DEFAULT_SEVERITY_MAP);
}

/** The references Gitlab/EeFeatureFlagInFoss reads: flag checks, pushes, worker options, *_FEATURE_FLAG constants. */
const EE_IN_FOSS_KINDS = new Set<FileReference['kind']>(['check', 'push', 'option', 'constant']);

/** Code the EE-only rule applies to: outside ee/ (and jh/, which runs with EE) and outside specs, as the cop skips spec/. */
export function isFossCode(relativePath: string, spec: boolean): boolean {
  return !spec && !relativePath.startsWith('ee/') && !relativePath.startsWith('jh/');
}

/** Every definition of the flag is under ee/config/feature_flags/ (a CE one too would be a duplicate, reported as such). */
function onlyInEe(index: FlagIndex, definitions: FlagDefinition[]): boolean {
  return definitions.every((definition) => relative(index, definition.file).startsWith('ee/config/feature_flags/'));
}

function withoutActorMessage(subject: string): string {
  return `${subject} is checked without an actor, which GitLab's rubocop cop Gitlab/FeatureFlagWithoutActor forbids: with no actor the flag can only be on or off for everyone, or a percentage of time. Pass the project, group or user the feature is for; Feature.current_request, or :instance for a flag about the whole instance, where there is none.`;
}

/**
 * The files that hold a problem this file takes part in without holding it (the first read of
 * a flag it also reads, the first definition of a name it also defines): after an edit here,
 * their related locations may have moved too.
 */
export function filesReportingFor(index: FlagIndex, path: string): Set<string> {
  const out = new Set<string>();
  const file = index.file(path);
  if (!file) return out;
  if (file.definition?.name) {
    const first = index.definitions(file.definition.name)[0];
    if (first && first.file !== path) out.add(first.file);
  }
  const seen = new Set<string>();
  for (const reference of file.references) {
    const key = flagKey(reference.name);
    if (reference.kind === 'definition' || seen.has(key)) continue;
    seen.add(key);
    const first = index.definitions(key).length === 0 ? undefinedUses(index, key)[0] : unpushedReads(index, key)[0];
    if (first && first.file !== path) out.add(first.file);
  }
  return out;
}

function stalenessFor(context: ProblemContext, definition: FlagDefinition, relativePath: string): Staleness | undefined {
  return stalenessOf(definition, { relativePath, currentMilestone: context.currentMilestone, live: context.liveState?.(definition.name, definition), now: context.now });
}

function more(count: number, verb: string): string {
  return count > 0 ? ` It is ${verb} in ${count} more place${count === 1 ? '' : 's'}.` : '';
}

function related(places: Located<FileReference>[], message: string): { related?: RelatedLocation[] } {
  if (places.length < 2) return {};
  return { related: places.slice(1).map((place) => ({ file: place.file, range: place.item.range, message })) };
}

// NOTE: a tree's problems ask these once per reference, many times for the same flag; the lists
// hold until the index changes.
const memos = new WeakMap<FlagIndex, { version: number; undefinedUses: Map<string, Located<FileReference>[]>; unpushedReads: Map<string, Located<FileReference>[]> }>();

function memoFor(index: FlagIndex) {
  let memo = memos.get(index);
  if (memo?.version !== index.version) memos.set(index, (memo = { version: index.version, undefinedUses: new Map(), unpushedReads: new Map() }));
  return memo;
}

/**
 * The uses of a flag without a definition that make it an undefined flag, in order. Not: a
 * call that passes an optional type (experiment, worker…), a value pushed to gon.features
 * without a flag check, and frontend reads and stubs of a name that is pushed that way (a gon
 * feature that is no flag, such as a license check).
 */
function undefinedUses(index: FlagIndex, name: string): Located<FileReference>[] {
  const key = flagKey(name);
  const memo = memoFor(index);
  let uses = memo.undefinedUses.get(key);
  if (!uses) {
    const all = index.references(key);
    const gonFeature = all.some((found) => found.item.kind === 'gon');
    uses = all.filter(({ item }) => {
      if (item.kind === 'definition' || item.kind === 'gon' || mayBeUndefined(item.typeArg)) return false;
      return !(gonFeature && (item.kind === 'frontend' || item.kind === 'stub' || item.kind === 'matcher'));
    });
    memo.undefinedUses.set(key, uses);
  }
  return uses;
}

/**
 * A defined flag's frontend reads outside specs, in order, when nothing pushes it to the
 * frontend: push_frontend_feature_flag or push_force_frontend_feature_flag (in a controller, a
 * concern, a helper or an EE module alike), Feature.push_feature_flag, or a value pushed to
 * gon.features directly. Empty when it is pushed.
 */
function unpushedReads(index: FlagIndex, name: string): Located<FileReference>[] {
  const key = flagKey(name);
  const memo = memoFor(index);
  let reads = memo.unpushedReads.get(key);
  if (!reads) {
    // NOTE: most read flags are pushed; asking first spares sorting their references.
    const pushed = index.hasReferenceOfKind(key, 'push') || index.hasReferenceOfKind(key, 'gon');
    reads = pushed ? [] : index.references(key).filter((found) => found.item.kind === 'frontend' && !index.file(found.file)?.spec);
    memo.unpushedReads.set(key, reads);
  }
  return reads;
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

/** A definition's staleness (ready-to-remove only with live state), for hover and the flag list. */
export function stalenessOfDefinition(index: FlagIndex, definition: FlagDefinition, currentMilestone: string | undefined, liveState?: LiveStateSource): Staleness | undefined {
  const relativePath = index.file(definition.file)?.relativePath;
  if (!relativePath) return undefined;
  return stalenessOf(definition, { relativePath, currentMilestone, live: liveState?.(definition.name, definition) });
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
