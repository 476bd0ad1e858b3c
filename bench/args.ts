// A tiny option parser for the bench scripts: `--name value`, `--flag`, `--no-flag`.
// Errors are one line for the user, never a stack trace.

export class ArgsError extends Error {}

export type OptionSpec = Record<string, 'string' | 'number' | 'boolean'>;
export type ParsedOptions<S extends OptionSpec> = {
  [K in keyof S]?: S[K] extends 'number' ? number : S[K] extends 'boolean' ? boolean : string;
};

export function parseArgs<S extends OptionSpec>(argv: string[], spec: S): ParsedOptions<S> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new ArgsError(`unexpected argument '${arg}'`);
    let name = arg.slice(2);
    const negated = name.startsWith('no-') && spec[name.slice(3)] === 'boolean';
    if (negated) name = name.slice(3);
    const type = spec[name];
    if (!type) throw new ArgsError(`unknown option '${arg}'`);
    if (type === 'boolean') {
      out[name] = !negated;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new ArgsError(`option '${arg}' needs a value`);
    if (type === 'number') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new ArgsError(`option '${arg}' needs a whole number, got '${value}'`);
      out[name] = n;
    } else {
      out[name] = value;
    }
  }
  return out as ParsedOptions<S>;
}

/** Runs a script's main and turns an ArgsError or any failure into one line and an exit code. */
export function runMain(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      if (process.env.GITLAB_FLAGS_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = error instanceof ArgsError ? 2 : 1;
    },
  );
}
