// gitlab-flags mcp: the MCP server for agents, on stdin/stdout, until the client closes stdin.
// stdout carries the protocol and nothing else: every diagnostic goes to stderr.

import { resolve } from 'node:path';
import { UsageError } from '../cliIo';
import type { CliIo } from '../cliIo';
import { definitionRoot } from './state';
import { defaultAuditLogPath } from '../gitlab/auditLog';
import { cliEnvironments } from './cliEnvironments';
import { parseCommandArgs, resolveRoot } from './options';
import { McpContext } from '../mcp/context';
import { environmentsJson } from '../environmentVariables';

const USAGE = `Usage: gitlab-flags mcp [--root DIR] [--allow-write] [--environments FILE] [--audit-log FILE] [--no-cache] [--cache-dir DIR]

Serves the Model Context Protocol on stdin/stdout for agents (VS Code, Claude Code, Cursor…):
tools find_flag_references, flag_info, list_flags, lint, plan_cleanup, apply_cleanup and
plan_flag_change, and resources for a flag's rollout issue and the audit log. See docs/mcp.md.

  --root DIR            the GitLab checkout (default: the nearest directory at or above the current
                        one with config/feature_flags, else the current directory)
  --allow-write         let apply_cleanup edit files under the root (without it, cleanups are only
                        planned). No tool ever changes anything on GitLab.
  --environments FILE   environment list for live state (default: $GITLAB_FLAGS_ENVIRONMENTS);
                        tokens come from GITLAB_FLAGS_TOKEN_<NAME>
  --audit-log FILE      the audit log the audit-log resources read (default: the shared one)
`;

export async function runMcp(argv: string[], io: CliIo): Promise<number> {
  try {
    return await serve(argv, io);
  } catch (error) {
    // NOTE: this command is a bundle of its own (dist/mcp.js), so cli.ts's UsageError is another
    // class than this one: usage errors are reported here, with their exit code.
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`gitlab-flags: ${error.message}\n`);
    return error.exitCode;
  }
}

async function serve(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    root: { type: 'string' },
    'allow-write': { type: 'boolean', default: false },
    environments: { type: 'string' },
    'audit-log': { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    'cache-dir': { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`mcp takes no arguments.\n${USAGE}`);
  const root = resolveRoot(io, values.root ?? definitionRoot(io.cwd, undefined).root);
  // An environment list that is present but wrong is the person's to fix now, not the agent's later.
  const environments = values.environments !== undefined || environmentsJson(io.env) ? cliEnvironments(io, values.environments) : [];
  const log = (line: string): void => io.stderr(`gitlab-flags mcp: ${line}\n`);

  // NOTE: a stray console.log from any library would corrupt the protocol stream.
  console.log = console.info = console.debug = (...args: unknown[]) => log(args.map(String).join(' '));

  const context = new McpContext({
    root,
    environments,
    env: io.env,
    allowWrite: values['allow-write'],
    auditLogPath: values['audit-log'] ? resolve(io.cwd, values['audit-log']) : defaultAuditLogPath(io.env),
    build: { useCache: !values['no-cache'], ...(values['cache-dir'] ? { cacheBase: resolve(io.cwd, values['cache-dir']) } : {}) },
    log,
  });
  const [{ createMcpServer }, { StdioServerTransport }] = await Promise.all([import('../mcp/server'), import('@modelcontextprotocol/sdk/server/stdio.js')]);
  const server = createMcpServer(context);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((done) => {
    transport.onclose = () => done();
    process.stdin.once('end', () => done());
    process.stdin.once('close', () => done());
    // The client went away mid-answer: nobody is left to read.
    process.stdout.once('error', () => done());
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
  });
  context.warmUp();
  await server.connect(transport);
  log(`serving ${root} (${environments.length} environment${environments.length === 1 ? '' : 's'}${values['allow-write'] ? ', --allow-write: apply_cleanup may edit files' : ', read-only: apply_cleanup disabled'})`);
  await closed;
  await server.close().catch(() => undefined);
  return 0;
}
