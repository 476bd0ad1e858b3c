// The audit log: one JSON line per attempted write, refusals included, appended to a file the
// caller chooses. It is also what the rollout assistant reads to know when production last
// changed. Entries are built from intents and states only, so no token can reach it; `redact`
// is a last line of defence for free text such as GitLab's messages.

import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EnvironmentFlagState } from './model';
import type { PlannedRequest } from '../protocol';

export interface AuditEntry {
  /** ISO 8601. */
  time: string;
  environment: string;
  flag: string;
  request: Omit<PlannedRequest, 'environment'>;
  before?: EnvironmentFlagState;
  after?: EnvironmentFlagState;
  /** 'ok', 'refused: <why>' or 'failed: <why>'. */
  result: string;
  /** The OS user who ran the write. */
  user?: string;
}

export class AuditLog {
  constructor(
    private readonly file: string | undefined,
    private readonly log: (line: string) => void = () => {},
    private readonly redact: (text: string) => string = (text) => text,
  ) {}

  append(entry: AuditEntry): void {
    const line = this.redact(JSON.stringify(entry));
    this.log(`audit: ${line}`);
    if (!this.file) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      appendFileSync(this.file, line + '\n', { mode: 0o600 });
    } catch (error) {
      // NOTE: a write that already happened must still be reported; the log failure is reported beside it.
      this.log(`audit: cannot append to ${this.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }

  /** Every readable entry, oldest first; unreadable lines are skipped. */
  entries(): AuditEntry[] {
    if (!this.file || !existsSync(this.file)) return [];
    const entries: AuditEntry[] = [];
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        entries.push(JSON.parse(line) as AuditEntry);
      } catch {
        // A torn last line (crash mid-append) must not hide the rest.
      }
    }
    return entries;
  }

  /** Epoch ms of the last successful write of `flag` on any of `environments`. */
  lastChange(flag: string, environments: readonly string[]): number | undefined {
    let last: number | undefined;
    for (const entry of this.entries()) {
      if (entry.flag !== flag || entry.result !== 'ok' || !environments.includes(entry.environment)) continue;
      const time = Date.parse(entry.time);
      if (!Number.isNaN(time) && (last === undefined || time > last)) last = time;
    }
    return last;
  }
}
