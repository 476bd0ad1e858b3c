// Reads one YAML definition file and checks it the way GitLab's Feature::Definition does,
// keeping the position of each key so problems land on the offending key.

import { isMap, isScalar, LineCounter, Scalar } from 'yaml';
import { definitionTooLarge, parseBoundedYaml } from './boundedYaml';
import type { Problem, Range } from './model';
import { FLAG_TYPES, isKnownType } from './flagTypes';
import { isValidFlagName } from './naming';
import { readFlatYaml } from './flatYaml';
import { parseDefinitionPath } from './definitionPath';

export { parseDefinitionPath, type DefinitionPath } from './definitionPath';

export interface FlagDefinition {
  /** Absolute path of the YAML file. */
  file: string;
  name: string;
  /** Range of the name's value (the flag token), or of the document start when `name` is missing. */
  nameRange: Range;
  type?: string;
  group?: string;
  milestone?: string;
  description?: string;
  defaultEnabled?: boolean;
  featureIssueUrl?: string;
  introducedByUrl?: string;
  rolloutIssueUrl?: string;
  logStateChanges?: boolean;
  intendedToRolloutBy?: string;
  /** Range of each top-level key, for diagnostics and edits. */
  keyRanges: Record<string, Range>;
  /** Range of each top-level value. */
  valueRanges: Record<string, Range>;
  problems: Problem[];
}


/**
 * User text inside a one-line message: control characters escaped (a block scalar name holds a
 * newline), and long values shortened so a hostile file cannot flood the Problems view.
 */
function shown(text: string, max = 60): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  const escaped = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (character) => named[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Parses a definition. Never throws: malformed YAML becomes a problem. `relativePath` is only
 * used to check the file and directory names.
 */
export function parseDefinition(file: string, text: string, relativePath: string = file, options: { fullParser?: boolean } = {}): FlagDefinition {
  const lineCounter = new LineCounter();
  const location = parseDefinitionPath(relativePath);
  const definition: FlagDefinition = {
    file,
    name: location?.baseName ?? '',
    nameRange: ZERO,
    keyRanges: {},
    valueRanges: {},
    problems: [],
  };
  const problem = (message: string, range: Range = ZERO): void => {
    definition.problems.push({ kind: 'invalid-definition', severity: 'error', message, file, range, flag: definition.name || undefined });
  };
  const toRange = (offsets: readonly [number, number, number?] | undefined): Range => {
    if (!offsets) return ZERO;
    const start = lineCounter.linePos(offsets[0]);
    const end = lineCounter.linePos(offsets[1]);
    return { start: { line: start.line - 1, character: start.col - 1 }, end: { line: end.line - 1, character: end.col - 1 } };
  };

  const values: Record<string, unknown> = {};
  // The text of plain scalars as written: `milestone: 17.10` is the number 17.1 to YAML, and a
  // message must quote what the user wrote, not what it resolved to.
  const sources: Record<string, string> = {};
  // A text over the size bound goes to the bounded parser, which names the first bound crossed.
  const flat = options.fullParser || definitionTooLarge(text) ? undefined : readFlatYaml(text);
  if (flat) {
    for (const entry of flat) {
      values[entry.key] = entry.value;
      sources[entry.key] = entry.source;
      definition.keyRanges[entry.key] = entry.keyRange;
      definition.valueRanges[entry.key] = entry.valueRange;
    }
  } else {
    // NOTE: values are read from nodes and never converted with toJS, so aliases are never expanded.
    // Nesting and size are bounded before `yaml` builds anything (see boundedYaml.ts).
    const parsed = parseBoundedYaml(text, { lineCounter, uniqueKeys: false });
    if (parsed.refused) {
      problem(parsed.refused.message, parsed.refused.offset === 0 ? ZERO : toRange([parsed.refused.offset, parsed.refused.offset + 1]));
      return definition;
    }
    const document = parsed.document;
    if (document.errors.length > 0) {
      const error = document.errors[0];
      problem(`Malformed YAML: ${error.message.split('\n')[0]}`, toRange(error.pos));
      return definition;
    }
    const contents = document.contents;
    if (!isMap(contents)) {
      problem('A flag definition must be a YAML mapping of keys such as name, type and default_enabled.');
      return definition;
    }
    for (const pair of contents.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      definition.keyRanges[key] = toRange(pair.key.range ?? undefined);
      const valueNode = pair.value;
      if (isScalar(valueNode)) {
        definition.valueRanges[key] = toRange(valueNode.range ?? undefined);
        values[key] = (valueNode as Scalar).value;
        if (typeof (valueNode as Scalar).source === 'string') sources[key] = (valueNode as Scalar).source as string;
      } else if (valueNode) {
        definition.valueRanges[key] = toRange((valueNode as { range?: [number, number, number] }).range);
        values[key] = valueNode;
      } else {
        values[key] = null;
      }
    }
  }

  const keyOrValue = (key: string): Range => definition.valueRanges[key] ?? definition.keyRanges[key] ?? ZERO;
  const stringField = (key: string): string | undefined => (typeof values[key] === 'string' ? (values[key] as string) : undefined);

  const name = values.name;
  if (typeof name === 'string') {
    definition.name = name;
    definition.nameRange = keyOrValue('name');
    if (!isValidFlagName(name)) problem(`Invalid flag name '${shown(name)}': use lower-case words separated by single underscores.`, keyOrValue('name'));
    if (location && location.baseName !== name) problem(`The file is named '${location.baseName}.yml' but defines '${shown(name)}'; they must match.`, keyOrValue('name'));
  } else {
    problem(name === undefined ? "Missing 'name'." : "'name' must be a string.", definition.keyRanges.name ?? ZERO);
  }

  const type = values.type;
  if (typeof type === 'string') {
    definition.type = type;
    if (!isKnownType(type)) {
      problem(`Unknown type '${shown(type)}'; expected one of ${Object.keys(FLAG_TYPES).join(', ')}.`, keyOrValue('type'));
    } else if (location && location.type !== type) {
      problem(`The definition is in '${location.type}/' but its type is '${shown(type)}'; move it to '${shown(type)}/' or fix the type.`, keyOrValue('type'));
    }
  } else {
    problem(type === undefined ? "Missing 'type'." : "'type' must be a string.", definition.keyRanges.type ?? ZERO);
  }

  const defaultEnabled = values.default_enabled;
  if (typeof defaultEnabled === 'boolean') {
    definition.defaultEnabled = defaultEnabled;
    if (defaultEnabled && definition.type && isKnownType(definition.type) && !FLAG_TYPES[definition.type].mayBeDefaultEnabled) {
      problem(`A '${definition.type}' flag may not be default_enabled: true.`, keyOrValue('default_enabled'));
    }
  } else if (defaultEnabled === undefined) {
    problem("Missing 'default_enabled'.", definition.keyRanges.name ?? ZERO);
  } else {
    problem("'default_enabled' must be true or false.", keyOrValue('default_enabled'));
  }

  const milestone = values.milestone;
  if (typeof milestone === 'string') definition.milestone = milestone;
  else if (milestone !== undefined && milestone !== null) {
    const written = sources.milestone ?? String(milestone);
    problem(`'milestone' must be a string: write '${shown(written, 20)}' in quotes.`, keyOrValue('milestone'));
  }

  if (values.log_state_changes !== undefined && values.log_state_changes !== null && typeof values.log_state_changes !== 'boolean') {
    problem("'log_state_changes' must be true or false.", keyOrValue('log_state_changes'));
  } else if (typeof values.log_state_changes === 'boolean') {
    definition.logStateChanges = values.log_state_changes;
  }

  definition.group = stringField('group');
  definition.description = stringField('description');
  definition.featureIssueUrl = stringField('feature_issue_url');
  definition.introducedByUrl = stringField('introduced_by_url');
  definition.rolloutIssueUrl = stringField('rollout_issue_url');
  definition.intendedToRolloutBy = stringField('intended_to_rollout_by');
  return definition;
}
