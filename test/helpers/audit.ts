// Reads the write-ahead audit log (server/src/gitlab/auditLog.ts) as short lines tests can compare:
// "staging intent", "staging ok", "production refused: <detail>", with "[overridden <check>: …]".

import { existsSync, readFileSync } from 'node:fs';

export interface AuditRecordJson {
  id: string;
  phase: 'intent' | 'result' | 'note';
  environment: string;
  flag: string;
  outcome?: string;
  detail?: string;
  overrides: string[];
  request: { method: string; path: string; body?: Record<string, string> };
}

export function auditRecords(file: string): AuditRecordJson[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditRecordJson);
}

/** Outcomes other than ok carry their detail; overrides are appended in brackets. */
export function auditLines(file: string): string[] {
  return auditRecords(file).map((record) => {
    const what = record.phase === 'intent' ? 'intent' : record.outcome === 'ok' ? 'ok' : `${record.outcome}: ${record.detail}`;
    return `${record.environment} ${what}${record.overrides.map((line) => ` [overridden ${line}]`).join('')}`;
  });
}
