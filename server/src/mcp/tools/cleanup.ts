// plan_cleanup and apply_cleanup: removing a flag from the code, keeping one behaviour, with the
// same real-parser rewrites as `gitlab-flags cleanup`. plan_cleanup never writes. apply_cleanup
// writes what `cleanup --write` writes, only when the server was started with --allow-write, and
// refuses the whole cleanup when any file could not be rewritten safely (a `refused` item).

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { applyCleanup, skipUnsafeTargets, type PlanContext } from '../../cleanup/applyCleanup';
import type { CleanupOutput } from '../../cleanup';
import { unifiedDiff } from '../../cleanup/unifiedDiff';
import { runCleanup } from '../../features/cleanup';
import type { McpContext } from '../context';
import { ToolError } from '../context';
import { defineTool } from '../tool';
import { isKnown, location, manualRow, normalizeName, similarNames } from '../rows';

const KEEP = z.enum(['enabled', 'disabled']).describe('The behaviour to keep: "enabled" keeps the code that runs when the flag is on (a fully rolled-out flag); "disabled" keeps the code that runs when it is off');
const NAME = z.string().min(1).describe('The flag name, e.g. ci_pipeline_creation_requests_realtime');

const refusedRow = z.object({ path: z.string(), reason: z.string() });

interface Planned {
  flag: string;
  output: CleanupOutput;
  planContext: PlanContext;
  diff: string;
  digest: string;
}

async function plan(context: McpContext, raw: string, keep: 'enabled' | 'disabled'): Promise<Planned> {
  const name = normalizeName(raw);
  const workspace = await context.index();
  const { index } = workspace;
  if (!isKnown(index, name)) {
    const similar = similarNames(index, name);
    throw new ToolError(`No references to '${name}' under ${context.root}.${similar.length > 0 ? ` Did you mean ${similar.join(', ')}?` : ''}`);
  }
  const flag = index.displayName(name);
  const planContext: PlanContext = { root: context.root, flag, keep };
  // NOTE: exactly the CLI's plan (commands/cleanup.ts): the rewrites, then the files --write would skip.
  const output = skipUnsafeTargets(await runCleanup(workspace, name, keep, (path) => workspace.readText(path)), planContext);
  const diff = unifiedDiff(output, context.root);
  return { flag, output, planContext, diff, digest: createHash('sha256').update(diff).digest('hex').slice(0, 16) };
}

function manualRows(context: McpContext, output: CleanupOutput) {
  return output.manual.map((item) => {
    const path = context.relativePath(item.path);
    return { path, line: item.line, character: item.character, reason: item.reason, location: location(path, item.line, item.character) };
  });
}

function refusedRows(context: McpContext, output: CleanupOutput) {
  return output.refused.map((item) => ({ path: context.relativePath(item.path), reason: item.reason }));
}

export const planCleanup = defineTool({
  name: 'plan_cleanup',
  title: 'Plan a flag cleanup',
  description:
    'Plans removing a feature flag from the code, keeping the enabled or the disabled behaviour: every check, push, frontend read, spec stub ' +
    'and the YAML definition, rewritten with real parsers (tree-sitter for Ruby and JS/TS, the Vue compiler, HAML by indentation). ' +
    'Returns a unified diff (git apply compatible) and the places left for manual review. Writes nothing. ' +
    '`refused` lists files whose rewrite would not parse: apply_cleanup refuses while it is not empty. Pass `digest` to apply_cleanup ' +
    'to apply exactly this plan.',
  input: { name: NAME, keep: KEEP },
  output: {
    flag: z.string(),
    keep: z.enum(['enabled', 'disabled']),
    diff: z.string().describe('Unified diff, paths relative to the root (git apply compatible)'),
    edited: z.array(z.string()),
    deleted: z.array(z.string()),
    manual: z.array(manualRow).describe('Places to review by hand after applying'),
    refused: z.array(refusedRow).describe('Files that could not be rewritten safely; apply_cleanup refuses while any is listed'),
    commitMessage: z.string(),
    checklist: z.array(z.string()).describe('What to do after the edit (changelog, rollout issue, GitLab state)'),
    digest: z.string().describe('Identifies this diff; apply_cleanup refuses if the plan it makes differs'),
    canApply: z.boolean().describe('true when there is something to apply and nothing was refused'),
  },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(context, { name, keep }) {
    const planned = await plan(context, name, keep);
    const { output } = planned;
    return {
      flag: planned.flag,
      keep,
      diff: planned.diff,
      edited: output.changes.map((change) => context.relativePath(change.path)),
      deleted: output.deletes.map((path) => context.relativePath(path)),
      manual: manualRows(context, output),
      refused: refusedRows(context, output),
      commitMessage: output.commitMessage,
      checklist: output.checklist,
      digest: planned.digest,
      canApply: output.refused.length === 0 && output.changes.length + output.deletes.length > 0,
    };
  },
});

export const WRITE_DISABLED =
  'apply_cleanup is disabled: this server was started without --allow-write, so it never edits files. Show the diff from plan_cleanup ' +
  'to the person (or apply it with `git apply`), or ask them to start the server with `gitlab-flags mcp --allow-write` for this repository.';

export const applyCleanupTool = defineTool({
  name: 'apply_cleanup',
  title: 'Apply a flag cleanup',
  description:
    'Writes the cleanup plan_cleanup shows: the same edits as `gitlab-flags cleanup NAME --keep … --write` (files edited in place, the YAML ' +
    'definition deleted). Only when the server was started with --allow-write. Refuses, writing nothing, when any file could not be rewritten ' +
    'safely (plan_cleanup\'s `refused`) or when `digest` is given and the plan no longer matches it. Never changes anything on GitLab.',
  input: {
    name: NAME,
    keep: KEEP,
    digest: z.string().optional().describe("plan_cleanup's digest: refuse unless the plan is still exactly that diff"),
  },
  output: {
    flag: z.string(),
    keep: z.enum(['enabled', 'disabled']),
    written: z.boolean(),
    edited: z.array(z.string()),
    deleted: z.array(z.string()),
    manual: z.array(manualRow),
    commitMessage: z.string(),
    checklist: z.array(z.string()),
    next: z.array(z.string()).describe('What is left to do'),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run(context, { name, keep, digest }) {
    if (!context.allowWrite) throw new ToolError(WRITE_DISABLED);
    return context.exclusive(async () => {
      const planned = await plan(context, name, keep);
      const { output, flag } = planned;
      if (output.refused.length > 0) {
        throw new ToolError(`Refused: ${output.refused.length} file${output.refused.length === 1 ? '' : 's'} could not be rewritten without a parse error, so nothing was written. Edit ${output.refused.length === 1 ? 'it' : 'them'} by hand first, or remove the flag by hand.`, {
          refused: refusedRows(context, output),
        });
      }
      if (digest !== undefined && digest !== planned.digest) {
        throw new ToolError('Refused: the cleanup plan is no longer the one with that digest (files changed since plan_cleanup), so nothing was written. Call plan_cleanup again and review the new diff.');
      }
      if (output.changes.length + output.deletes.length === 0) throw new ToolError(`Nothing to write: no reference to '${flag}' can be rewritten automatically.`, { manual: manualRows(context, output) });
      const applied = applyCleanup(output, planned.planContext);
      const result = applied.output;
      const relative = (path: string): string => context.relativePath(path);
      if (applied.failed) {
        throw new ToolError(`Could not ${applied.notWritten[0]?.action === 'delete' ? 'delete' : 'write'} ${relative(applied.failed.path)}: ${applied.failed.reason}; stopped there. Fix the cause and call apply_cleanup again: it plans from the files as they are now.`, {
          written: applied.written.map(relative),
          deleted: applied.deleted.map(relative),
          notWritten: applied.notWritten.map((item) => ({ path: relative(item.path), action: item.action })),
        });
      }
      return {
        flag,
        keep,
        written: true,
        edited: applied.written.map(relative),
        deleted: applied.deleted.map(relative),
        manual: manualRows(context, result),
        commitMessage: result.commitMessage,
        checklist: result.checklist,
        next: [
          ...(result.manual.length > 0 ? [`Review the ${result.manual.length} place${result.manual.length === 1 ? '' : 's'} in \`manual\` by hand.`] : []),
          'Run the specs of the edited files, and lint with `paths` set to them.',
          "After the change is merged and deployed, the flag may still be set on GitLab: list_flags with filter \"extinct\" gives the delete for a person to run (no tool changes GitLab).",
        ],
      };
    });
  },
});
