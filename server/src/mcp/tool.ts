// One MCP tool: its name, words for the agent, JSON schemas in and out (zod, as the SDK expects),
// hints, and the function that answers. server.ts registers every tool the same way.

import type { z } from 'zod';
import type { McpContext } from './context';

export interface ToolAnnotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface ToolSpec<Input extends z.ZodRawShape, Output extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: Input;
  output: Output;
  annotations: ToolAnnotations;
  run(context: McpContext, args: z.infer<z.ZodObject<Input>>): Promise<z.infer<z.ZodObject<Output>>>;
}

/** Keeps each tool's types checked while the list holds tools of different shapes. */
export function defineTool<Input extends z.ZodRawShape, Output extends z.ZodRawShape>(spec: ToolSpec<Input, Output>): ToolSpec<Input, Output> {
  return spec;
}
