// Which files the tree has: paths in GitLab's layout, a category per file, and a size drawn
// from a skewed distribution (most files small, a few of 2,000+ lines).

import type { Filler } from './filler';
import type { FileCategory, FileSpec } from './files';
import { Random } from './random';

// Share of the non-definition files, roughly GitLab's mix.
const SHARES: Record<Exclude<FileCategory, 'route'>, number> = {
  ruby: 0.17,
  model: 0.02,
  graphql: 0.02,
  controller: 0.015,
  worker: 0.015,
  spec: 0.25,
  controllerSpec: 0.02,
  haml: 0.05,
  js: 0.12,
  vue: 0.06,
  jest: 0.07,
  qa: 0.02,
  migration: 0.05,
  docs: 0.04,
  scss: 0.02,
  config: 0.025,
  binary: 0.005,
};

const HAS_EE = new Set<FileCategory>(['ruby', 'model', 'graphql', 'controller', 'worker', 'spec', 'controllerSpec', 'haml', 'js', 'vue', 'jest']);

// Median lines per category; the log-normal spread gives the long tail.
const MEDIAN_LINES: Record<FileCategory, number> = {
  ruby: 45, model: 70, graphql: 40, controller: 60, worker: 35, route: 40, spec: 60, controllerSpec: 80,
  haml: 20, js: 40, vue: 60, jest: 55, qa: 35, migration: 12, docs: 50, scss: 40, config: 15, binary: 0,
};

/** Categories where a few files are very large (GitLab's project.rb is 3,000+ lines). */
const CAN_BE_LARGE = new Set<FileCategory>(['ruby', 'model', 'spec', 'js']);

export interface PlannedFile extends FileSpec {
  ee: boolean;
  large: boolean;
}

function pathFor(category: FileCategory, ee: boolean, filler: Filler, rng: Random): string {
  const w = () => filler.word();
  const s = () => filler.snake();
  const p = ee ? 'ee/' : '';
  switch (category) {
    case 'ruby':
      return `${p}${rng.pick(['app/services', 'app/finders', 'app/helpers', 'app/policies', 'lib/gitlab', 'lib/api', 'app/serializers'])}/${w()}/${s()}.rb`;
    case 'model':
      return `${p}app/models/${w()}/${s()}.rb`;
    case 'graphql':
      return `${p}app/graphql/types/${w()}/${s()}_type.rb`;
    case 'controller':
      return `${p}app/controllers/${rng.pick(['projects', 'groups', 'admin'])}/${s()}_controller.rb`;
    case 'worker':
      return `${p}app/workers/${w()}/${s()}_worker.rb`;
    case 'route':
      return `config/routes/${s()}.rb`;
    case 'spec':
      return `${p}spec/${rng.pick(['services', 'models', 'lib/gitlab', 'finders', 'helpers', 'policies', 'requests/api'])}/${w()}/${s()}_spec.rb`;
    case 'controllerSpec':
      return `${p}spec/controllers/${rng.pick(['projects', 'groups'])}/${s()}_controller_spec.rb`;
    case 'haml':
      return `${p}app/views/${w()}/${w()}/_${s()}.html.haml`;
    case 'js':
      return `${p}app/assets/javascripts/${w()}/${s()}.js`;
    case 'vue':
      return `${p}app/assets/javascripts/${w()}/components/${s()}.vue`;
    case 'jest':
      return `${p}spec/frontend/${w()}/components/${s()}_spec.js`;
    case 'qa':
      return `qa/qa/specs/features/${ee ? 'ee/' : ''}browser_ui/${rng.int(1, 16)}_${w()}/${w()}/${s()}_spec.rb`;
    case 'migration':
      return `db/migrate/2024${String(rng.int(10000000, 99999999))}_add_${s()}.rb`;
    case 'docs':
      return `doc/${w()}/${s()}.md`;
    case 'scss':
      return `app/assets/stylesheets/pages/${s()}.scss`;
    case 'config':
      return `config/metrics/counts_all/2024${String(rng.int(10000000, 99999999))}_${s()}.yml`;
    case 'binary':
      return `app/assets/images/${s()}.png`;
  }
}

/** Plans `count` files; at least one of each category so tiny trees still use every form. */
export function planFiles(rng: Random, filler: Filler, count: number): PlannedFile[] {
  const categories = Object.keys(SHARES) as Exclude<FileCategory, 'route'>[];
  const counts = new Map<FileCategory, number>(categories.map((c) => [c, Math.max(1, Math.round(SHARES[c] * count))]));
  counts.set('route', Math.max(2, Math.round(count * 0.0005)));
  // Absorb rounding in the biggest category so the total is exact.
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  counts.set('spec', Math.max(1, counts.get('spec')! + count - total));

  const taken = new Set<string>();
  const files: PlannedFile[] = [];
  for (const [category, n] of counts) {
    for (let i = 0; i < n; i++) {
      // Each category keeps at least one CE file, so forms tied to CE never lack a home.
      const ee = HAS_EE.has(category) && i > 0 && rng.chance(0.3);
      let path = pathFor(category, ee, filler, rng);
      while (taken.has(path)) path = path.replace(/(\.[a-z.]+)$/, `_${rng.int(2, 99)}$1`);
      taken.add(path);
      // The first of each large-capable category is large, so every tree has one to edit.
      const large = CAN_BE_LARGE.has(category) && (i === 0 || rng.chance(0.003));
      const targetLines = large
        ? rng.int(2000, 4500)
        : Math.min(1800, Math.max(6, Math.round(rng.logNormal(MEDIAN_LINES[category], 0.9))));
      files.push({ path, category, ee, large, targetLines, pieces: [] });
    }
  }
  return files;
}
