// Flag names: GitLab's format rule and Rails' camelize(:lower) / underscore, which link the
// Ruby name of a flag to the name the frontend reads from gon.features and glFeatures.

export const FLAG_NAME_PATTERN = /^[a-z0-9]+(_[a-z0-9]+)*$/;

export function isValidFlagName(name: string): boolean {
  return FLAG_NAME_PATTERN.test(name);
}

/**
 * Rails `'my_flag'.camelize(:lower)`: the first word is lower-cased, every later word is
 * capitalized (first letter up, rest down), underscores removed. `foo_2fa_bar` → `foo2faBar`.
 */
export function camelize(snake: string): string {
  const words = snake.split('_');
  let out = words[0].toLowerCase();
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    out += word.length === 0 ? '' : word[0].toUpperCase() + word.slice(1).toLowerCase();
  }
  return out;
}

/** Rails `'myFlag'.underscore`, used only for camelCase names that match no known flag. */
export function underscore(camel: string): string {
  return camel
    .replace(/([A-Z\d]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * The identity shared by a flag's snake and camel spellings. Both `my_flag` and `myFlag`
 * map to `myFlag`, so one map lookup finds every form.
 */
export function flagKey(name: string): string {
  if (!name.includes('_')) return name;
  let key = recentKeys.get(name);
  if (key !== undefined) return key;
  key = olderKeys.get(name) ?? camelize(name);
  // NOTE: two bounded generations, so names typed in an editor (a new one per keystroke) cannot
  // grow this without limit, while a repo's few thousand names stay remembered.
  if (recentKeys.size >= KEYS_PER_GENERATION) {
    olderKeys = recentKeys;
    recentKeys = new Map();
  }
  recentKeys.set(name, key);
  return key;
}

// Every lookup and every indexed reference asks for its key: GitLab has ~5,000 names.
const KEYS_PER_GENERATION = 8192;
let recentKeys = new Map<string, string>();
let olderKeys = new Map<string, string>();
