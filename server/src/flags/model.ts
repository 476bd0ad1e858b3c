// The shapes every concern shares: a flag's definition, a reference to it, and a problem.
// Positions are LSP-style: 0-based line and UTF-16 character.

import type { ReferenceKind } from '../../../shared/referenceKinds';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type { ReferenceKind };

/** A reference found in one file, positioned on the flag's name token. */
export interface FileReference {
  /** The name as written: snake_case in Ruby and YAML, usually camelCase in JS. */
  name: string;
  kind: ReferenceKind;
  range: Range;
  /** `type: :beta` given at the call site, if any. */
  typeArg?: string;
  /**
   * `Feature.enabled?` / `Feature.disabled?` called with the flag and no actor (keyword options
   * aside), where no rubocop directive disables Gitlab/FeatureFlagWithoutActor.
   */
  noActor?: true;
  /** A rubocop directive disables Gitlab/EeFeatureFlagInFoss where this reference's call starts. */
  eeInFossAllowed?: true;
}

/** A flag name computed at run time, such as :"run_sidekiq_jobs_#{klass}". */
export interface DynamicReference {
  /** The static part the name starts with, '' when nothing is known. */
  prefix: string;
  range: Range;
  /** The source text of the name expression, for messages. */
  expression: string;
  /** As FileReference.noActor: checked with Feature.enabled?/disabled? and no actor. */
  noActor?: true;
}

/**
 * A line of a rollout plan (Markdown) that sets a flag to a percentage of time:
 * `/chatops run feature set NAME 25 --random`. The range is the `--random` switch.
 */
export interface TimeRollout {
  range: Range;
  /** The flag the line names, when it names one (templates say `<feature-flag-name>`). */
  flag?: string;
}

/** What one file contributes to the index. */
export interface FileScan {
  references: FileReference[];
  dynamic: DynamicReference[];
  /** Only in Markdown rollout plans (see index/languages.ts). */
  timeRollouts?: TimeRollout[];
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export type ProblemKind =
  | 'undefined-flag'
  | 'unused-definition'
  | 'invalid-definition'
  | 'type-mismatch'
  | 'dynamic-flag-name'
  | 'frontend-flag-not-pushed'
  | 'stale-flag'
  | 'ready-to-remove'
  | 'flag-without-actor'
  | 'ee-flag-in-foss'
  | 'percentage-of-time';

/** Another place a problem concerns (the other reads of an unpushed flag, the other definition). */
export interface RelatedLocation {
  /** Absolute path. */
  file: string;
  range: Range;
  message: string;
}

/** A problem with a location in a file, before it is turned into a diagnostic or a lint line. */
export interface Problem {
  kind: ProblemKind;
  severity: Severity;
  message: string;
  /** Absolute path of the file the problem is in. */
  file: string;
  range: Range;
  flag?: string;
  /**
   * What the problem is about, when it concerns several places: it is reported once, at the
   * first place (path, then position), with the others as `related` (see features/problems.ts).
   */
  group?: string;
  related?: RelatedLocation[];
}
