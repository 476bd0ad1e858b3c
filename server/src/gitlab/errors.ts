// One error type for everything that can go wrong talking to a GitLab instance, so callers can
// branch on `kind` and show `message`, which always names the environment and never holds a token.

export type GitLabErrorKind =
  | 'no-token' // no token configured for the environment: nothing was sent
  | 'invalid-request' // refused before sending (bad flag name, bad parameter)
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'bad-request' // 400 / 422: GitLab's own message
  | 'rate-limited' // 429
  | 'server-error' // 5xx
  | 'redirect' // 3xx: never followed, so the token never reaches another host
  | 'unexpected-status' // any other status
  | 'timeout'
  | 'unreachable' // connection refused, reset, DNS failure
  | 'malformed' // body is not JSON
  | 'wrong-shape' // JSON, but not what the Features API returns
  | 'too-large'; // the answer is over the size limit: reported, never retried

export class GitLabError extends Error {
  constructor(
    readonly kind: GitLabErrorKind,
    message: string,
    readonly environment: string,
    readonly status?: number,
    /** Seconds GitLab asked us to wait (429 Retry-After). */
    readonly retryAfterSeconds?: number,
    /**
     * False only when the request certainly never reached GitLab (no token, refused before
     * sending, connection refused, unknown host, TLS failure). A write that failed any other way
     * may have been applied, so its outcome is unknown until the state is read back.
     */
    readonly requestSent: boolean = true,
  ) {
    super(message);
    this.name = 'GitLabError';
  }
}

/** "5 s", "1.5 s", "300 ms": how long a timeout was, for messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
