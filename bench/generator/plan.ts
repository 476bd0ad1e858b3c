// Decides which forms reference each flag and in which files they go. Proportions follow a
// GitLab-like spread: every flag has a check or two, most have spec stubs, a quarter reach
// the frontend, a few are workers, routes, QA or constants.

import type { GeneratedFlag } from './flags';
import { DYNAMIC_FORMS, FORMS, FORMS_BY_ID, type Category, type Form } from './forms';
import type { PlannedFile } from './layout';
import { Random } from './random';

interface Planting {
  form: Form;
  flag: GeneratedFlag;
  other: GeneratedFlag;
}

function repeat(rng: Random, min: number, continueChance: number, max: number): number {
  let n = min;
  while (n < max && rng.chance(continueChance)) n++;
  return n;
}

function plantingsFor(rng: Random, flag: GeneratedFlag, byName: Map<string, GeneratedFlag>, defined: GeneratedFlag[]): Planting[] {
  const out: Planting[] = [];
  const other = () => {
    // Naming a prefix pair together is the hardest case for attribution.
    const longer = flag.longer ? byName.get(flag.longer) : undefined;
    return longer && rng.chance(0.7) ? longer : rng.pick(defined);
  };
  const add = (id: string) => out.push({ form: FORMS_BY_ID.get(id)!, flag, other: other() });
  const some = (weights: Record<string, number>, n: number) => {
    for (let i = 0; i < n; i++) add(rng.weighted(weights));
  };

  some(
    { check: 30, 'check-root-disabled': 15, 'check-type': 10, 'check-multiline': 8, 'check-modifier': 12, 'check-and': 8, 'check-string': 4, 'check-after-emoji': 3 },
    repeat(rng, 1, 0.55, 8),
  );
  if (rng.chance(0.75)) some({ 'stub-single': 45, 'stub-actor': 15, 'stub-multi': 25, 'stub-multiline': 15 }, repeat(rng, 1, 0.4, 5));
  if (!flag.defined) return out;
  if (rng.chance(0.12)) some({ 'haml-if': 60, 'haml-render-if': 40 }, repeat(rng, 1, 0.3, 3));
  if (rng.chance(0.28)) {
    some({ push: 60, 'push-type': 25, 'push-force': 15 }, repeat(rng, 1, 0.2, 2));
    some(
      { 'gon-features': 25, 'gon-features-optional': 20, 'window-gon-features': 10, 'gon-after-emoji': 5, 'vue-this-glfeatures': 25, 'vue-template-glfeatures': 15 },
      repeat(rng, 1, 0.5, 5),
    );
    if (rng.chance(0.7)) some({ 'jest-provide': 45, 'jest-provide-multiline': 30, 'jest-gon-features': 15, 'jest-gon-features-multiline': 10 }, repeat(rng, 1, 0.3, 3));
    if (rng.chance(0.45)) add(rng.chance(0.8) ? 'matcher' : 'matcher-multi');
  }
  if (rng.chance(0.06)) some({ 'toggle-enable': 35, 'toggle-enable-actor': 20, 'toggle-disable': 20, 'toggle-percentage': 10, 'toggle-remove': 15 }, 1);
  if (rng.chance(0.04)) some({ 'worker-data-consistency': 60, 'worker-deduplicate': 40 }, 1);
  if (rng.chance(0.015)) add('graphql-field');
  if (rng.chance(0.01)) add('limit-feature-flag');
  if (rng.chance(0.025)) add('constant');
  if (rng.chance(0.008)) add('route');
  if (rng.chance(0.05)) {
    if (rng.chance(0.6)) add('qa-metadata');
    if (rng.chance(0.7)) add('qa-runtime');
  }
  return out;
}

/** Files that may carry references: the head of each category's list, reached with a skew. */
class FilePools {
  private readonly pools = new Map<string, PlannedFile[]>();

  constructor(files: PlannedFile[]) {
    for (const file of files) {
      const key = `${file.category}:${file.ee}`;
      if (!this.pools.has(key)) this.pools.set(key, []);
      this.pools.get(key)!.push(file);
    }
    for (const [key, pool] of this.pools) {
      // Large files first: they are reached most often, as big models carry many flags.
      pool.sort((a, b) => Number(b.large) - Number(a.large));
      const share = key.startsWith('route') ? 1 : key.startsWith('qa') ? 0.6 : 0.35;
      this.pools.set(key, pool.slice(0, Math.max(1, Math.ceil(pool.length * share))));
    }
  }

  pick(rng: Random, categories: Category[], ee: boolean): PlannedFile | undefined {
    for (const preferEe of [ee, !ee]) {
      const candidates = categories.filter((c) => this.pools.has(`${c}:${preferEe}`));
      if (candidates.length === 0) continue;
      const pool = this.pools.get(`${rng.pick(candidates)}:${preferEe}`)!;
      return pool[Math.floor(pool.length * Math.pow(rng.next(), 1.6))];
    }
    return undefined;
  }
}

/** Attaches every planted piece to a file. Each form is planted at least once per tree. */
export function plantReferences(rng: Random, flags: GeneratedFlag[], files: PlannedFile[]): void {
  const pools = new FilePools(files);
  const defined = flags.filter((f) => f.defined);
  const byName = new Map(flags.map((f) => [f.name, f]));
  const plantings: Planting[] = [];
  for (const flag of flags) {
    // A few definitions are never used, as in any large codebase.
    if (flag.defined && rng.chance(0.03)) continue;
    plantings.push(...plantingsFor(rng, flag, byName, defined));
  }
  const planted = new Set(plantings.map((p) => p.form.id));
  for (const form of FORMS) {
    if (!planted.has(form.id)) plantings.push({ form, flag: rng.pick(defined), other: rng.pick(defined) });
  }
  for (const planting of plantings) {
    const file = pools.pick(rng, planting.form.categories, planting.flag.ee);
    if (!file) continue;
    file.pieces.push(...planting.form.build({ rng, flag: planting.flag, other: planting.other }));
  }
  const dynamicCount = Math.max(1, Math.round(defined.length / 150));
  for (const form of DYNAMIC_FORMS) {
    for (let i = 0; i < dynamicCount; i++) {
      const file = pools.pick(rng, form.categories, false);
      if (file) file.pieces.push(...form.build(rng));
    }
  }
}
