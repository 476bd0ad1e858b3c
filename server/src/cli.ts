// The `gitlab-flags` command line: a thin front door onto the same core as the server.

import { CliIo, UsageError } from './cliIo';
import { debugEnabled } from './environmentVariables';

const USAGE = `Usage: gitlab-flags <command> [options]

Commands:
  scan     [--root DIR] [--json] [--severity K=L]... [--no-cache]  index the tree and print counts
  refs     [NAME...] [--root DIR] [--json]                          list references of flags
  lint     [--root DIR] [--json] [--severity K=L]... [--max-warnings N] [--live]
                                                                    list problems; exit 1 on errors
  get      NAME [--env a,b] [--json]                                live state on each environment
  set      NAME VALUE [--env a,b | --staging ...] [options]         change a flag (chatops spelling)
  delete   NAME [--env a,b] [--yes] [--dry-run]                     reset a flag to its default
  cleanup  NAME --keep enabled|disabled [--write] [--json]          remove a flag from the code
  extinct  [--env a,b] [--json]                                     flags set on GitLab but gone from the code
  mcp      [--root DIR] [--allow-write]                             MCP server on stdio for agents (docs/mcp.md)
  finish   NAME [--yes] [--dry-run] [--force]                        delete a removed flag everywhere, close its issue

Run 'gitlab-flags <command> --help' for a command's options.`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      // NOTE: commands are imported on demand so `get` never loads tree-sitter or the Vue compiler.
      case 'scan':
        return await (await import('./commands/scan')).runScan(rest, io);
      case 'refs':
        return await (await import('./commands/refs')).runRefs(rest, io);
      case 'lint':
        return await (await import('./commands/lint')).runLint(rest, io);
      case 'cleanup':
        return await (await import('./commands/cleanup')).runCleanupCommand(rest, io);
      case 'extinct':
        return await (await import('./commands/extinct')).runExtinct(rest, io);
      case 'mcp':
        return await (await import('./commands/mcp')).runMcp(rest, io);
      case 'finish':
        return await (await import('./commands/finish')).runFinish(rest, io);
      case 'get':
      case 'set':
      case 'delete':
        return await (await import('./commands/state')).runStateCommand(command, rest, io);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE + '\n');
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Unknown command '${command}'.\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`gitlab-flags: ${error.message}\n`);
      return error.exitCode;
    }
    // NOTE: an unexpected error is still one line; set GITLAB_FLAGS_DEBUG=1 for the stack.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`gitlab-flags: ${message}\n`);
    if (debugEnabled(io.env)) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    return 1;
  }
}

if (require.main === module) {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  };
  main(process.argv.slice(2), io).then((code) => {
    // NOTE: exit as soon as the output is flushed, rather than when the event loop drains:
    // terminating the index's worker threads would otherwise add tens of milliseconds.
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  });
}
