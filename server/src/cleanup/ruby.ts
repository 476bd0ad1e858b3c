// Ruby files: application code, specs and QA specs share one rule set.

import { rewriteToFixpoint, type FlagNames, type RewriteResult } from './engine';
import type { Parsers } from './parsers';
import { RUBY_FLAG_RULES } from './rubyFlagRules';
import { RUBY_SIMPLIFY_RULES } from './rubySimplify';

const RULES = [...RUBY_FLAG_RULES, ...RUBY_SIMPLIFY_RULES];

export function rewriteRuby(
  text: string,
  parsers: Parsers,
  names: FlagNames,
  literals?: { on: string; off: string },
): RewriteResult {
  return rewriteToFixpoint(text, (source) => parsers.parse('ruby', source), RULES, names, literals);
}
