// The pure parts of the extinct-flag actions (no vscode import, so unit tests can load them).

import type { ExtinctFlag, WriteIntent } from '../../shared/protocol';

/** The delete everywhere the flag is set: one intent, so one plan and one set of confirmations. */
export function deleteEverywhere(extinct: ExtinctFlag): WriteIntent {
  return { flag: extinct.flag, environments: extinct.environments.map((item) => item.environment), operation: 'delete' };
}

/** "Deleted 2 of 3 extinct flags; 1 cancelled". */
export function bulkSummary(counts: { total: number; deleted: number; cancelled: number; refused: number; failed: number; skipped: number }): string {
  const rest = [
    counts.cancelled ? `${counts.cancelled} cancelled` : '',
    counts.refused ? `${counts.refused} refused` : '',
    counts.failed ? `${counts.failed} not fully deleted` : '',
    counts.skipped ? `${counts.skipped} not attempted` : '',
  ].filter(Boolean);
  const flags = counts.total === 1 ? 'flag' : 'flags';
  return `Deleted ${counts.deleted} of ${counts.total} extinct ${flags}${rest.length ? `; ${rest.join(', ')}` : ''}.`;
}
