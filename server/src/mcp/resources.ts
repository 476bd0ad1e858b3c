// The MCP resources: a flag's rollout issue text (the sidebar's "Create Rollout Issue Text"), and
// the audit log's recent records, all of them or one flag's. Both are read-only.

import { AuditLog, type AuditRecord } from '../gitlab/auditLog';
import type { McpContext } from './context';
import { normalizeName } from './rows';

export const RECENT_AUDIT_RECORDS = 50;

export const AUDIT_LOG_URI = 'gitlab-flags://audit-log';
export const AUDIT_LOG_FLAG_TEMPLATE = 'gitlab-flags://audit-log/{name}';
export const ROLLOUT_ISSUE_TEMPLATE = 'gitlab-flags://flags/{name}/rollout-issue';

export function rolloutIssueUri(flag: string): string {
  return `gitlab-flags://flags/${encodeURIComponent(flag)}/rollout-issue`;
}

/** The rollout issue as Markdown, from the flag's YAML definition when there is one. */
export async function rolloutIssueText(context: McpContext, raw: string): Promise<string> {
  const name = normalizeName(decodeURIComponent(raw));
  const { index } = await context.index();
  return context.gitlab.rolloutIssue(index.displayName(name));
}

export interface RecentAudit {
  file: string;
  flag?: string;
  /** Readable records in the file (for this flag). */
  total: number;
  /** The last RECENT_AUDIT_RECORDS of them, oldest first. */
  records: AuditRecord[];
  note?: string;
}

/** The audit log's last records (of one flag, if given). Reading never creates the file. */
export function recentAudit(context: McpContext, rawFlag?: string): RecentAudit {
  const flag = rawFlag === undefined ? undefined : normalizeName(decodeURIComponent(rawFlag));
  const records = new AuditLog(context.auditLogPath).records().filter((record) => flag === undefined || record.flag === flag);
  return {
    file: context.auditLogPath,
    ...(flag !== undefined ? { flag } : {}),
    total: records.length,
    records: records.slice(-RECENT_AUDIT_RECORDS),
    ...(records.length === 0 ? { note: 'No records: no write was made or attempted with gitlab-flags or the editor using this audit log.' } : {}),
  };
}
