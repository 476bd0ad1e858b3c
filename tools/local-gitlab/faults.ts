// Fault injection for reliability tests (only with --faults): the next matching API requests
// get a delay, a reset connection, an error status, a broken body or a redirect; or they are
// applied and then their answer is lost (reset or never sent), or answered with a huge body.

export type Fault = {
  kind: 'delay' | 'reset' | 'status' | 'truncated' | 'non-json' | 'wrong-shape' | 'redirect' | 'reset-after-apply' | 'hang-after-apply' | 'huge';
  /** How many requests it applies to; -1 for every request until cleared. Default 1. */
  times: number;
  /** Only requests with this method (GET, POST, DELETE). */
  method?: string;
  /** Only requests whose path starts with this. */
  path?: string;
  ms?: number;
  status?: number;
  retryAfter?: string | number;
  message?: string;
  location?: string;
  /** For 'huge': how many bytes to send (default 20 MB), streamed without a Content-Length. */
  bytes?: number;
};

const KINDS = new Set(['delay', 'reset', 'status', 'truncated', 'non-json', 'wrong-shape', 'redirect', 'reset-after-apply', 'hang-after-apply', 'huge']);

export class FaultQueue {
  private faults: Fault[] = [];

  static parse(json: unknown): Fault | string {
    if (typeof json !== 'object' || json === null) return 'a fault is a JSON object';
    const raw = json as Record<string, unknown>;
    if (typeof raw.kind !== 'string' || !KINDS.has(raw.kind)) return `kind must be one of ${[...KINDS].join(', ')}`;
    const times = raw.times === undefined ? 1 : Number(raw.times);
    if (!Number.isInteger(times) || times === 0 || times < -1) return 'times must be a positive integer or -1';
    return {
      kind: raw.kind as Fault['kind'],
      times,
      method: typeof raw.method === 'string' ? raw.method.toUpperCase() : undefined,
      path: typeof raw.path === 'string' ? raw.path : undefined,
      ms: typeof raw.ms === 'number' ? raw.ms : undefined,
      status: typeof raw.status === 'number' ? raw.status : undefined,
      retryAfter: typeof raw.retryAfter === 'string' || typeof raw.retryAfter === 'number' ? raw.retryAfter : undefined,
      message: typeof raw.message === 'string' ? raw.message : undefined,
      location: typeof raw.location === 'string' ? raw.location : undefined,
      bytes: typeof raw.bytes === 'number' ? raw.bytes : undefined,
    };
  }

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault matching the request, counted as used. */
  take(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex((fault) => (!fault.method || fault.method === method) && (!fault.path || path.startsWith(fault.path)));
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (fault.times > 0 && --fault.times === 0) this.faults.splice(index, 1);
    return fault;
  }
}
