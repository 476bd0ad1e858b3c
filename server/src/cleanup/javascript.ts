// JavaScript/TypeScript sources and Jest specs.

import { rewriteToFixpoint, type FlagNames, type RewriteResult } from './engine';
import { jsFlagRules, type JsOptions } from './jsFlagRules';
import { jsSimplifyRules } from './jsSimplify';
import type { GrammarName, Parsers } from './parsers';

export function grammarForPath(path: string): GrammarName {
  if (path.endsWith('.tsx')) return 'tsx';
  if (path.endsWith('.ts') || path.endsWith('.mts') || path.endsWith('.cts')) return 'typescript';
  return 'javascript';
}

export function rewriteJs(
  text: string,
  grammar: GrammarName,
  parsers: Parsers,
  names: FlagNames,
  options: JsOptions = { template: false, aliases: new Set() },
  literals?: { on: string; off: string },
): RewriteResult {
  const rules = [...jsFlagRules(options), ...jsSimplifyRules(options)];
  return rewriteToFixpoint(text, (source) => parsers.parse(grammar, source), rules, names, literals);
}
