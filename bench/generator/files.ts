// One renderer per kind of file: each lays out a plausible file (class, spec, view, module,
// component) of about the target size and puts the planted pieces where they belong.

import type { Category, Piece } from './forms';
import type { Filler } from './filler';
import { indent, plain, type Line } from './render';

export type FileCategory = Category | 'migration' | 'docs' | 'scss' | 'config' | 'binary';

export interface FileSpec {
  path: string;
  category: FileCategory;
  targetLines: number;
  pieces: Piece[];
}

export interface LaidOutFile {
  lines: Line[];
  /** First line inside a Ruby method body, where one more statement can be inserted. */
  statementLine?: number;
  statementIndent?: string;
}

const byPlacement = (pieces: Piece[], placement: Piece['placement']) => pieces.filter((p) => p.placement === placement);

/** Spreads `pieces` among filler blocks so planted lines do not all sit at the top. */
function interleave<T>(filler: Filler, blocks: T[], count: number, make: () => T): T[] {
  const out: T[] = [];
  let remaining = [...blocks];
  for (let i = 0; i < count || remaining.length > 0; i++) {
    if (remaining.length > 0 && (i >= count || filler.word().length % 3 === 0)) {
      out.push(remaining[0]);
      remaining = remaining.slice(1);
    } else {
      out.push(make());
    }
  }
  return out;
}

function rubyClass(spec: FileSpec, filler: Filler): LaidOutFile {
  const ns = filler.pascal(1);
  const name = filler.pascal(2);
  const superclass = { controller: ' < Projects::ApplicationController', model: ' < ApplicationRecord', graphql: ' < BaseObject' }[
    spec.category as string
  ];
  const lines: Line[] = [['# frozen_string_literal: true'], [], [`module ${ns}`], [`  class ${name}${superclass ?? ''}`]];
  if (spec.category === 'worker') {
    lines.push(['    include ApplicationWorker'], [], [`    feature_category :${filler.categoryOrFlagName()}`], ['    urgency :low'], ['    idempotent!'], []);
  }
  for (const piece of byPlacement(spec.pieces, 'header')) lines.push(...indent(piece.lines, '    '), []);
  const statements = byPlacement(spec.pieces, 'statement');
  const methodCount = Math.max(1, Math.round((spec.targetLines - lines.length) / 9));
  const bodies = interleave(filler, statements.map((p) => p.lines), methodCount, () => plain(filler.ruby(filler.word().length % 6 + 2)));
  let statementLine: number | undefined;
  for (const body of bodies) {
    lines.push([`    def ${filler.snake()}(${filler.word()})`]);
    statementLine ??= lines.length;
    lines.push(...indent(plain(filler.ruby(1)), '      '), ...indent(body, '      '), ['    end'], []);
  }
  lines.pop();
  lines.push(['  end'], ['end']);
  return { lines, statementLine, statementIndent: '      ' };
}

function rspec(spec: FileSpec, filler: Filler): LaidOutFile {
  const type = spec.category === 'controllerSpec' ? ', type: :controller' : '';
  // NOTE: `stub_feature_flags: false` metadata turns stubbing off; it names no flag.
  const metadata = filler.word().length === 4 ? ', stub_feature_flags: false' : '';
  const lines: Line[] = [
    ['# frozen_string_literal: true'],
    [],
    ["require 'spec_helper'"],
    [],
    [`RSpec.describe ${filler.pascal(1)}::${filler.pascal(2)}${type}, feature_category: :${filler.categoryOrFlagName()}${metadata} do`],
    [`  let_it_be(:project) { create(:project, :repository) }`],
    [`  let_it_be(:user) { create(:user, maintainer_of: project) }`],
    [],
  ];
  const statements = byPlacement(spec.pieces, 'statement');
  const count = Math.max(1, Math.round((spec.targetLines - lines.length) / 12));
  const blocks = interleave(filler, statements.map((p) => p.lines), count, () => plain(filler.ruby(2)));
  for (const block of blocks) {
    const hook = filler.word().length % 2 === 0 ? ['before do'] : [`it 'returns the ${filler.word()}' do`];
    lines.push(
      [`  describe '#${filler.snake()}' do`],
      ['    ', ...hook],
      ...indent(block, '      '),
      ['    end'],
      [],
      [`    it '${filler.sentence().toLowerCase()}' do`],
      [`      expect(subject.${filler.snake()}).to eq(${filler.word()})`],
      ['    end'],
      ['  end'],
      [],
    );
  }
  lines.pop();
  lines.push(['end']);
  return { lines };
}

function routes(spec: FileSpec, filler: Filler): LaidOutFile {
  const lines: Line[] = [['# frozen_string_literal: true'], [], ["scope path: '-' do"]];
  const pieces = byPlacement(spec.pieces, 'statement').map((p) => p.lines);
  const blocks = interleave(filler, pieces, Math.max(1, Math.round(spec.targetLines / 3)), () => [[`resources :${filler.word()}s, only: [:index]`]]);
  for (const block of blocks) lines.push(...indent(block, '  '));
  lines.push(['end']);
  return { lines };
}

function haml(spec: FileSpec, filler: Filler): LaidOutFile {
  const lines: Line[] = [[`- page_title _('${filler.pascal(1)}')`], ['.container']];
  const pieces = spec.pieces.map((p) => p.lines);
  const blocks = interleave(filler, pieces, Math.max(1, Math.round(spec.targetLines / 3)), () => plain(filler.haml(2)));
  for (const block of blocks) lines.push(...indent(block, '  '));
  return { lines };
}

function jsModule(spec: FileSpec, filler: Filler): LaidOutFile {
  const lines: Line[] = [
    [`import { ${filler.camel()} } from '~/lib/utils/${filler.snake()}_utils';`],
    [`import ${filler.pascal()} from './components/${filler.snake()}.vue';`],
    [],
  ];
  const pieces = byPlacement(spec.pieces, 'statement').map((p) => p.lines);
  const count = Math.max(1, Math.round((spec.targetLines - 3) / 8));
  const bodies = interleave(filler, pieces, count, () => plain(filler.js(filler.word().length % 5 + 2)));
  for (const body of bodies) {
    lines.push([`export function ${filler.camel()}(el) {`], ...indent(plain(filler.js(1)), '  '), ...indent(body, '  '), ['}'], []);
  }
  return { lines };
}

function vue(spec: FileSpec, filler: Filler): LaidOutFile {
  const hasFlags = spec.pieces.length > 0 || filler.word().length === 3;
  const lines: Line[] = [['<script>'], ["import { GlBadge, GlButton } from '@gitlab/ui';"]];
  if (hasFlags) lines.push(["import glFeatureFlagsMixin from '~/vue_shared/mixins/gl_feature_flags_mixin';"]);
  lines.push([], ['export default {'], [`  name: '${filler.pascal()}',`], ['  components: { GlBadge, GlButton },']);
  if (hasFlags) lines.push(['  mixins: [glFeatureFlagsMixin()],']);
  lines.push(['  computed: {']);
  const statements = byPlacement(spec.pieces, 'statement').map((p) => p.lines);
  const scriptShare = Math.max(1, Math.round(spec.targetLines / 16));
  for (const body of interleave(filler, statements, scriptShare, () => plain(filler.js(3)))) {
    lines.push([`    ${filler.camel()}() {`], ...indent(body, '      '), ['    },']);
  }
  lines.push(['  },'], ['};'], ['</script>'], [], ['<template>'], ['  <div class="gl-flex gl-flex-col">']);
  const templates = byPlacement(spec.pieces, 'template').map((p) => p.lines);
  for (const block of interleave(filler, templates, scriptShare, () => plain(filler.vueTemplate(3)))) {
    lines.push(...indent(block, '    '));
  }
  lines.push(['  </div>'], ['</template>']);
  return { lines };
}

function jest(spec: FileSpec, filler: Filler): LaidOutFile {
  const component = filler.pascal();
  const lines: Line[] = [
    ["import { shallowMountExtended } from 'helpers/vue_test_utils_helper';"],
    [`import ${component} from '~/${filler.word()}/components/${filler.snake()}.vue';`],
    [],
    [`describe('${component}', () => {`],
    ['  let wrapper;'],
    [],
  ];
  byPlacement(spec.pieces, 'provide').forEach((piece, i) => {
    lines.push(
      [`  const createComponent${i === 0 ? '' : i} = ({ props = {} } = {}) => {`],
      [`    wrapper = shallowMountExtended(${component}, {`],
      ['      propsData: { ...props },'],
      ['      provide: {'],
      ...indent(piece.lines, '        '),
      ['      },'],
      ['    });'],
      ['  };'],
      [],
    );
  });
  const statements = byPlacement(spec.pieces, 'statement').map((p) => p.lines);
  const count = Math.max(1, Math.round((spec.targetLines - lines.length) / 6));
  for (const body of interleave(filler, statements, count, () => plain(filler.js(2)))) {
    const hook = filler.word().length % 2 === 0 ? 'beforeEach(() => {' : `it('${filler.sentence().toLowerCase()}', () => {`;
    lines.push([`  ${hook}`], ...indent(body, '    '), ['  });'], []);
  }
  lines.pop();
  lines.push(['});']);
  return { lines };
}

function qa(spec: FileSpec, filler: Filler): LaidOutFile {
  const lines: Line[] = [['# frozen_string_literal: true'], [], ['module QA'], [`  RSpec.describe '${filler.pascal(1)}', product_group: :${filler.word()} do`]];
  const metas = byPlacement(spec.pieces, 'meta');
  const statements = byPlacement(spec.pieces, 'statement').map((p) => p.lines);
  const groups = Math.max(metas.length, 1, Math.round(spec.targetLines / 14));
  for (let i = 0; i < groups; i++) {
    const meta = metas[i];
    const describe: Line = meta ? ["    describe '", filler.sentence(), "', ", ...meta.lines[0], ' do'] : [`    describe '${filler.sentence()}' do`];
    lines.push(describe, [`      let(:project) { create(:project, name: '${filler.word()}-${filler.word()}') }`], [], ['      before do']);
    const take = i === groups - 1 ? statements.splice(0) : statements.splice(0, 1);
    for (const body of take) lines.push(...indent(body, '        '));
    lines.push(
      ['        Flow::Login.sign_in'],
      ['      end'],
      [],
      [`      it '${filler.sentence().toLowerCase()}', testcase: 'https://gitlab.com/gitlab-org/gitlab/-/quality/test_cases/${filler.word().length * 1000}' do`],
      [`        Page::Project::Show.perform(&:${filler.snake()})`],
      ['      end'],
      ['    end'],
      [],
    );
  }
  lines.pop();
  lines.push(['  end'], ['end']);
  return { lines };
}

export function layOut(spec: FileSpec, filler: Filler): LaidOutFile {
  const n = spec.targetLines;
  switch (spec.category) {
    case 'ruby':
    case 'model':
    case 'graphql':
    case 'controller':
    case 'worker':
      return rubyClass(spec, filler);
    case 'spec':
    case 'controllerSpec':
      return rspec(spec, filler);
    case 'route':
      return routes(spec, filler);
    case 'haml':
      return haml(spec, filler);
    case 'js':
      return jsModule(spec, filler);
    case 'vue':
      return vue(spec, filler);
    case 'jest':
      return jest(spec, filler);
    case 'qa':
      return qa(spec, filler);
    case 'migration':
      return { lines: plain(filler.migration(n)) };
    case 'docs':
      return { lines: plain(filler.markdown(n)) };
    case 'scss':
      return { lines: plain(filler.scss(n)) };
    case 'config':
      return { lines: plain(filler.configYaml(n)) };
    case 'binary':
      throw new Error('binary files are written as bytes, not laid out');
  }
}
