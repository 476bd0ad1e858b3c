// The commit message and the steps left after the code change.

import { readFileSync } from 'node:fs';
import { parseBoundedYaml } from '../flags/boundedYaml';

export interface ChangelogInput {
  flag: string;
  keep: 'enabled' | 'disabled';
  definitionFiles: string[];
  touchedPaths: string[];
  manualCount: number;
  refusedCount: number;
}

export function commitMessage(input: ChangelogInput): string {
  const { flag, keep } = input;
  const body =
    keep === 'enabled'
      ? `The feature behind ${flag} is now always on: the checks, the code and specs for the\ndisabled state, and the flag definition are removed.`
      : `The feature behind ${flag} is dropped: the code and specs that ran only with the flag\nenabled, the checks, and the flag definition are removed.`;
  const trailers = [`Changelog: ${keep === 'enabled' ? 'removed' : 'changed'}`];
  if (input.touchedPaths.some((path) => /(^|\/)ee\//.test(path))) trailers.push('EE: true');
  return `Remove the ${flag} feature flag\n\n${body}\n\n${trailers.join('\n')}\n`;
}

function rolloutIssue(definitionFiles: string[]): string | undefined {
  for (const path of definitionFiles) {
    try {
      // Bounded like every definition parse, and read from the node: no toJS, so no alias expansion.
      const { document } = parseBoundedYaml(readFileSync(path, 'utf8'));
      const url: unknown = document && document.errors.length === 0 ? document.get('rollout_issue_url') : undefined;
      if (typeof url === 'string' && url !== '') return url;
    } catch {
      // A missing or broken definition only costs the issue link in the checklist.
    }
  }
  return undefined;
}

export function checklist(input: ChangelogInput): string[] {
  const steps: string[] = [];
  if (input.refusedCount > 0) steps.push(`Clean up the ${input.refusedCount} refused file(s) by hand: the automatic rewrite would not parse.`);
  if (input.manualCount > 0) steps.push(`Review the ${input.manualCount} place(s) listed for manual review.`);
  steps.push('Run the affected specs (RSpec and Jest) before merging.');
  steps.push(
    `After the change is deployed everywhere, delete the flag on every environment: \`gitlab-flags delete ${input.flag}\` ` +
      `for each one (chatops: \`/chatops run feature delete ${input.flag} --dev --staging --staging-ref --pre --ops --production\`).`,
  );
  const issue = rolloutIssue(input.definitionFiles);
  steps.push(issue ? `Close the rollout issue: ${issue}` : 'Close the rollout issue, if the flag has one.');
  return steps;
}
