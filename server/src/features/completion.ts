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
  const mode = js ? 'js' : stub ? 'stub' : 'ruby';
  return completionItems(index, mode);
}

type Mode = 'js' | 'stub' | 'ruby';
const memo = new WeakMap<FlagIndex, { version: number; items: Map<Mode, CompletionItem[]> }>();

/** The items only change when definitions do, so they are built once per definitions version. */
function completionItems(index: FlagIndex, mode: Mode): CompletionItem[] {
  let cached = memo.get(index);
  if (cached?.version !== index.definitionsVersion) memo.set(index, (cached = { version: index.definitionsVersion, items: new Map() }));
  let items = cached.items.get(mode);
  if (items) return items;
  const definitions = index
    .allDefinitions()
    .filter((definition) => definition.name && definition.problems.length === 0)
    .sort((a, b) => a.name.localeCompare(b.name));
  const seen = new Set<string>();
  items = [];
  for (const definition of definitions) {
    if (seen.has(definition.name)) continue;
    seen.add(definition.name);
    const label = mode === 'js' ? camelize(definition.name) : mode === 'stub' ? `${definition.name}:` : definition.name;
    items.push({
      label,
      kind: CompletionItemKind.Constant,
      detail: [definition.type, definition.group, definition.milestone && `milestone ${definition.milestone}`].filter(Boolean).join(' · '),
      ...(definition.description ? { documentation: definition.description } : {}),
    });
  }
  cached.items.set(mode, items);
  return items;
}
