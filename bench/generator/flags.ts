// The flags of a generated tree: names (with prefix pairs such as `foo` and `foo_bar`, and
// digit words that make camelize lossy), types in GitLab's proportions, and YAML definitions.

import { camelize, flagKey, isValidFlagName } from '../../server/src/flags/naming';
import { Random } from './random';
import { DIGIT_WORDS, GROUPS, SENTENCES, WORDS } from './words';

export interface GeneratedFlag {
  name: string;
  camel: string;
  type: string;
  ee: boolean;
  defined: boolean;
  /** Another flag whose name starts with this one's name plus `_`, if any. */
  longer?: string;
}

// Roughly the shares of types among GitLab's definitions.
const TYPE_WEIGHTS = {
  gitlab_com_derisk: 30,
  beta: 19,
  wip: 15,
  ops: 12,
  development: 22,
  experiment: 2,
} as const;

export function generateFlags(rng: Random, definedCount: number): GeneratedFlag[] {
  const flags: GeneratedFlag[] = [];
  const keys = new Set<string>();
  const add = (name: string, ee: boolean, defined: boolean): GeneratedFlag | undefined => {
    if (!isValidFlagName(name) || keys.has(flagKey(name))) return undefined;
    keys.add(flagKey(name));
    const flag: GeneratedFlag = { name, camel: camelize(name), type: rng.weighted(TYPE_WEIGHTS), ee, defined };
    flags.push(flag);
    return flag;
  };
  while (flags.length < definedCount) {
    const wordCount = rng.weighted({ 2: 20, 3: 40, 4: 30, 5: 10 });
    const words: string[] = [];
    for (let i = 0; i < Number(wordCount); i++) {
      // Ruby symbols and hash keys cannot start with a digit, so digit words never come first.
      words.push(i > 0 && rng.chance(0.05) ? rng.pick(DIGIT_WORDS) : rng.pick(WORDS));
    }
    const ee = rng.chance(0.3);
    const flag = add(words.join('_'), ee, true);
    // Prefix pairs: an index that matches `foo` inside `foo_bar` attributes references wrongly.
    if (flag && flags.length < definedCount && rng.chance(0.06)) {
      const longer = add(`${flag.name}_${rng.pick(WORDS)}`, ee, true);
      if (longer) flag.longer = longer.name;
    }
  }
  // A few names used in code with no YAML, as GitLab has for some ops and worker flags.
  const undefinedCount = Math.max(1, Math.round(definedCount * 0.015));
  for (let made = 0; made < undefinedCount; ) {
    if (add(`${rng.pick(WORDS)}_${rng.pick(WORDS)}_${rng.pick(WORDS)}_override`, false, false)) made++;
  }
  return flags;
}

export function definitionPath(flag: GeneratedFlag): string {
  return `${flag.ee ? 'ee/' : ''}config/feature_flags/${flag.type}/${flag.name}.yml`;
}

/** The YAML text in GitLab's field order; the name is always on line 1 after `name: `. */
export function definitionYaml(rng: Random, flag: GeneratedFlag, all: GeneratedFlag[]): string {
  const issue = rng.int(100000, 599999);
  const lines = ['---', `name: ${flag.name}`];
  if (rng.chance(0.7)) {
    // NOTE: a description naming another flag is prose, not a definition of that flag.
    const other = rng.chance(0.2) ? rng.pick(all).name : undefined;
    lines.push(`description: ${other ? `Replaces the check behind ${other} for groups` : rng.pick(SENTENCES)}`);
  }
  lines.push(
    `feature_issue_url: https://gitlab.com/gitlab-org/gitlab/-/issues/${issue}`,
    `introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/${rng.int(100000, 199999)}`,
    `rollout_issue_url: https://gitlab.com/gitlab-org/gitlab/-/issues/${issue + rng.int(1, 900)}`,
    `milestone: '${rng.int(15, 18)}.${rng.int(0, 11)}'`,
    `group: ${rng.pick(GROUPS)}`,
    `type: ${flag.type}`,
    `default_enabled: ${flag.type === 'beta' || flag.type === 'ops' ? rng.chance(0.3) : false}`,
  );
  return lines.join('\n') + '\n';
}
