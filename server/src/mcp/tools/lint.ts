// lint: the problems `gitlab-flags lint --json` reports, for the whole root or some paths.

import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { z } from 'zod';
import { problemsForFile } from '../../features/problems';
import { liveStatesFrom } from '../../features/liveState';
import { ToolError } from '../context';
import { defineTool } from '../tool';
import { problemRow, problemRowOf, type ProblemRow } from '../rows';
import { NO_ENVIRONMENTS, STATE_WAIT_MS } from '../liveState';

export const lint = defineTool({
  name: 'lint',
  title: 'Lint feature flags',
  description:
    'The feature-flag problems of the repository, exactly as `gitlab-flags lint --json` reports them: undefined flags, unused and invalid ' +
    'YAML definitions (validated as GitLab does), type: mismatches, dynamic flag names, frontend reads of flags no controller pushes, ' +
    'stale flags. Each row has a 1-based `location`. Give `paths` (files or directories, relative to the root) to see only problems in them, ' +
    'e.g. after editing files.',
  input: {
    paths: z.array(z.string().min(1)).max(1000).optional().describe('Files or directories relative to the root; omit for the whole root'),
    currentMilestone: z.string().regex(/^\d+\.\d+$/).optional().describe('Measure staleness against this milestone, e.g. 17.10 (default: the newest among the definitions)'),
    live: z.boolean().optional().describe("Read live state (GET requests only) to tell flags on in every environment ('ready-to-remove') from stale ones, as `lint --live` does"),
  },
  output: {
    problems: z.array(problemRow),
    errors: z.number().int(),
    warnings: z.number().int(),
    information: z.number().int(),
    hints: z.number().int(),
    total: z.number().int(),
    environmentWarnings: z.array(z.string()).optional().describe('live: environments that could not be read (the definitions alone decide for them)'),
    currentMilestone: z.string().optional(),
  },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(context, { paths, currentMilestone: milestone, live }) {
    const { index } = await context.index();
    const wanted = (paths ?? []).map((path) => {
      const absolute = context.resolveInside(path);
      if (!existsSync(absolute)) throw new ToolError(`${path}: no such file or directory under ${context.root}.`);
      return absolute;
    });
    const included = (file: string): boolean => wanted.length === 0 || wanted.some((path) => file === path || file.startsWith(path.endsWith(sep) ? path : path + sep));
    const currentMilestone = milestone ?? context.currentMilestone();
    const environmentWarnings: string[] = [];
    let liveState;
    if (live) {
      if (context.environments.length === 0) throw new ToolError(`live needs live state. ${NO_ENVIRONMENTS}`);
      for (const [environment, { error }] of Object.entries(await context.gitlab.persisted(STATE_WAIT_MS))) {
        if (error !== undefined) environmentWarnings.push(`${environment}: ${error}`);
      }
      liveState = liveStatesFrom(context.gitlab);
    }
    const problems: ProblemRow[] = [];
    // NOTE: the same walk as commands/lint.ts, so the rows are the CLI's, in its order.
    for (const path of [...index.paths()].sort()) {
      if (!included(path)) continue;
      for (const problem of problemsForFile({ index, currentMilestone, liveState }, path)) problems.push(problemRowOf(context, problem));
    }
    const count = (severity: string): number => problems.filter((problem) => problem.severity === severity).length;
    return {
      problems,
      errors: count('error'),
      warnings: count('warning'),
      information: count('information'),
      hints: count('hint'),
      total: problems.length,
      ...(live ? { environmentWarnings } : {}),
      ...(currentMilestone ? { currentMilestone } : {}),
    };
  },
});
