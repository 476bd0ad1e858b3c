// The budgets of the performance issue, as checks over the measured figures.

export interface Figures {
  rgNamesMs: number;
  rgFloorMs: number;
  coldMs: number;
  warmMs: number;
  warmEditedMs: number;
  hoverP95Ms: number;
  definitionP95Ms: number;
  referencesP95Ms: number;
  didChangeMs: number;
  peakRssBytes: number;
}

export interface BudgetCheck {
  name: string;
  value: string;
  limit: string;
  pass: boolean;
}

const MiB = 1024 * 1024;
const ms = (n: number) => `${n.toFixed(n < 100 ? 1 : 0)} ms`;
const ratio = (n: number) => `${n.toFixed(2)}×`;

export function checkBudgets(f: Figures): BudgetCheck[] {
  const relative = (name: string, value: number, base: number, baseName: string, limit: number): BudgetCheck => ({
    name: `${name} / ${baseName}`,
    value: ratio(value / base),
    limit: `≤ ${limit}×`,
    pass: value / base <= limit,
  });
  const absolute = (name: string, value: number, limit: number): BudgetCheck => ({ name, value: ms(value), limit: `≤ ${limit} ms`, pass: value <= limit });
  return [
    relative('cold index', f.coldMs, f.rgNamesMs, 'rg-names', 0.3),
    relative('cold index', f.coldMs, f.rgFloorMs, 'rg-floor', 3),
    relative('warm, nothing changed', f.warmMs, f.rgNamesMs, 'rg-names', 0.1),
    relative('warm, 1% changed', f.warmEditedMs, f.rgNamesMs, 'rg-names', 0.15),
    absolute('hover p95', f.hoverP95Ms, 5),
    absolute('definition p95', f.definitionP95Ms, 5),
    absolute('references p95', f.referencesP95Ms, 20),
    absolute('didChange → diagnostics (median)', f.didChangeMs, 30),
    { name: 'peak RSS of the server', value: `${(f.peakRssBytes / MiB).toFixed(0)} MiB`, limit: '≤ 300 MiB', pass: f.peakRssBytes <= 300 * MiB },
  ];
}
