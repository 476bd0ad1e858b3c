// Completes flag names where code names a flag: Feature.enabled?(: / disabled?(: /
// push_frontend_feature_flag(: / stub_feature_flags( in Ruby, glFeatures. / gon.features. in JS.

import { CompletionItem, CompletionItemKind } from 'vscode-languageserver-protocol';
import { camelize } from '../flags/naming';
import type { FlagIndex } from '../index/flagIndex';

const RUBY_SYMBOL_CONTEXT = /(?:Feature\s*\.\s*(?:enabled|disabled)\?|push_(?:force_)?frontend_feature_flag)\s*\(\s*:([a-z0-9_]*)$/;
const RUBY_STUB_CONTEXT = /stub_feature_flags\s*\(\s*(?:[a-z0-9_]+:\s*[^,()]+,\s*)*([a-z0-9_]*)$/;
const JS_CONTEXT = /(?:glFeatures|gon\s*(?:\?\.|\.)\s*features)\s*(?:\?\.|\.)\s*([A-Za-z0-9_$]*)$/;

/** `linePrefix` is the text of the current line up to the cursor. */
export function completion(index: FlagIndex, linePrefix: string): CompletionItem[] {
  const ruby = RUBY_SYMBOL_CONTEXT.exec(linePrefix);
  const stub = ruby ? undefined : RUBY_STUB_CONTEXT.exec(linePrefix);
  const js = ruby || stub ? undefined : JS_CONTEXT.exec(linePrefix);
  if (!ruby && !stub && !js) return [];
  const definitions = index.allDefinitions().filter((definition) => definition.name && definition.problems.length === 0);
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const definition of definitions.sort((a, b) => a.name.localeCompare(b.name))) {
    if (seen.has(definition.name)) continue;
    seen.add(definition.name);
    const label = js ? camelize(definition.name) : stub ? `${definition.name}:` : definition.name;
    items.push({
      label,
      kind: CompletionItemKind.Constant,
      detail: [definition.type, definition.group, definition.milestone && `milestone ${definition.milestone}`].filter(Boolean).join(' · '),
      ...(definition.description ? { documentation: definition.description } : {}),
      ...(js ? { filterText: label } : {}),
    });
  }
  return items;
}
