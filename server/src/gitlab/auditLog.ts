// The audit log: a write-ahead log of every write, one JSON record per line (schema in
// docs/environments.md). Before a request is sent its `intent` record is appended and fsynced;
// if that fails, nothing is sent. After the answer (or its loss) a `result` record with the same
// id says what happened. Refusals and cancellations are result records without an intent, so
// "an intent without a result" always means "sent, outcome never learned" (a kill mid-write).
//
// The CLI and the language server share one default file, so the rollout view sees CLI writes.
// Records are built from intents and states only, so no token can reach it; `redact` is a last
// line of defence for free text such as GitLab's messages.

import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EnvironmentFlagState } from '../../../shared/gitlabModel';
import type { PlannedRequest, WriteOutcome } from '../../../shared/protocol';
import { auditLogFile } from '../environmentVariables';

export interface AuditRecord {
  /** ISO 8601. */
  time: string;
  /** Pairs an intent with its result: `<plan id>/<environment>`; `<plan id>/note` for a note. */
  id: string;
  /** `note`: the note added to the flag's rollout issue after a write (outcome ok or failed). */
  phase: 'intent' | 'result' | 'note';
  environment: string;
  flag: string;
  /** Notes also record a PUT (closing the rollout issue). */
  request: Omit<PlannedRequest, 'environment' | 'method'> & { method: PlannedRequest['method'] | 'PUT' };
  /** Result records only. */
  outcome?: WriteOutcome;
  /** Each check the user overrode, with what it objected to: "consistency check: …". */
  overrides: string[];
  /** Why it was refused, failed or cancelled; what GitLab said; what was read back. */
  detail?: string;
  /** The equivalent chatops line (intent records). */
  chatops?: string;
  before?: EnvironmentFlagState;
  after?: EnvironmentFlagState;
  /** The OS user who ran the write. */
  user?: string;
}

/** Thrown when a record cannot be made durable; for an intent, it means nothing may be sent. */
export class AuditLogError extends Error {}

/**
 * The one default: GITLAB_FLAGS_AUDIT_LOG, else $XDG_STATE_HOME/gitlab-flags/audit.jsonl, else
 * ~/.local/state/gitlab-flags/audit.jsonl. Both front doors call this with their environment.
 */
export function defaultAuditLogPath(env: NodeJS.ProcessEnv): string {
  return auditLogFile(env);
}

export class AuditLog {
  constructor(
    readonly file: string | undefined,
    private readonly log: (line: string) => void = () => {},
    private readonly redact: (text: string) => string = (text) => text,
  ) {}

  /**
   * Appends one record and waits until it is on disk (fsync). Throws AuditLogError with the
   * reason (a directory in the way, a full disk, no permission) when it cannot.
   */
  append(record: AuditRecord): void {
    const line = this.redact(JSON.stringify(record));
    this.log(`audit: ${line}`);
    if (!this.file) return;
    let descriptor: number | undefined;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      descriptor = openSync(this.file, 'a', 0o600);
      writeSync(descriptor, line + '\n');
      fsyncSync(descriptor);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new AuditLogError(`the audit log ${this.file} cannot be written (${code ?? (error as Error).message})`);
    } finally {
      if (descriptor !== undefined) closeSync(descriptor);
    }
  }

  /** Every readable record, oldest first; unreadable lines (a torn last line) are skipped. */
  records(): AuditRecord[] {
    if (!this.file || !existsSync(this.file)) return [];
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const records: AuditRecord[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const record = JSON.parse(line) as AuditRecord;
        if (record && typeof record === 'object' && typeof record.flag === 'string') records.push(record);
      } catch {
        // A torn last line (crash mid-append) must not hide the rest.
      }
    }
    return records;
  }

  /**
   * Epoch ms of the last write of `flag` on any of `environments` that GitLab may have applied:
   * outcome ok (overrides or not) or unknown, and intents whose result was never recorded. The
   * rollout assistant's minimum wait counts from it, so it errs towards "changed".
   */
  lastChange(flag: string, environments: readonly string[]): number | undefined {
    const records = this.records().filter((record) => record.flag === flag && environments.includes(record.environment));
    const finished = new Set(records.filter((record) => record.phase === 'result').map((record) => record.id));
    let last: number | undefined;
    for (const record of records) {
      const counts =
        record.phase === 'result' ? record.outcome === 'ok' || record.outcome === 'unknown'
        : record.phase === 'intent' ? !finished.has(record.id)
        : false;
      if (!counts) continue;
      const time = Date.parse(record.time);
      if (!Number.isNaN(time) && (last === undefined || time > last)) last = time;
    }
    return last;
  }
}
