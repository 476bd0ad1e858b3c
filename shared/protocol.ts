// Custom messages between the language server and its clients, declared once.
// The VS Code client imports this file by relative path; other editors can send the same
// JSON-RPC methods. Method names use the `gitlabFlags/` prefix (`$/` is reserved by LSP).

import { NotificationType, RequestType, WorkspaceEdit, Location, Range } from 'vscode-languageserver-protocol';
import type { Environment, EnvironmentFlagState } from './gitlabModel';
import type { ReferenceKind } from './referenceKinds';

// ---------------------------------------------------------------------------------------
// Index and flags

export interface IndexStatus {
  state: 'indexing' | 'ready' | 'error';
  files: number;
  flags: number;
  definitions: number;
  references: number;
  problems: number;
  /** Milliseconds the last full index took. */
  elapsedMs?: number;
  message?: string;
}

/** Sent by the server whenever indexing starts or finishes. */
export namespace IndexStatusNotification {
  export const method = 'gitlabFlags/indexStatus';
  export const type = new NotificationType<IndexStatus>(method);
}

/** One flag as the sidebar lists it. */
export interface FlagSummary {
  name: string;
  type?: string;
  group?: string;
  milestone?: string;
  defaultEnabled?: boolean;
  definition?: Location;
  rolloutIssueUrl?: string;
  featureIssueUrl?: string;
  introducedByUrl?: string;
  description?: string;
  referenceCount: number;
  specReferenceCount: number;
  problems: number;
  stale: boolean;
  unused: boolean;
  undefined: boolean;
  /** Keyed by environment name; absent when no environments are configured. */
  states: Record<string, EnvironmentFlagState>;
}

export interface ListFlagsParams {
  /** Substring filter on the name; empty for all. */
  text?: string;
}

/** Sent by the client to fill the Flags view. */
export namespace ListFlagsRequest {
  export const method = 'gitlabFlags/listFlags';
  export const type = new RequestType<ListFlagsParams, FlagSummary[], void>(method);
}

export interface FlagReferenceInfo {
  location: Location;
  kind: ReferenceKind;
  spec: boolean;
}

export interface FlagDetails {
  summary: FlagSummary;
  references: FlagReferenceInfo[];
}

/** Sent by the client when a flag is expanded in the tree or selected for the rollout view. */
export namespace FlagDetailsRequest {
  export const method = 'gitlabFlags/flagDetails';
  export const type = new RequestType<{ name: string }, FlagDetails | null, void>(method);
}

/** One flag reference in a document, positioned on the flag's name token. */
export interface DocumentFlag {
  /** The flag's name as the flag list spells it (the YAML name when there is one), to match `FlagSummary.name`. */
  name: string;
  range: Range;
  kind: ReferenceKind;
}

/**
 * Sent by the client for inline state: the flag references the index has for one document (the
 * open buffer's text when it is open), in document order. Empty for a file outside every root.
 */
export namespace DocumentFlagsRequest {
  export const method = 'gitlabFlags/documentFlags';
  export const type = new RequestType<{ uri: string }, DocumentFlag[], void>(method);
}

// ---------------------------------------------------------------------------------------
// Environments, tokens and live state

export interface EnvironmentStatus {
  environment: Environment;
  hasToken: boolean;
  /** 'unknown' until the first fetch. */
  reachability: 'reachable' | 'unreachable' | 'unknown';
  message?: string;
  fetchedAt?: number;
}

/** Sent by the client to fill the Environments view. */
export namespace EnvironmentsRequest {
  export const method = 'gitlabFlags/environments';
  export const type = new RequestType<void, EnvironmentStatus[], void>(method);
}

/**
 * Sent by the VS Code client after reading or changing SecretStorage. A null token removes it.
 * The server keeps tokens in memory only.
 */
export namespace SetTokenNotification {
  export const method = 'gitlabFlags/setToken';
  export const type = new NotificationType<{ environment: string; token: string | null }>(method);
}

/** Sent by the client to drop cached state and fetch again (one flag or all). */
export namespace RefreshStateRequest {
  export const method = 'gitlabFlags/refreshState';
  export const type = new RequestType<{ flag?: string; environments?: string[] }, void, void>(method);
}

/** Sent by the server when live state changed (after a fetch or a write). */
export namespace StateChangedNotification {
  export const method = 'gitlabFlags/stateChanged';
  export const type = new NotificationType<{ flags?: string[] }>(method);
}

// ---------------------------------------------------------------------------------------
// Writes: planned first, then executed with the confirmations the plan asked for.

export type ActorKind = 'project' | 'group' | 'namespace' | 'user' | 'repository' | 'feature_group';

export interface WriteIntent {
  flag: string;
  environments: string[];
  operation: 'set' | 'delete';
  /** For set: 'true', 'false', or a number 0-100. */
  value?: string;
  /** For a number: percentage of actors (--actors) or of time (--random). */
  percentageOf?: 'actors' | 'time';
  actors?: Partial<Record<ActorKind, string[]>>;
  force?: boolean;
}

export interface PlannedRequest {
  environment: string;
  method: 'POST' | 'DELETE';
  /** Path and body, never the token. */
  path: string;
  body?: Record<string, string>;
}

export interface WritePlan {
  /**
   * Names this plan on the server. Execute and cancel refer to it by id, so what runs is exactly
   * what was planned and shown; it expires after 15 minutes or once executed or cancelled.
   */
  id: string;
  intent: WriteIntent;
  /** Exactly the requests execute will send, in the order it will send them. */
  requests: PlannedRequest[];
  /** The equivalent `/chatops run feature ...` line. */
  chatops: string;
  /** Problems that refuse the write outright (read-only environment, invalid value...). */
  errors: string[];
  /** Set when a production environment is touched: the text of the confirmation to show. */
  productionConfirmation?: string;
  /** The production environments among the targets (the user types the flag name to confirm). */
  production: string[];
  /** Chatops consistency-rule violations; non-empty means a second, explicit override is needed. */
  consistencyViolations: string[];
  /**
   * Chatops' production check: open high-severity incidents on a production environment that is
   * touched (or why they could not be checked). Non-empty means an explicit override is needed.
   */
  activeIncidents: string[];
  /** Worth telling the user but not a reason to refuse (plain http allowed by the configuration...). */
  warnings: string[];
  /**
   * The flag's state on each environment the plan read. Execute reads them again and refuses if
   * any differs, so a confirmation never applies to a state the user was not shown.
   */
  readStates: Record<string, EnvironmentFlagState>;
}

/**
 * The chatops line of a write, for the clipboard: no plan, no live state read, no token needed,
 * nothing audited (a plan made only to copy its line would sit unexecuted for 15 minutes).
 */
export namespace ChatopsLineRequest {
  export const method = 'gitlabFlags/chatopsLine';
  export const type = new RequestType<WriteIntent, string, void>(method);
}

/** Sent by the client before a write, to show the confirmations and the chatops line. */
export namespace PlanWriteRequest {
  export const method = 'gitlabFlags/planWrite';
  export const type = new RequestType<WriteIntent, WritePlan, void>(method);
}

/** The user's answers to a plan's questions. The server holds the plan; the client names it. */
export interface ExecuteWriteParams {
  planId: string;
  confirmedProduction: boolean;
  ignoreConsistencyCheck: boolean;
  /** Overrides the production check (chatops: --ignore-production-check). */
  ignoreProductionCheck?: boolean;
}

/** Audit-log outcomes (docs/environments.md): what happened to one environment's request. */
export type WriteOutcome = 'ok' | 'refused' | 'failed' | 'unknown' | 'cancelled';

export interface WriteResult {
  environment: string;
  outcome: WriteOutcome;
  /** outcome === 'ok'. */
  ok: boolean;
  message: string;
  before?: EnvironmentFlagState;
  /** What GitLab says now: its answer, or the state read back when the answer was lost. */
  after?: EnvironmentFlagState;
  /** Set when GitLab's resulting state is not what was asked for (another gate kept it on...). */
  differs?: string;
  /**
   * On the last result of a write that GitLab accepted somewhere: what happened to the note on
   * the flag's rollout issue ("Noted on gitlab-org/gitlab#3." or why it could not be added).
   */
  note?: string;
}

/** Sent by the client to perform a planned write. The server enforces every rule itself. */
export namespace ExecuteWriteRequest {
  export const method = 'gitlabFlags/executeWrite';
  export const type = new RequestType<ExecuteWriteParams, WriteResult[], void>(method);
}

/** Sent by the client when the user declined a plan's confirmation; recorded as `cancelled`. */
export namespace CancelWriteRequest {
  export const method = 'gitlabFlags/cancelWrite';
  export const type = new RequestType<{ planId: string; reason: string }, void, void>(method);
}

/** Sent by the client when workspace trust is granted after start-up (VS Code cannot revoke it). */
export namespace WorkspaceTrustNotification {
  export const method = 'gitlabFlags/workspaceTrust';
  export const type = new NotificationType<{ trusted: boolean }>(method);
}

/** A flag set on GitLab that the working tree no longer defines or references. */
export interface ExtinctFlag {
  flag: string;
  /** Where it is set, in the environment list's order, with GitLab's state in words. */
  environments: { environment: string; state: string }[];
  /** `/chatops run feature delete NAME --staging --production`: the delete everywhere it is set. */
  chatops: string;
}

/** Sent by the client for the "Extinct on GitLab" group; `errors` names unreadable environments. */
export namespace ExtinctFlagsRequest {
  export const method = 'gitlabFlags/extinctFlags';
  export const type = new RequestType<{ environments?: string[] }, { flags: ExtinctFlag[]; errors: string[] }, void>(method);
}

// ---------------------------------------------------------------------------------------
// Rollout assistant

export interface RolloutStep {
  id: string;
  title: string;
  /**
   * 'warning' rows come first and are not steps: production ahead of a non-production
   * environment (chatops' consistency rule), or an environment whose state is unknown.
   */
  status: 'done' | 'current' | 'pending' | 'waiting' | 'warning';
  /** When status is 'waiting': epoch ms when the step becomes available. */
  availableAt?: number;
  /** The write this step performs, when it is one click. */
  intent?: WriteIntent;
  chatops?: string;
}

/** Sent by the client to fill the Rollout view for the selected flag. */
export namespace RolloutStepsRequest {
  export const method = 'gitlabFlags/rolloutSteps';
  export const type = new RequestType<{ name: string }, RolloutStep[], void>(method);
}

/** Sent by the client to produce the rollout issue Markdown for a flag. */
export namespace RolloutIssueRequest {
  export const method = 'gitlabFlags/rolloutIssue';
  export const type = new RequestType<{ name: string }, string, void>(method);
}

/** Sent by the client for "Release with the flag": the edit that sets default_enabled: true. */
export namespace ReleaseWithFlagRequest {
  export const method = 'gitlabFlags/releaseWithFlag';
  export const type = new RequestType<{ name: string }, { edit?: WorkspaceEdit; error?: string }, void>(method);
}

// ---------------------------------------------------------------------------------------
// Cleanup

export interface ManualReviewItem {
  uri: string;
  range: Range;
  reason: string;
}

export interface CleanupResult {
  edit: WorkspaceEdit;
  editedFiles: string[];
  deletedFiles: string[];
  manual: ManualReviewItem[];
  /** Files whose rewrite would not parse; left untouched. */
  refused: ManualReviewItem[];
  commitMessage: string;
  checklist: string[];
  /**
   * Said before applying: production's live state contradicts the kept behaviour (or could not be
   * read). Empty without environments; the cleanup is still offered.
   */
  warnings: string[];
}

/** Sent by the client (command or code action) to compute a whole-codebase cleanup. */
export namespace CleanupRequest {
  export const method = 'gitlabFlags/cleanup';
  export const type = new RequestType<{ name: string; keep: 'enabled' | 'disabled' }, CleanupResult, void>(method);
}
