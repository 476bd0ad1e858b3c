// Finds flag references in Ruby source, and in the Ruby embedded in HAML and ERB views.
// The forms are the ones GitLab's rubocop cops track (domain doc §2); each is matched by a
// cheap regular expression, then its first argument is read like a tiny tokenizer would.

import type { DynamicReference, FileReference, ReferenceKind } from '../flags/model';
import { findClosing, LineMap, skipSpaces, topLevelKeys } from './sourceText';
import { Deadline, NO_DEADLINE } from './deadline';

interface FlagArgument {
  /** The static name, when the argument is a literal (or a constant we could resolve). */
  name?: string;
  /** Dynamic: the static prefix of an interpolated name, '' when unknown. */
  prefix?: string;
  start: number;
  end: number;
  /** End of the whole call's arguments, to look for `type:`. */
  argsEnd: number;
}

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
const CONSTANT_ASSIGNMENT = /(?<![\w:])([A-Z][A-Z0-9_]*)\s*=\s*(?::([a-z0-9_]+)|'([a-z0-9_]+)'|"([a-z0-9_]+)")(?![\w])\s*(?:\.freeze)?/g;

// NOTE: a paren-less call's arguments end at the newline; on a single 5 MB line every call would
// otherwise re-read the rest of the line (quadratic). findClosing uses the same bound.
const ARGUMENT_LIMIT = 4000;

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

const WITHOUT_ACTOR_COP_NAME = 'FeatureFlagWithoutActor';
const WITHOUT_ACTOR_COP = `Gitlab/${WITHOUT_ACTOR_COP_NAME}`;
const EE_IN_FOSS_COP_NAME = 'EeFeatureFlagInFoss';
const EE_IN_FOSS_COP = `Gitlab/${EE_IN_FOSS_COP_NAME}`;
const NEVER = (): boolean => false;
const DIRECTIVE = /#\s*rubocop\s*:\s*(disable|enable|todo)\b([^\n]*)/g;

/**
 * The lines on which rubocop directives disable a cop: a directive after code on its line
 * disables it on that line; one alone on its line (`# rubocop:disable X`, HAML's `-# …`) until
 * a `rubocop:enable X`, or the end of the file. `all` and the department (`Gitlab`) count too,
 * and `rubocop:todo` is a disable. Text after ` -- ` is the reason.
 */
export function copDisabled(text: string, lines: LineMap, cop: string): (line: number) => boolean {
  const department = cop.slice(0, cop.indexOf('/'));
  const ranges: [number, number][] = [];
  let openedAt: number | undefined;
  for (const match of text.matchAll(DIRECTIVE)) {
    const cops = match[2].split(' --')[0].split(/[\s,]+/);
    if (!cops.some((name) => name === cop || name === 'all' || name === department)) continue;
    const { line, character } = lines.position(match.index);
    if (match[1] === 'enable') {
      if (openedAt !== undefined) ranges.push([openedAt, line]);
      openedAt = undefined;
      continue;
    }
    const alone = /^[ \t]*-?[ \t]*$/.test(text.slice(match.index - character, match.index));
    if (!alone) ranges.push([line, line]);
    else openedAt ??= line;
  }
  if (openedAt !== undefined) ranges.push([openedAt, Infinity]);
  return ranges.length === 0 ? NEVER : (line) => ranges.some(([from, to]) => line >= from && line <= to);
}

/**
 * Does a `Feature.enabled?` call whose name ends at `from` pass an actor? That is: a second
 * argument that is not keyword options (`type: :ops`, `**options`, `{ … }`), as the cop
 * Gitlab/FeatureFlagWithoutActor reads it. A splat or a block argument counts as an actor (the
 * cop's pattern does not match those calls).
 */
function passesActor(text: string, from: number): boolean {
  let i = from;
  while (text[i] === ' ' || text[i] === '\t') i++;
  let end: number;
  const parenthesised = text[i] === '(';
  if (parenthesised) {
    const close = findClosing(text, i);
    end = close === -1 ? Math.min(text.length, i + 400) : close;
    i += 1;
  } else {
    const newline = text.indexOf('\n', i);
    end = Math.min(newline === -1 ? text.length : newline, i + ARGUMENT_LIMIT);
  }
  const comma = topLevelComma(text, i, end);
  if (comma === -1) return false;
  // Without parentheses, a trailing comma carries the arguments on to the next line.
  const second = skipSpaces(text, comma + 1, parenthesised ? end : Math.min(text.length, comma + 400));
  if (parenthesised && second >= end) return false;
  const head = text.slice(second, second + 200);
  if (head.startsWith('**') || head.startsWith('{')) return false;
  if (head.startsWith('*') || head.startsWith('&')) return true;
  return !KEYWORD_ARGUMENT.test(head);
}

// `name:` (not `Foo::Bar`), `'name':`, or a hash rocket key: the start of keyword options.
const KEYWORD_ARGUMENT = /^(?:(?:[A-Za-z_]\w*[?!]?|"[^"\n]*"|'[^'\n]*'):(?!:)|(?::[A-Za-z_]\w*[?!]?|"[^"\n]*"|'[^'\n]*'|[A-Za-z_]\w*)\s*=>)/;

/** The first comma at the top level of `from`..`to`, skipping strings, brackets and comments; -1 if none. */
function topLevelComma(text: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      i = endOfString(text, i, to);
    } else if (c === '#' && text[i + 1] !== '{') {
      const newline = text.indexOf('\n', i);
      i = newline === -1 || newline > to ? to : newline;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) return i;
  }
  return -1;
}

function endOfString(text: string, start: number, end: number): number {
  const quote = text[start];
  for (let i = start + 1; i < end; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return end;
}

interface ConstantValue {
  constantName: string;
  value: string;
  start: number;
  end: number;
}

function collectConstants(text: string, deadline: Deadline): Map<string, ConstantValue> {
  const constants = new Map<string, ConstantValue>();
  for (const match of text.matchAll(CONSTANT_ASSIGNMENT)) {
    deadline.tick();
    const value = match[2] ?? match[3] ?? match[4];
    const valueStart = match.index + match[0].indexOf(value, match[1].length);
    if (!constants.has(match[1])) constants.set(match[1], { constantName: match[1], value, start: valueStart, end: valueStart + value.length });
  }
  return constants;
}

/** Reads the first argument of a call whose name ends at `from`: `(:x`, ` :x`, `('x'`, `(CONST`. */
function readFlagArgument(text: string, from: number, constants: Map<string, ConstantValue>, used: Set<string>): FlagArgument | undefined {
  let i = from;
  while (text[i] === ' ' || text[i] === '\t') i++;
  let argsEnd: number;
  if (text[i] === '(') {
    const close = findClosing(text, i);
    argsEnd = close === -1 ? Math.min(text.length, i + 400) : close;
    i = skipSpaces(text, i + 1);
    // A comment after the parenthesis (a rubocop directive on the call's first line) is no name.
    while (text[i] === '#' && text[i + 1] !== '{' && i < argsEnd) {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? argsEnd : skipSpaces(text, newline);
    }
  } else {
    // Paren-less call: arguments run to the end of the line (bounded, see ARGUMENT_LIMIT).
    const newline = text.indexOf('\n', i);
    argsEnd = Math.min(newline === -1 ? text.length : newline, i + ARGUMENT_LIMIT);
    if (i === from) return undefined; // `Feature.enabled?` with nothing after it
  }
  return readValue(text, i, argsEnd, constants, used);
}

function readValue(text: string, start: number, argsEnd: number, constants: Map<string, ConstantValue>, used: Set<string>): FlagArgument | undefined {
  const i = skipSpaces(text, start);
  const c = text[i];
  if (c === ':' && text[i + 1] !== ':') {
    if (text[i + 1] === '"' || text[i + 1] === "'") return readString(text, i + 1, argsEnd);
    const match = /^[A-Za-z_][\w]*[?!]?/.exec(text.slice(i + 1, i + 201));
    return match ? { name: match[0], start: i + 1, end: i + 1 + match[0].length, argsEnd } : undefined;
  }
  if (c === '"' || c === "'") return readString(text, i, argsEnd);
  if (c === undefined || c === ')' || c === ',' || c === '\n') return undefined;
  const constant = /^(?:::)?[A-Z]\w*(?:::[A-Z]\w*)*/.exec(text.slice(i, i + 200));
  if (constant) {
    const constantName = constant[0].split('::').pop() ?? constant[0];
    const value = constants.get(constantName);
    if (value) {
      used.add(constantName);
      return { name: value.value, start: i, end: i + constant[0].length, argsEnd };
    }
    return { prefix: '', start: i, end: i + constant[0].length, argsEnd };
  }
  // Any other expression (a variable, a method call): dynamic, with no known prefix.
  const expression = /^[^,)\n]+/.exec(text.slice(i, Math.min(argsEnd, i + 200)));
  if (expression && /^(nil|true|false)\b/.test(expression[0])) return undefined;
  const end = i + (expression ? expression[0].trimEnd().length : 1);
  return { prefix: '', start: i, end, argsEnd };
}

function readString(text: string, quote: number, argsEnd: number): FlagArgument {
  const close = text.indexOf(text[quote], quote + 1);
  const end = close === -1 || close > quote + 300 ? quote + 1 : close;
  const content = text.slice(quote + 1, end);
  if (content.includes('#{') || !/^[\w]+$/.test(content)) {
    const expressionStart = text[quote - 1] === ':' ? quote - 1 : quote;
    return { prefix: staticPrefix(content), start: expressionStart, end: end + 1, argsEnd };
  }
  return { name: content, start: quote + 1, end, argsEnd };
}

function staticPrefix(content: string): string {
  const interpolation = content.indexOf('#{');
  const prefix = interpolation === -1 ? '' : content.slice(0, interpolation);
  return /^[a-z0-9_]*$/.test(prefix) ? prefix : '';
}

/** The `type: :beta` argument of a call, if any, searched at the top level of the arguments. */
function findTypeArgument(text: string, from: number, argsEnd: number): string | undefined {
  if (argsEnd <= from) return undefined;
  const match = /(?<![\w:])type:\s*:(\w+)/.exec(text.slice(from, argsEnd));
  return match ? match[1] : undefined;
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
