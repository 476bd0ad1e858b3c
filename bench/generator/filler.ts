// Code that references no flag, in each language of the tree, plus distractors: lines with
// the word "feature" or with a flag's name that are NOT reference forms, so precision is tested.

import type { GeneratedFlag } from './flags';
import { Random } from './random';
import { CATEGORIES, SENTENCES, WORDS, camelWords, pascal } from './words';

export class Filler {
  constructor(
    private readonly rng: Random,
    private readonly flags: GeneratedFlag[],
  ) {}

  word(): string {
    return this.rng.pick(WORDS);
  }

  snake(count = 2): string {
    const words: string[] = [];
    for (let i = 0; i < count; i++) words.push(this.word());
    return words.join('_');
  }

  camel(count = 2): string {
    const words: string[] = [];
    for (let i = 0; i < count; i++) words.push(this.word());
    return camelWords(words);
  }

  pascal(count = 2): string {
    return pascal(this.snake(count));
  }

  sentence(): string {
    return this.rng.pick(SENTENCES);
  }

  category(): string {
    return this.rng.pick(CATEGORIES);
  }

  private anyFlag(): GeneratedFlag {
    return this.rng.pick(this.flags);
  }

  /** Ruby statements (relative indentation), about `count` lines. */
  ruby(count: number): string[] {
    const out: string[] = [];
    const r = this.rng;
    while (out.length < count) {
      if (r.chance(0.006)) {
        out.push(this.rubyDistractor());
        continue;
      }
      const a = this.word();
      const b = this.word();
      switch (r.int(0, 8)) {
        case 0:
          out.push(`@${a}_${b} = ${pascal(a)}${pascal(b)}.find_by(id: params[:${a}_id])`);
          break;
        case 1:
          out.push(`return unless ${a}.present?`);
          break;
        case 2:
          out.push(`${a}s = ${a}.${b}_${this.word()}s.where(state: :${this.word()})`);
          break;
        case 3:
          out.push(`result = ::${pascal(a)}::${pascal(b)}Service.new(${a}, current_user).execute`);
          break;
        case 4:
          out.push(`log_info(message: '${this.sentence()}', ${a}_id: ${a}.id)`);
          break;
        case 5:
          out.push(`raise ArgumentError, '${a} is required' if ${a}.nil?`);
          break;
        case 6:
          out.push(`${a}s.each do |${b}|`, `  ${b}.${this.word()}!`, 'end');
          break;
        case 7:
          out.push(`# ${this.sentence()}.`);
          break;
        default:
          out.push('{', `  ${a}: ${b}.${this.word()},`, `  ${this.word()}: ${a}_count`, '}');
      }
    }
    return out;
  }

  /** A category value; now and then one spelled like a flag, which still names no flag. */
  categoryOrFlagName(): string {
    return this.rng.chance(0.03) ? this.anyFlag().name : this.category();
  }

  private rubyDistractor(): string {
    switch (this.rng.int(0, 6)) {
      case 6:
        // Stubbing from a variable names no flag at this line.
        return 'stub_feature_flags(flags_to_stub)';
      case 0:
        return '# TODO: remove once the feature is available everywhere';
      case 1:
        return `project.project_feature.update!(${this.word()}_access_level: ProjectFeature::ENABLED)`;
      case 2:
        return `settings[:features] = ${this.word()}_features.map(&:name)`;
      case 3:
        // A flag's name as a plain symbol, outside any flag form.
        return `update_column(:${this.anyFlag().name}, true)`;
      case 4:
        return `Gitlab::UsageDataCounters::${this.pascal()}Counter.count('feature_${this.word()}')`;
      default:
        return `return unless licensed_feature_available?(:${this.snake()})`;
    }
  }

  /** JavaScript statements (relative indentation). */
  js(count: number): string[] {
    const out: string[] = [];
    const r = this.rng;
    while (out.length < count) {
      if (r.chance(0.006)) {
        out.push(this.jsDistractor());
        continue;
      }
      const a = this.camel();
      const b = this.camel();
      switch (r.int(0, 6)) {
        case 0:
          out.push(`const ${a} = ${b}.map((item) => item.${this.word()});`);
          break;
        case 1:
          out.push(`if (!this.${a}) return null;`);
          break;
        case 2:
          out.push(`${a}(${b}, { ${this.word()}: true });`);
          break;
        case 3:
          out.push(`// ${this.sentence()}.`);
          break;
        case 4:
          out.push(`this.${a} = ${b}?.${this.word()} ?? [];`);
          break;
        default:
          out.push(`${a}.forEach((${this.word()}Item) => {`, `  ${this.word()}Item.${this.word()} = false;`, '});');
      }
    }
    return out;
  }

  private jsDistractor(): string {
    switch (this.rng.int(0, 4)) {
      case 0:
        return 'const { features } = this.options;';
      case 1:
        return '// Feature detection: not every browser supports this API';
      case 2:
        // A flag's camel name as a property that is not gon.features / glFeatures.
        return `this.settings.${this.anyFlag().camel} = true;`;
      case 3:
        return "trackEvent('feature_highlight_dismissed');";
      default:
        return 'const flagCount = Object.keys(gon.features || {}).length;';
    }
  }

  haml(count: number): string[] {
    const out: string[] = [];
    while (out.length < count) {
      switch (this.rng.int(0, 5)) {
        case 0:
          out.push('.gl-flex.gl-gap-3', `  %h2.gl-heading-2= _('${this.sentence()}')`);
          break;
        case 1:
          out.push(`= render '${this.word()}/${this.snake()}', ${this.word()}: @${this.word()}`);
          break;
        case 2:
          out.push(`%p= s_('${pascal(this.word())}|${this.sentence()}')`);
          break;
        case 3:
          out.push(`- if can?(current_user, :admin_${this.word()}, @project)`, `  = render 'shared/${this.snake()}'`);
          break;
        case 4:
          out.push(`-# ${this.sentence()}`);
          break;
        default:
          out.push(`%section.settings#js-${this.word()}-settings`, `  .settings-content= render '${this.snake()}'`);
      }
    }
    return out;
  }

  vueTemplate(count: number): string[] {
    const out: string[] = [];
    while (out.length < count) {
      switch (this.rng.int(0, 2)) {
        case 0:
          out.push(`<gl-button @click="${this.camel()}">{{ __('${pascal(this.word())}') }}</gl-button>`);
          break;
        case 1:
          out.push(`<div v-if="${this.camel()}" class="gl-mt-3">`, `  <span>{{ ${this.camel()} }}</span>`, '</div>');
          break;
        default:
          out.push(`<${this.word()}-list :items="${this.camel()}s" />`);
      }
    }
    return out;
  }

  markdown(count: number): string[] {
    const out = [`# ${pascal(this.word())} ${this.word()}s`, ''];
    while (out.length < count) {
      if (this.rng.chance(0.03)) {
        // Docs name flags in prose; that is not a code reference.
        out.push(`The availability of this feature is controlled by a feature flag named \`${this.anyFlag().name}\`.`, '');
      } else {
        out.push(`${this.sentence()}. ${this.sentence()}.`, '');
      }
    }
    return out;
  }

  scss(count: number): string[] {
    const out: string[] = [];
    while (out.length < count) {
      out.push(`.${this.word()}-${this.word()} {`, `  margin: ${this.rng.int(0, 4) * 4}px;`, `  color: var(--gl-text-color-${this.word()});`, '}', '');
    }
    return out;
  }

  migration(count: number): string[] {
    const table = this.snake();
    const out = [
      '# frozen_string_literal: true',
      '',
      `class Add${pascal(this.snake())}To${pascal(table)} < Gitlab::Database::Migration[2.2]`,
      `  milestone '${this.rng.int(15, 18)}.${this.rng.int(0, 11)}'`,
      '',
      '  def change',
    ];
    while (out.length < count - 2) {
      out.push(`    add_column :${table}, :${this.snake()}, :${this.rng.pick(['text', 'integer', 'boolean', 'bigint'])}, null: true`);
    }
    out.push('  end', 'end');
    return out;
  }

  configYaml(count: number): string[] {
    const out = ['---', `key_path: counts.${this.snake(3)}`, `description: ${this.sentence()}`, `product_group: ${this.word()}`];
    while (out.length < count) out.push(`${this.snake()}: ${this.rng.chance(0.5) ? this.word() : this.rng.int(0, 1000)}`);
    return out;
  }
}
