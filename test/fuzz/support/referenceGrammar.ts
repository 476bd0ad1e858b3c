// A grammar of the reference forms of the domain doc (section 2) with random flag names. Each
// generated file records where it planted every name token, so a scanner can be checked for
// finding exactly those references, at exactly those positions, and nothing else.

import fc from 'fast-check';
import { camelize } from '../../../server/src/flags/naming';
import type { ReferenceKind } from '../../../server/src/flags/model';

export interface Planted {
  name: string;
  kind: ReferenceKind;
  line: number;
  character: number;
}

export interface GeneratedFile {
  path: string;
  text: string;
  planted: Planted[];
}

/** A piece of one line: literal text, or a flag name token that must be found. */
type Part = string | { name: string; kind: ReferenceKind };
/** One form: one or more lines of parts. */
type Form = Part[][];

// Flag names as GitLab writes them; words never collide with Ruby keywords the scanner treats
// as "no argument" (nil, true, false), because every word carries a digit or is long enough.
export const flagName = fc
  .array(fc.stringMatching(/^[a-z][a-z0-9]{1,7}$/), { minLength: 1, maxLength: 4 })
  .map((words) => words.join('_'))
  .filter((name) => !/^(nil|true|false)$/.test(name));

const ref = (name: string, kind: ReferenceKind): Part => ({ name, kind });

/** Ruby forms; `a` is the planted flag, `b` a second one for forms that name two. */
export function rubyForms(a: string, b: string): Form[] {
  return [
    [['Feature.enabled?(:', ref(a, 'check'), ', project)']],
    [['::Feature.disabled?(:', ref(a, 'check'), ', group, type: :beta)']],
    [["Feature.enabled?('", ref(a, 'check'), "')"]],
    [['return unless Feature.enabled?(:', ref(a, 'check'), ', current_user)']],
    [['do_work if Feature.disabled?(:', ref(a, 'check'), ')']],
    [['Feature.enabled?(:', ref(a, 'check'), ') && Feature.disabled?(:', ref(b, 'check'), ', project)']],
    [['Feature.enabled?('], ['  :', ref(a, 'check'), ','], ['  project,'], ['  type: :wip'], [')']],
    [['push_frontend_feature_flag(:', ref(a, 'push'), ', project)']],
    [['push_force_frontend_feature_flag(:', ref(a, 'push'), ', project.licensed?)']],
    [['data_consistency :delayed, feature_flag: :', ref(a, 'option')]],
    [['deduplicate :until_executed, feature_flag: :', ref(a, 'option')]],
    [['self.limit_feature_flag = :', ref(a, 'option')]],
    [['Feature.enable(:', ref(a, 'toggle'), ')']],
    [['Feature.enable_percentage_of_actors(:', ref(a, 'toggle'), ', 25)']],
    [['Feature.remove(:', ref(a, 'toggle'), ')']],
    [['stub_feature_flags(', ref(a, 'stub'), ': false)']],
    [['stub_feature_flags(', ref(a, 'stub'), ': true, ', ref(b, 'stub'), ': false)']],
    [['stub_feature_flags('], ['  ', ref(a, 'stub'), ': project,'], ['  ', ref(b, 'stub'), ': false'], [')']],
    [['constraints(::Constraints::FeatureConstrainer.new(:', ref(a, 'route'), ')) do']],
    [["it 'works', feature_flag: { name: '", ref(a, 'qa'), "', scope: :project } do"]],
    [['Runtime::Feature.enable(:', ref(a, 'qa'), ', project: project)']],
    [['expect(response).to have_pushed_frontend_feature_flags(', ref(camelize(a), 'matcher'), ': true)']],
    [['field :title, GraphQL::Types::String, feature_flag: :', ref(a, 'option')]],
  ];
}

export function hamlForms(a: string): Form[] {
  return [
    [['- if Feature.enabled?(:', ref(a, 'check'), ', @project)']],
    [["= render 'shared/panel' if ::Feature.enabled?(:", ref(a, 'check'), ', current_user)']],
  ];
}

export function jsForms(a: string, b: string): Form[] {
  const ca = camelize(a);
  const cb = camelize(b);
  return [
    [['const on = gon.features.', ref(ca, 'frontend'), ';']],
    [['if (gon.features?.', ref(ca, 'frontend'), ') { start(); }']],
    [['const on = window.gon?.features?.', ref(ca, 'frontend'), ' ?? false;']],
    [['return this.glFeatures.', ref(ca, 'frontend'), ' && this.ready;']],
    [["const on = gon.features['", ref(ca, 'frontend'), "'];"]],
    [['provide: { glFeatures: { ', ref(ca, 'stub'), ': true, ', ref(cb, 'stub'), ': false } },']],
    [['gon.features = { ', ref(ca, 'stub'), ': true };']],
  ];
}

// Lines that hold no reference (no "eature" at all), with the punctuation scanners must skip.
const RUBY_FILLER = ['x = 1', 'def call', 'end', '# a comment: (not closed', 'puts "hello (world"', "label = 'it''s'", 'items.map { |i| i * 2 }', 'hash = { a: 1, b: [2, 3] }', ''];
const JS_FILLER = ['let x = 1;', 'function f(a, b) {', '}', '// comment with { brace', 'const s = "a ( b";', 'const t = `tpl ${x}`;', 'const o = { a: [1, 2], b: { c: 3 } };', ''];

/** Renders forms between filler lines; records the position of every planted token. */
function render(path: string, forms: Form[], filler: string[], picks: number[], indent: string[], eol: string): GeneratedFile {
  const lines: string[] = [];
  const planted: Planted[] = [];
  forms.forEach((form, index) => {
    lines.push(filler[picks[index] % filler.length]);
    for (const partsOfLine of form) {
      let line = indent[index % indent.length];
      for (const part of partsOfLine) {
        if (typeof part === 'string') line += part;
        else {
          planted.push({ name: part.name, kind: part.kind, line: lines.length, character: line.length });
          line += part.name;
        }
      }
      lines.push(line);
    }
  });
  lines.push(filler[picks.length % filler.length]);
  return { path, text: lines.join(eol) + eol, planted };
}

const pickedForms = (all: (a: string, b: string) => Form[]) =>
  fc.array(fc.tuple(flagName, flagName, fc.nat()), { minLength: 1, maxLength: 12 }).map((choices) =>
    choices.map(([a, b, which]) => {
      const forms = all(a, b === a ? `${b}_x2` : b);
      return forms[which % forms.length];
    }),
  );

const layout = fc.record({
  picks: fc.array(fc.nat(), { minLength: 13, maxLength: 13 }),
  indent: fc.array(fc.constantFrom('', '  ', '    ', '\t'), { minLength: 1, maxLength: 3 }),
  eol: fc.constantFrom('\n', '\r\n'),
});

export const rubyFile: fc.Arbitrary<GeneratedFile> = fc
  .tuple(pickedForms(rubyForms), layout, fc.constantFrom('app/models/thing.rb', 'spec/models/thing_spec.rb', 'lib/tasks/x.rake', 'qa/specs/x_spec.rb'))
  .map(([forms, { picks, indent, eol }, path]) => render(path, forms, RUBY_FILLER, picks, indent, eol));

export const hamlFile: fc.Arbitrary<GeneratedFile> = fc
  .tuple(pickedForms((a) => hamlForms(a)), layout)
  .map(([forms, { picks, eol }]) => render('app/views/x/show.html.haml', forms, ['%div', '.panel', '  %span= @title', '-# comment'], picks, [''], eol));

export const jsFile: fc.Arbitrary<GeneratedFile> = fc
  .tuple(pickedForms(jsForms), layout, fc.constantFrom('app/assets/javascripts/a.js', 'app/assets/javascripts/b.ts', 'spec/frontend/c_spec.js', 'app/assets/javascripts/d.vue'))
  .map(([forms, { picks, indent, eol }, path]) => render(path, forms, JS_FILLER, picks, indent, eol));
