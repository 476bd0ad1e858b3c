// GitLab milestones ('17.9', '17.10'): twelve minors per major since 2019, one per month.

/** A milestone as a month count, or undefined when it does not look like 'major.minor'. */
export function parseMilestone(milestone: string): number | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(milestone.trim());
  return match ? Number(match[1]) * 12 + Number(match[2]) : undefined;
}

/** How many milestones `to` is after `from`. */
export function milestoneDistance(from: string, to: string): number | undefined {
  const start = parseMilestone(from);
  const end = parseMilestone(to);
  return start === undefined || end === undefined ? undefined : end - start;
}
