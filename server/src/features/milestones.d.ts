/** A milestone as a month count, or undefined when it does not look like 'major.minor'. */
export declare function parseMilestone(milestone: string): number | undefined;
/** How many milestones `to` is after `from`. */
export declare function milestoneDistance(from: string, to: string): number | undefined;
