// Starts `gitlab-flags mcp` (node dist/cli.js mcp) as an MCP client would, and talks to it with the
// official SDK's client over stdio. Tests wait on the handshake, never on a sleep.

import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const PROJECT = join(__dirname, '..', '..');

export interface McpSession {
  client: Client;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Every text the server returned (tool contents, resource texts), for token checks. */
  seen: string[];
  /** Calls a tool; the structured result, or the error text when isError. */
  call(name: string, args: Record<string, unknown>): Promise<{ isError: boolean; json?: Record<string, unknown>; text: string }>;
  close(): Promise<void>;
}

/** `env` is the child's whole environment (plus PATH and HOME), so nothing leaks in from the runner. */
export async function startMcp(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(PROJECT, 'dist', 'cli.js'), 'mcp', ...args],
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk) => (stderr += chunk));
  const client = new Client({ name: 'gitlab-flags-test', version: '1.0.0' });
  await client.connect(transport);
  const seen: string[] = [];
  return {
    client,
    stderr: () => stderr,
    seen,
    async call(name, toolArgs) {
      const result = await client.callTool({ name, arguments: toolArgs });
      const content = result.content as { type: string; text?: string }[];
      const text = content.map((item) => item.text ?? '').join('\n');
      seen.push(text, JSON.stringify(result.structuredContent ?? null));
      const isError = result.isError === true;
      return { isError, text, ...(isError ? {} : { json: result.structuredContent as Record<string, unknown> }) };
    },
    close: () => client.close(),
  };
}
