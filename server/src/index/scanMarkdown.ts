// Finds the lines of a Markdown rollout plan (an issue template, a rollout issue kept as a file)
// that set a flag to a percentage of time: `/chatops run feature set NAME 25 --random`, or the
// same with `gitlab-flags set`. Chatops refuses `--random` since gitlab-org/gitlab#425428 unless
// told to ignore the deprecation; see features/problems.ts for the problem it becomes.

import type { TimeRollout } from '../flags/model';
import type { LineMap } from './sourceText';

// `--random` as a switch of its own: not `--random-x`, not inside `--ignore-random-deprecation-check`.
const RANDOM_SWITCH = /(?<![\w-])--random(?![\w-])/g;
// The command on the same line before the switch, and the flag it names (a placeholder is none).
const SET_COMMAND = /(?:\bfeature|\bgitlab-flags)\s+set\s+(?:--\S+\s+)*([a-z0-9_]+(?![\w<>-]))?/g;

export function scanMarkdown(text: string, lines: LineMap): TimeRollout[] {
  const found: TimeRollout[] = [];
  for (const match of text.matchAll(RANDOM_SWITCH)) {
    const { line, character } = lines.position(match.index);
    const lineText = text.slice(match.index - character, match.index);
    let command: RegExpExecArray | undefined;
    for (const candidate of lineText.matchAll(SET_COMMAND)) command = candidate as RegExpExecArray;
    if (!command) continue;
    const flag = command[1];
    found.push({ range: { start: { line, character }, end: { line, character: character + match[0].length } }, ...(flag ? { flag } : {}) });
  }
  return found;
}
