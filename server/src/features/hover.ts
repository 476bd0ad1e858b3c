// The flag card shown on hover: what the flag is, where it is used, whether it is stale, and
// (from the gitlab/ layer, passed in) its state on every environment.

import type { FlagDefinition } from '../flags/definition';
import type { ReferenceKind } from '../flags/model';
import type { FlagIndex } from '../index/flagIndex';
import { stalenessOfDefinition } from './problems';
import type { LiveStateSource } from './liveState';
import { pathToUri } from './uris';
import { isValidFlagName } from '../flags/naming';

const KIND_WORDS: Record<ReferenceKind, [string, string]> = {
  definition: ['definition', 'definitions'],
  check: ['check', 'checks'],
  push: ['push', 'pushes'],
  option: ['option', 'options'],
  toggle: ['toggle', 'toggles'],
  stub: ['stub', 'stubs'],
  matcher: ['matcher', 'matchers'],
  frontend: ['frontend', 'frontend'],
  qa: ['qa', 'qa'],
  constant: ['constant', 'constants'],
  route: ['route', 'routes'],
  gon: ['gon push', 'gon pushes'],
};

/** Text from YAML or servers is shown literally: Markdown and HTML in it must not render. */
export function escapeMarkdown(text: string): string {
  // Inline Markdown and HTML only: '.', '-' and '+' matter at the start of a line, never here.
  return text.replace(/[\\`*_[\]()#!|<>~]/g, (c) => `\\${c}`);
}

export function referenceSummary(index: FlagIndex, name: string): string {
  const found = index.references(name).filter((reference) => reference.item.kind !== 'definition');
  if (found.length === 0) return 'No references in code.';
  const counts = new Map<ReferenceKind, number>();
  let specs = 0;
  for (const reference of found) {
    if (index.file(reference.file)?.spec) specs++;
    else counts.set(reference.item.kind, (counts.get(reference.item.kind) ?? 0) + 1);
  }
  const parts = (Object.keys(KIND_WORDS) as ReferenceKind[])
    .filter((kind) => counts.has(kind))
    .map((kind) => `${counts.get(kind)} ${KIND_WORDS[kind][counts.get(kind) === 1 ? 0 : 1]}`);
  if (specs > 0) parts.push(`${specs} in specs`);
  return `${found.length} reference${found.length === 1 ? '' : 's'}: ${parts.join(' · ')}`;
}

export interface FlagCardOptions {
  currentMilestone?: string;
  /** Markdown rows for live state, from the gitlab/ layer; omitted when no environments are configured. */
  environments?: string;
  /** A client command that refreshes one flag's state, offered as a link beside the table. */
  refreshCommand?: string;
  /** Live state, to say "ready to remove" rather than "stale" when it is on everywhere. */
  liveState?: LiveStateSource;
}

export function flagCard(index: FlagIndex, name: string, options: FlagCardOptions = {}): string {
  const displayName = index.displayName(name);
  const definitions = index.definitions(name);
  const definition: FlagDefinition | undefined = definitions[0];
  const lines: string[] = [];
  if (!definition) {
    lines.push(`**\`${displayName}\`** · no YAML definition`);
  } else {
    const facts = [
      definition.type,
      definition.group ? escapeMarkdown(definition.group) : undefined,
      definition.milestone ? `milestone ${escapeMarkdown(definition.milestone)}` : undefined,
      definition.defaultEnabled === undefined ? undefined : definition.defaultEnabled ? 'default on' : 'default off',
    ].filter(Boolean);
    lines.push(`**\`${displayName}\`** · ${facts.join(' · ')}`);
    if (definition.description) lines.push('', escapeMarkdown(definition.description));
  }
  if (options.environments) lines.push('', options.environments);
  lines.push('', referenceSummary(index, name));
  const staleness = definition ? stalenessOfDefinition(index, definition, options.currentMilestone, options.liveState) : undefined;
  if (staleness) lines.push('', escapeMarkdown(staleness.summary));
  if (definitions.length > 1) lines.push('', `⚠ defined ${definitions.length} times`);
  const links: string[] = [];
  if (definition) links.push(`[Definition](${pathToUri(definition.file)}#L${definition.nameRange.start.line + 1})`);
  if (definition?.rolloutIssueUrl && isWebUrl(definition.rolloutIssueUrl)) links.push(`[Rollout issue](${definition.rolloutIssueUrl})`);
  if (definition?.featureIssueUrl && isWebUrl(definition.featureIssueUrl)) links.push(`[Feature issue](${definition.featureIssueUrl})`);
  if (definition?.introducedByUrl && isWebUrl(definition.introducedByUrl)) links.push(`[Introduced by](${definition.introducedByUrl})`);
  // NOTE: the flag name is validated before it goes into the link; only our own command is linked.
  if (options.refreshCommand && isValidFlagName(displayName)) links.push(`[Refresh](command:${options.refreshCommand}?${encodeURIComponent(JSON.stringify([displayName]))})`);
  if (links.length > 0) lines.push('', links.join(' · '));
  return lines.join('\n');
}

/** Only plain web links from YAML become links; anything else (command:, javascript:) is dropped. */
function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s()<>]+$/.test(url);
}
