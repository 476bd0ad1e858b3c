// What a CLI command may touch, so commands can be run in-process by tests as well as by cli.ts.

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** A failure the user caused or can fix: printed as one line, never with a stack trace. */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}
