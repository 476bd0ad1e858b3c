// Finds flag references in Ruby source, and in the Ruby embedded in HAML and ERB views.
// The forms are the ones GitLab's rubocop cops track (domain doc §2); each is matched by a
// cheap regular expression, then its first argument is read like a tiny tokenizer would
// (rubyArguments.ts). What the cops read beside the name (directives, actors) is rubocopRules.ts.

import type { DynamicReference, FileReference, ReferenceKind } from '../flags/model';
import { findClosing, LineMap, skipSpaces, topLevelKeys } from './sourceText';
import { Deadline, NO_DEADLINE } from './deadline';
import { ARGUMENT_LIMIT, collectConstants, FlagArgument, findTypeArgument, readFlagArgument, readValue, staticPrefix } from './rubyArguments';
import { copDisabled, EE_IN_FOSS_COP, EE_IN_FOSS_COP_NAME, NEVER, passesActor, WITHOUT_ACTOR_COP, WITHOUT_ACTOR_COP_NAME } from './rubocopRules';

export { copDisabled } from './rubocopRules';

// Receivers whose enabled?/disabled?/push_feature_flag calls take a flag name.
const CHECK_CALL =
  /(?<![\w.])((?:::)?(?:Runtime::)?)(Feature|FeatureFlags|Gitlab::AiGateway)\s*\.\s*(enabled\?|disabled\?|push_feature_flag|enable_percentage_of_actors|enable_percentage_of_time|disable_percentage_of_actors|disable_percentage_of_time|enable|disable|remove|persisted_name\?|get)(?![\w?!])/g;
const PUSH_CALL = /(?<![\w])(?<!def )(?<!def self\.)(push_frontend_feature_flag|push_force_frontend_feature_flag)(?![\w?!])/g;
const FEATURE_FLAG_OPTION = /(?<![\w:])(feature_flag|limit_feature_flag|limit_feature_flag_for_override)(\s*:\s+|\s*=\s*|:(?=[:'"{]))/g;
const STUB_CALL = /(?<![\w.])(?<!def )(stub_feature_flags|have_pushed_frontend_feature_flags)(?![\w?!:])/g;
const CONSTRAINER = /FeatureConstrainer\s*\.\s*new\s*\(/g;
// Values pushed to gon.features without Feature.enabled?: push_to_gon_attributes(:features, :x, v)
// (what push_frontend_feature_flag calls), and gon.push({ features: { 'x' => v } }, true).
const GON_ATTRIBUTES = /(?<![\w.])(?<!def )(?<!def self\.)push_to_gon_attributes\s*\(?\s*:features\s*,/g;
const GON_PUSH = /(?<![\w.])gon\s*\.\s*push\s*\(/g;
const FEATURES_HASH = /(?:(?<![\w:])features\s*:(?!:)|:features\s*=>|(['"])features\1\s*=>)\s*\{/g;

export interface RubyScan {
  references: FileReference[];
  dynamic: DynamicReference[];
}

export function scanRuby(text: string, lines: LineMap, deadline: Deadline = NO_DEADLINE): RubyScan {
  const references: FileReference[] = [];
  const dynamic: DynamicReference[] = [];
  const constants = collectConstants(text, deadline);
  const usedConstants = new Set<string>();
  // NOTE: rubocop directives are read only in the rare file that needs them (see copDisabled).
  let withoutActorDisabled: ((line: number) => boolean) | undefined;
  let eeInFossDirectives: ((line: number) => boolean) | undefined;
  // NOTE: almost no file has such a directive; then no position is computed for it.
  const eeInFossDisabled = (offset: number): boolean => {
    eeInFossDirectives ??= text.includes(EE_IN_FOSS_COP_NAME) ? copDisabled(text, lines, EE_IN_FOSS_COP) : NEVER;
    return eeInFossDirectives !== NEVER && eeInFossDirectives(lines.position(offset).line);
  };

  const add = (kind: ReferenceKind, argument: FlagArgument, callStart = argument.start, noActor = false): void => {
    if (noActor) {
      withoutActorDisabled ??= text.includes(WITHOUT_ACTOR_COP_NAME) ? copDisabled(text, lines, WITHOUT_ACTOR_COP) : NEVER;
      if (withoutActorDisabled(lines.position(callStart).line)) noActor = false;
    }
    if (argument.name !== undefined) {
      const typeArg = findTypeArgument(text, argument.end, argument.argsEnd);
      const allowed = eeInFossDisabled(callStart);
      references.push({ name: argument.name, kind, range: lines.range(argument.start, argument.end), ...(typeArg ? { typeArg } : {}), ...(noActor ? { noActor: true } : {}), ...(allowed ? { eeInFossAllowed: true } : {}) });
    } else {
      dynamic.push({ prefix: argument.prefix ?? '', range: lines.range(argument.start, argument.end), expression: text.slice(argument.start, argument.end), ...(noActor ? { noActor: true } : {}) });
    }
  };

  for (const match of text.matchAll(CHECK_CALL)) {
    deadline.tick();
    const method = match[3];
    const argumentsStart = match.index + match[0].length;
    const argument = readFlagArgument(text, argumentsStart, constants, usedConstants);
    if (!argument) continue;
    const qa = match[1].includes('Runtime::');
    const kind: ReferenceKind = qa ? 'qa' : method === 'enabled?' || method === 'disabled?' || method === 'push_feature_flag' ? (method === 'push_feature_flag' ? 'push' : 'check') : 'toggle';
    // Gitlab/FeatureFlagWithoutActor: only `Feature` or `::Feature` (not Foo::Feature, FeatureFlags…).
    const copReceiver = kind === 'check' && match[2] === 'Feature' && (match[1] === '::' || (match[1] === '' && text[match.index - 1] !== ':'));
    add(kind, argument, match.index, copReceiver && !passesActor(text, argumentsStart));
  }

  for (const match of text.matchAll(PUSH_CALL)) {
    deadline.tick();
    const argument = readFlagArgument(text, match.index + match[0].length, constants, usedConstants);
    if (argument) add('push', argument, match.index);
  }

  // NOTE: only literal names are references; a variable here is the generic helper itself
  // (lib/gitlab/gon_helper.rb pushes `name`), not a flag name computed at run time.
  for (const match of text.matchAll(GON_ATTRIBUTES)) {
    deadline.tick();
    const argument = readValue(text, match.index + match[0].length, match.index + match[0].length + 200, constants, usedConstants);
    if (argument?.name !== undefined && /^[A-Za-z_]\w*$/.test(argument.name)) add('gon', argument);
  }

  for (const match of text.matchAll(GON_PUSH)) {
    deadline.tick();
    const open = match.index + match[0].length - 1;
    const close = findClosing(text, open);
    if (close === -1) continue;
    const inside = text.slice(open, close);
    for (const hash of inside.matchAll(FEATURES_HASH)) {
      const brace = open + hash.index + hash[0].length - 1;
      const braceEnd = findClosing(text, brace);
      if (braceEnd === -1) continue;
      for (const key of topLevelKeys(text, brace + 1, braceEnd)) {
        if (key.literal && /^[A-Za-z_]\w*$/.test(key.name)) references.push({ name: key.name, kind: 'gon', range: lines.range(key.start, key.end) });
      }
    }
  }

  for (const match of text.matchAll(FEATURE_FLAG_OPTION)) {
    deadline.tick();
    const valueStart = match.index + match[0].length;
    // A local variable called feature_flag is not an option; only limit_feature_flag takes `=`.
    if (match[1] === 'feature_flag' && match[2].includes('=')) continue;
    if (match[1] === 'feature_flag' && text[skipSpaces(text, valueStart)] === '{') {
      addQaMetadata(text, skipSpaces(text, valueStart), lines, references, dynamic);
      continue;
    }
    const argument = readValue(text, valueStart, valueStart + 200, constants, usedConstants);
    if (argument) add('option', argument);
  }

  for (const match of text.matchAll(STUB_CALL)) {
    deadline.tick();
    const kind: ReferenceKind = match[1] === 'stub_feature_flags' ? 'stub' : 'matcher';
    let open = skipSpaces(text, match.index + match[0].length);
    let close: number;
    if (text[open] === '(') {
      close = findClosing(text, open);
      if (close === -1) continue;
      open += 1;
    } else {
      // Without parentheses the hash runs to the end of the line, bounded like findClosing so a
      // minified multi-megabyte line costs the same per call as a bracketed one.
      const newline = text.indexOf('\n', open);
      close = Math.min(newline === -1 ? text.length : newline, open + ARGUMENT_LIMIT);
    }
    let from = open;
    if (text[skipSpaces(text, open)] === '{') {
      const brace = skipSpaces(text, open);
      const braceEnd = findClosing(text, brace);
      if (braceEnd !== -1) {
        from = brace + 1;
        close = braceEnd;
      }
    }
    for (const key of topLevelKeys(text, from, close)) {
      if (key.literal) references.push({ name: key.name, kind, range: lines.range(key.start, key.end) });
      else dynamic.push({ prefix: staticPrefix(key.name), range: lines.range(key.start, key.end), expression: text.slice(key.start, key.end) });
    }
  }

  for (const match of text.matchAll(CONSTRAINER)) {
    deadline.tick();
    const argument = readFlagArgument(text, match.index + match[0].length - 1, constants, usedConstants);
    if (argument) add('route', argument);
  }

  // A constant is a reference when its name says so (X_FEATURE_FLAG) or a flag call uses it.
  for (const constant of constants.values()) {
    if (constant.constantName.includes('FEATURE_FLAG') || usedConstants.has(constant.constantName)) {
      references.push({ name: constant.value, kind: 'constant', range: lines.range(constant.start, constant.end), ...(eeInFossDisabled(constant.start) ? { eeInFossAllowed: true as const } : {}) });
    }
  }
  return { references, dynamic };
}

/** QA metadata: `feature_flag: { name: 'x', scope: :project }`. */
function addQaMetadata(text: string, brace: number, lines: LineMap, references: FileReference[], dynamic: DynamicReference[]): void {
  const close = findClosing(text, brace);
  if (close === -1) return;
  const body = text.slice(brace + 1, close);
  const match = /(?<![\w])name:\s*(?::([a-z0-9_]+)|(['"])([^'"\n]*)\2)/.exec(body);
  if (!match) return;
  const value = match[1] ?? match[3];
  const start = brace + 1 + match.index + match[0].lastIndexOf(value);
  if (value.includes('#{')) {
    dynamic.push({ prefix: staticPrefix(value), range: lines.range(start, start + value.length), expression: value });
  } else {
    references.push({ name: value, kind: 'qa', range: lines.range(start, start + value.length) });
  }
}
