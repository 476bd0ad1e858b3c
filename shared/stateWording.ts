// Live flag state in words and symbols. Hover, the tree and the CLI all call these, so an
// environment reads the same everywhere.

import type { EnvironmentFlagState, FeatureState, Gate } from './gitlabModel';

function percent(value: number): string {
  // GitLab accepts decimals such as 12.5; whole numbers print without ".0".
  return `${Number.isInteger(value) ? value : Number(value.toFixed(4))}%`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The gates of one persisted flag in words: "on", "off", "25% of actors",
 * "on for 2 actors: Project:1, User:4", "on for feature group gitlab_team_members",
 * and partial gates joined with " · " in GitLab's gate order.
 */
export function gatesInWords(gates: readonly Gate[]): string {
  const parts: string[] = [];
  for (const gate of gates) {
    switch (gate.key) {
      case 'boolean':
        // A true boolean gate wins over everything else (Flipper ignores the other gates).
        if (gate.value) return 'on';
        break;
      case 'percentage_of_actors':
        if (gate.value >= 100) return 'on';
        if (gate.value > 0) parts.push(`${percent(gate.value)} of actors`);
        break;
      case 'percentage_of_time':
        if (gate.value >= 100) return 'on';
        if (gate.value > 0) parts.push(`${percent(gate.value)} of time (deprecated)`);
        break;
      case 'actors':
        if (gate.value.length > 0) parts.push(`on for ${plural(gate.value.length, 'actor')}: ${gate.value.join(', ')}`);
        break;
      case 'groups':
        if (gate.value.length > 0) {
          parts.push(`on for feature ${gate.value.length === 1 ? 'group' : 'groups'} ${gate.value.join(', ')}`);
        }
        break;
    }
  }
  return parts.length === 0 ? 'off' : parts.join(' · ');
}

export function featureInWords(feature: FeatureState): string {
  // GitLab's own state wins where the gates we understand disagree with it (unknown gate kinds).
  if (feature.state === 'on') return 'on';
  const words = gatesInWords(feature.gates);
  if (feature.state === 'conditional' && words === 'off') return 'partly on (by a gate this tool does not show)';
  return words;
}

/** "on", "off (default)", "on (default_enabled)", "state unknown: staging unreachable (...)". */
export function stateInWords(state: EnvironmentFlagState): string {
  switch (state.status) {
    case 'set':
      return featureInWords(state.feature);
    case 'default':
      return state.defaultEnabled ? 'on (default_enabled)' : 'off (default)';
    case 'unknown':
      return `state unknown: ${state.reason}`;
  }
}

export type StateLevel = 'on' | 'partial' | 'off' | 'unknown';

/** How much of the flag is on, independent of how it got there. */
export function stateLevel(state: EnvironmentFlagState): StateLevel {
  switch (state.status) {
    case 'default':
      return state.defaultEnabled ? 'on' : 'off';
    case 'unknown':
      return 'unknown';
    case 'set': {
      const words = featureInWords(state.feature);
      return words === 'on' ? 'on' : words === 'off' ? 'off' : 'partial';
    }
  }
}

const SYMBOLS: Record<StateLevel, string> = { on: '●', partial: '◐', off: '○', unknown: '⚠' };

/** ● on, ◐ partial, ○ off, ⚠ unknown. */
export function stateSymbol(state: EnvironmentFlagState): string {
  return SYMBOLS[stateLevel(state)];
}

/** "just now", "40 s ago", "3 min ago", "2 h ago", "5 d ago". */
export function formatAge(fetchedAt: number, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.floor((now - fetchedAt) / 1000));
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** "fetched 40 s ago", or '' when the state was never fetched. */
export function fetchedAgo(state: EnvironmentFlagState, now: number = Date.now()): string {
  return state.fetchedAt === undefined ? '' : `fetched ${formatAge(state.fetchedAt, now)}`;
}
