// Every reference form of the domain doc (section 2) as a snippet builder. Each form says
// which kind of file it belongs in and where in that file (placement); the file renderers in
// files.ts put the pieces there. The name tokens are marked so positions come out exact.

import type { ReferenceKind } from '../../server/src/flags/model';
import type { GeneratedFlag } from './flags';
import { Random } from './random';
import type { Line, Part, RefPart } from './render';
import { ACTORS } from './words';

export type Category =
  | 'ruby'
  | 'model'
  | 'graphql'
  | 'controller'
  | 'worker'
  | 'route'
  | 'spec'
  | 'controllerSpec'
  | 'haml'
  | 'js'
  | 'vue'
  | 'jest'
  | 'qa';

/** Where a piece goes: a class body or describe block header, a method/it/before body, a template, Jest mount options, QA metadata. */
export type Placement = 'header' | 'statement' | 'template' | 'provide' | 'meta';

export interface Piece {
  placement: Placement;
  lines: Line[];
}

export interface FormContext {
  rng: Random;
  flag: GeneratedFlag;
  /** A second flag for forms that name two (multi stubs, Jest provide). */
  other: GeneratedFlag;
}

export interface Form {
  id: string;
  kind: ReferenceKind;
  categories: Category[];
  build(ctx: FormContext): Piece[];
  /** Forms that spell the camelCase name can only be planted for defined flags. */
  camel?: boolean;
}

const ref = (flag: GeneratedFlag, kind: ReferenceKind, form: string): RefPart => ({ ref: flag.name, kind, form });
const camelRef = (flag: GeneratedFlag, kind: ReferenceKind, form: string): RefPart => ({
  ref: flag.name,
  text: flag.camel,
  kind,
  form,
});
const stmt = (...lines: Line[]): Piece[] => [{ placement: 'statement', lines }];
const header = (...lines: Line[]): Piece[] => [{ placement: 'header', lines }];

function actor(rng: Random): string {
  return rng.pick(ACTORS);
}

function typeArg(flag: GeneratedFlag): string {
  return `type: :${flag.type}`;
}

function check(id: string, build: (ctx: FormContext, name: Part) => Line[], categories: Category[] = ['ruby', 'model', 'controller', 'graphql']): Form {
  return { id, kind: 'check', categories, build: (ctx) => stmt(...build(ctx, ref(ctx.flag, 'check', id))) };
}

export const FORMS: Form[] = [
  check('check', ({ rng }, name) => [['return unless Feature.enabled?(:', name, `, ${actor(rng)})`]]),
  check('check-root-disabled', ({ rng }, name) => [['return [] if ::Feature.disabled?(:', name, `, ${actor(rng)})`]]),
  check('check-type', ({ rng, flag }, name) => [
    ['if Feature.enabled?(:', name, `, ${actor(rng)}, ${typeArg(flag)})`],
    ['  execute_with_new_strategy'],
    ['else'],
    ['  execute_with_old_strategy'],
    ['end'],
  ]),
  check('check-multiline', ({ rng, flag }, name) => [
    ['enabled = ::Feature.enabled?('],
    ['  :', name, ','],
    [`  ${actor(rng)},`],
    [`  ${typeArg(flag)}`],
    [')'],
  ]),
  check('check-modifier', (_ctx, name) => [['refresh_cache! if Feature.enabled?(:', name, ', project)']]),
  check('check-and', (_ctx, name) => [['Feature.enabled?(:', name, ', project) && project.repository_exists?']]),
  check('check-string', ({ rng }, name) => [["return unless Feature.enabled?('", name, `', ${actor(rng)})`]]),
  // Non-ASCII before the name: UTF-16 columns differ from byte columns here.
  check('check-after-emoji', (_ctx, name) => [["log_info('Prüfung 🚀 läuft') if ::Feature.enabled?(:", name, ', current_user)']]),
  check('haml-if', (_ctx, name) => [['- if Feature.enabled?(:', name, ', @project)'], ["  = render 'shared/new_banner'"]], ['haml']),
  check('haml-render-if', (_ctx, name) => [["= render 'projects/settings' if ::Feature.enabled?(:", name, ', current_user)']], ['haml']),
  {
    id: 'push',
    kind: 'push',
    categories: ['controller'],
    build: ({ flag }) => header(['before_action do'], ['  push_frontend_feature_flag(:', ref(flag, 'push', 'push'), ', project)'], ['end']),
  },
  {
    id: 'push-type',
    kind: 'push',
    categories: ['controller'],
    build: ({ flag }) =>
      header(['before_action do'], ['  push_frontend_feature_flag(:', ref(flag, 'push', 'push-type'), `, group, ${typeArg(flag)})`], ['end']),
  },
  {
    id: 'push-force',
    kind: 'push',
    categories: ['controller'],
    build: ({ flag }) =>
      header(
        ['before_action only: [:show] do'],
        ['  push_force_frontend_feature_flag(:', ref(flag, 'push', 'push-force'), ', project&.licensed_feature_available?(:code_owners))'],
        ['end'],
      ),
  },
  {
    id: 'worker-data-consistency',
    kind: 'option',
    categories: ['worker'],
    build: ({ flag }) => header(['data_consistency :delayed, feature_flag: :', ref(flag, 'option', 'worker-data-consistency')]),
  },
  {
    id: 'worker-deduplicate',
    kind: 'option',
    categories: ['worker'],
    build: ({ flag }) => header(['deduplicate :until_executed, feature_flag: :', ref(flag, 'option', 'worker-deduplicate')]),
  },
  {
    id: 'graphql-field',
    kind: 'option',
    categories: ['graphql'],
    build: ({ flag }) =>
      header(
        ['field :', `${flag.name.split('_')[0]}_count, GraphQL::Types::Int,`],
        ['  null: true,'],
        ["  description: 'Number of items. Returns null when the check is off.',"],
        ['  feature_flag: :', ref(flag, 'option', 'graphql-field')],
      ),
  },
  {
    id: 'limit-feature-flag',
    kind: 'option',
    categories: ['model'],
    build: ({ flag }) => header(['self.limit_feature_flag = :', ref(flag, 'option', 'limit-feature-flag')]),
  },
  {
    id: 'constant',
    kind: 'constant',
    categories: ['ruby', 'model'],
    build: ({ flag }) => {
      const constant = `${flag.name.toUpperCase()}_FEATURE_FLAG`;
      return [
        { placement: 'header', lines: [[`${constant} = :`, ref(flag, 'constant', 'constant')]] },
        {
          placement: 'statement',
          lines: [['return unless Feature.enabled?(', { optional: flag.name, text: constant, form: 'constant-use' }, ', project)']],
        },
      ];
    },
  },
  {
    id: 'route',
    kind: 'route',
    categories: ['route'],
    build: ({ flag }) =>
      stmt(
        ['constraints(::Constraints::FeatureConstrainer.new(:', ref(flag, 'route', 'route'), ')) do'],
        [`  resources :${flag.name.split('_')[0]}_items, only: [:index, :show]`],
        ['end'],
      ),
  },
  ...(
    [
      ['toggle-enable', (n: Part) => ['Feature.enable(:', n, ')']],
      ['toggle-enable-actor', (n: Part) => ['Feature.enable(:', n, ', project)']],
      ['toggle-disable', (n: Part) => ['Feature.disable(:', n, ')']],
      ['toggle-percentage', (n: Part) => ['Feature.enable_percentage_of_actors(:', n, ', 25)']],
      ['toggle-remove', (n: Part) => ['Feature.remove(:', n, ')']],
    ] as const
  ).map(
    ([id, line]): Form => ({ id, kind: 'toggle', categories: ['spec'], build: ({ flag }) => stmt(line(ref(flag, 'toggle', id))) }),
  ),
  {
    id: 'stub-single',
    kind: 'stub',
    categories: ['spec', 'controllerSpec'],
    build: ({ flag }) => stmt(['stub_feature_flags(', ref(flag, 'stub', 'stub-single'), ': false)']),
  },
  {
    id: 'stub-actor',
    kind: 'stub',
    categories: ['spec'],
    build: ({ flag }) => stmt(['stub_feature_flags(', ref(flag, 'stub', 'stub-actor'), ': project)']),
  },
  {
    id: 'stub-multi',
    kind: 'stub',
    categories: ['spec'],
    build: ({ flag, other }) =>
      stmt(['stub_feature_flags(', ref(flag, 'stub', 'stub-multi'), ': true, ', ref(other, 'stub', 'stub-multi'), ': false)']),
  },
  {
    id: 'stub-multiline',
    kind: 'stub',
    categories: ['spec'],
    build: ({ flag, other }) =>
      stmt(['stub_feature_flags('], ['  ', ref(flag, 'stub', 'stub-multiline'), ': false,'], ['  ', ref(other, 'stub', 'stub-multiline'), ': true'], [')']),
  },
  {
    id: 'matcher',
    kind: 'matcher',
    categories: ['controllerSpec'],
    camel: true,
    build: ({ flag }) => stmt(['expect(response).to have_pushed_frontend_feature_flags(', camelRef(flag, 'matcher', 'matcher'), ': true)']),
  },
  {
    id: 'matcher-multi',
    kind: 'matcher',
    categories: ['controllerSpec'],
    camel: true,
    build: ({ flag, other }) =>
      stmt(
        ['expect(response).to have_pushed_frontend_feature_flags('],
        ['  ', camelRef(flag, 'matcher', 'matcher-multi'), ': true,'],
        ['  ', camelRef(other, 'matcher', 'matcher-multi'), ': false'],
        [')'],
      ),
  },
  {
    id: 'qa-metadata',
    kind: 'qa',
    categories: ['qa'],
    build: ({ flag }) => [{ placement: 'meta', lines: [["feature_flag: { name: '", ref(flag, 'qa', 'qa-metadata'), "', scope: :project }"]] }],
  },
  {
    id: 'qa-runtime',
    kind: 'qa',
    categories: ['qa'],
    build: ({ flag }) => stmt(['Runtime::Feature.enable(:', ref(flag, 'qa', 'qa-runtime'), ', project: project)']),
  },
  {
    id: 'gon-features',
    kind: 'frontend',
    categories: ['js'],
    camel: true,
    build: ({ flag }) => stmt(['if (gon.features.', camelRef(flag, 'frontend', 'gon-features'), ') {'], ['  mountNewApp(el);'], ['}']),
  },
  {
    id: 'gon-features-optional',
    kind: 'frontend',
    camel: true,
    categories: ['js'],
    build: ({ flag }) => stmt(['const isEnabled = gon.features?.', camelRef(flag, 'frontend', 'gon-features-optional'), ';']),
  },
  {
    id: 'window-gon-features',
    kind: 'frontend',
    camel: true,
    categories: ['js'],
    build: ({ flag }) => stmt(['return Boolean(window.gon?.features?.', camelRef(flag, 'frontend', 'window-gon-features'), ');']),
  },
  {
    id: 'gon-after-emoji',
    kind: 'frontend',
    camel: true,
    categories: ['js'],
    build: ({ flag }) => stmt(["const badge = '✨ Nëw 🦊'; if (gon.features?.", camelRef(flag, 'frontend', 'gon-after-emoji'), ') showBadge(badge);']),
  },
  {
    id: 'vue-this-glfeatures',
    kind: 'frontend',
    camel: true,
    categories: ['vue'],
    build: ({ flag }) => stmt(['return this.glFeatures.', camelRef(flag, 'frontend', 'vue-this-glfeatures'), ' && this.isVisible;']),
  },
  {
    id: 'vue-template-glfeatures',
    kind: 'frontend',
    camel: true,
    categories: ['vue'],
    build: ({ flag }) => [
      {
        placement: 'template',
        lines: [['<gl-badge v-if="glFeatures.', camelRef(flag, 'frontend', 'vue-template-glfeatures'), `" variant="info">{{ __('New') }}</gl-badge>`]],
      },
    ],
  },
  {
    id: 'jest-provide',
    kind: 'stub',
    camel: true,
    categories: ['jest'],
    build: ({ flag, other }) => [
      {
        placement: 'provide',
        lines: [['glFeatures: { ', camelRef(flag, 'stub', 'jest-provide'), ': true, ', camelRef(other, 'stub', 'jest-provide'), ': false },']],
      },
    ],
  },
  {
    id: 'jest-provide-multiline',
    kind: 'stub',
    camel: true,
    categories: ['jest'],
    build: ({ flag, other }) => [
      {
        placement: 'provide',
        lines: [
          ['glFeatures: {'],
          ['  ', camelRef(flag, 'stub', 'jest-provide-multiline'), ': true,'],
          ['  ', camelRef(other, 'stub', 'jest-provide-multiline'), ': false,'],
          ['},'],
        ],
      },
    ],
  },
  {
    id: 'jest-gon-features-multiline',
    kind: 'stub',
    camel: true,
    categories: ['jest'],
    build: ({ flag, other }) =>
      stmt(
        ['window.gon = {'],
        ['  features: {'],
        ['    ', camelRef(flag, 'stub', 'jest-gon-features-multiline'), ': true,'],
        ['    ', camelRef(other, 'stub', 'jest-gon-features-multiline'), ': false,'],
        ['  },'],
        ['};'],
      ),
  },
  {
    id: 'jest-gon-features',
    kind: 'stub',
    camel: true,
    categories: ['jest'],
    build: ({ flag }) => stmt(['gon.features = { ', camelRef(flag, 'stub', 'jest-gon-features'), ': true };']),
  },
];

export const FORMS_BY_ID = new Map(FORMS.map((form) => [form.id, form]));

/** Names computed at run time. The span covers the whole name expression. */
export const DYNAMIC_FORMS: { id: string; categories: Category[]; build(rng: Random): Piece[] }[] = [
  {
    id: 'dynamic-interpolated-symbol',
    categories: ['worker', 'ruby'],
    build: () =>
      stmt(['return if Feature.enabled?(', { dynamic: ':"run_sidekiq_jobs_#{self.class.name}"', prefix: 'run_sidekiq_jobs_', form: 'dynamic-interpolated-symbol' }, ', type: :worker)']),
  },
  {
    id: 'dynamic-interpolated-string',
    categories: ['ruby'],
    build: (rng) => {
      const prefix = `${rng.pick(['ci', 'duo', 'geo', 'search'])}_`;
      return stmt(['Feature.enabled?(', { dynamic: `"${prefix}#{name}_enabled"`, prefix, form: 'dynamic-interpolated-string' }, ', project)']);
    },
  },
  {
    id: 'dynamic-gon-computed',
    categories: ['js'],
    build: () => stmt(['return gon.features?.[', { dynamic: 'flagName', prefix: '', form: 'dynamic-gon-computed' }, '] ?? false;']),
  },
];
