// The MCP server: the tools and resources of gitlab-flags for agents, registered on the official
// SDK's McpServer. Each tool answers with its JSON twice, as structured content (checked against
// its output schema) and as text for clients that read only text. Failures are isError results
// with one clear message; no stack trace and no token ever reaches the agent.

import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import type { McpContext } from './context';
import { ToolError } from './context';
import type { ToolSpec } from './tool';
import { findFlagReferences } from './tools/findFlagReferences';
import { flagInfo } from './tools/flagInfo';
import { listFlags } from './tools/listFlags';
import { lint } from './tools/lint';
import { applyCleanupTool, planCleanup } from './tools/cleanup';
import { planFlagChange } from './tools/planFlagChange';
import { AUDIT_LOG_FLAG_TEMPLATE, AUDIT_LOG_URI, recentAudit, RECENT_AUDIT_RECORDS, ROLLOUT_ISSUE_TEMPLATE, rolloutIssueText } from './resources';

export const SERVER_NAME = 'gitlab-flags';
export const SERVER_VERSION = '0.1.0';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const TOOLS: ToolSpec<any, any>[] = [findFlagReferences, flagInfo, listFlags, lint, planCleanup, applyCleanupTool, planFlagChange];

const INSTRUCTIONS = `Tools for the GitLab feature flags of one repository (the root), over the same index, cleanup and safety rules as the gitlab-flags CLI and the editor.
- Look up: find_flag_references, flag_info (definition, problems, live state per environment), list_flags (filters: stale, unused, undefined, extinct, ready-to-remove), lint.
- Remove a flag from the code: plan_cleanup (a diff, never written), then apply_cleanup (only when the server runs with --allow-write; refuses if any file could not be rewritten safely).
- Change a flag on GitLab: plan_flag_change returns the plan, every safety check's verdict and the exact gitlab-flags and /chatops lines. No tool changes GitLab: hand those lines to a person.
Paths are relative to the root; each row's "location" is path:line:column, 1-based.`;

export function createMcpServer(context: McpContext): McpServer {
  const server = new McpServer({ name: SERVER_NAME, version: SERVER_VERSION }, { instructions: INSTRUCTIONS, capabilities: { tools: {}, resources: {} } });
  for (const tool of TOOLS) registerTool(server, context, tool);

  server.registerResource(
    'rollout-issue',
    new ResourceTemplate(ROLLOUT_ISSUE_TEMPLATE, {
      list: undefined,
      complete: { name: async (value) => completeFlagNames(context, value) },
    }),
    {
      title: 'Rollout issue text',
      description: "The rollout issue for a flag as Markdown, GitLab's Feature Flag Roll Out template filled from its YAML definition, with the chatops lines of each step.",
      mimeType: 'text/markdown',
    },
    async (uri, variables) => read(context, uri, 'text/markdown', async () => rolloutIssueText(context, String(variables.name))),
  );
  server.registerResource(
    'audit-log',
    AUDIT_LOG_URI,
    {
      title: 'Audit log (recent)',
      description: `The last ${RECENT_AUDIT_RECORDS} records of the write-ahead audit log shared by gitlab-flags and the editor (intent and result of every write to GitLab, refusals and cancellations), oldest first. Read-only.`,
      mimeType: 'application/json',
    },
    async (uri) => read(context, uri, 'application/json', async () => JSON.stringify(recentAudit(context), null, 2)),
  );
  server.registerResource(
    'audit-log-flag',
    new ResourceTemplate(AUDIT_LOG_FLAG_TEMPLATE, {
      list: undefined,
      complete: { name: async (value) => completeFlagNames(context, value) },
    }),
    {
      title: "Audit log of one flag (recent)",
      description: `The last ${RECENT_AUDIT_RECORDS} audit log records of one flag, oldest first. Read-only.`,
      mimeType: 'application/json',
    },
    async (uri, variables) => read(context, uri, 'application/json', async () => JSON.stringify(recentAudit(context, String(variables.name)), null, 2)),
  );
  return server;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function registerTool(server: McpServer, context: McpContext, tool: ToolSpec<any, any>): void {
  server.registerTool(
    tool.name,
    { title: tool.title, description: tool.description, inputSchema: tool.input, outputSchema: tool.output, annotations: { title: tool.title, ...tool.annotations } },
    async (args: unknown): Promise<CallToolResult> => {
      try {
        const result = await tool.run(context, args as never);
        const text = context.redact(JSON.stringify(result));
        // NOTE: the structured copy is the redacted text parsed back, so both say the same.
        return { content: [{ type: 'text', text }], structuredContent: JSON.parse(text) as Record<string, unknown> };
      } catch (error) {
        return toolError(context, tool.name, error);
      }
    },
  );
}

function toolError(context: McpContext, name: string, error: unknown): CallToolResult {
  let text: string;
  if (error instanceof ToolError) {
    text = error.details ? `${error.message}\n${JSON.stringify(error.details, null, 2)}` : error.message;
  } else {
    // NOTE: an unexpected failure is one line for the agent; the stack goes to stderr, for the person.
    const message = error instanceof Error ? error.message : String(error);
    text = `${name} failed: ${message}`;
    context.log(`${name} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
  }
  return { content: [{ type: 'text', text: context.redact(text) }], isError: true };
}

async function read(context: McpContext, uri: URL, mimeType: string, produce: () => Promise<string>): Promise<ReadResourceResult> {
  try {
    return { contents: [{ uri: uri.href, mimeType, text: context.redact(await produce()) }] };
  } catch (error) {
    // Resources have no isError: the SDK turns a throw into a JSON-RPC error with this message.
    throw new Error(context.redact(error instanceof Error ? error.message : String(error)));
  }
}

async function completeFlagNames(context: McpContext, value: string): Promise<string[]> {
  const { index } = await context.index();
  const prefix = value.toLowerCase();
  const names = new Set<string>();
  for (const key of index.keys()) {
    const name = index.displayName(key);
    if (name.toLowerCase().startsWith(prefix)) names.add(name);
  }
  return [...names].sort().slice(0, 100);
}
