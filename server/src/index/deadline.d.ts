/** Thrown by Deadline.tick once the budget is spent; readAndScan turns it into a skip. */
export declare class ScanTimeout extends Error {
    readonly budgetMs: number;
    constructor(budgetMs: number);
}
export declare const DEFAULT_SCAN_TIMEOUT_MS = 3000;
export declare class Deadline {
    readonly budgetMs: number;
    private countdown;
    private readonly at;
    constructor(budgetMs: number);
    /** Called once per regex match in the scanners' loops. */
    tick(): void;
}
/** A deadline that never expires, for callers that scan trusted text (tests, small buffers). */
export declare const NO_DEADLINE: Deadline;
/** The budget: GITLAB_FLAGS_SCAN_TIMEOUT_MS when set to a positive number, else the default. */
export declare function scanTimeoutFromEnvironment(env?: NodeJS.ProcessEnv): number;
