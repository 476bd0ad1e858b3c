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
  let key = keys.get(name);
  if (key === undefined) {
    // NOTE: bounded, because names typed in an editor pass through here too.
    if (keys.size >= MAX_REMEMBERED_KEYS) keys.clear();
    keys.set(name, (key = camelize(name)));
  }
  return key;
}

// Every lookup and every indexed reference asks for its key: a repo has a few thousand names.
const keys = new Map<string, string>();
const MAX_REMEMBERED_KEYS = 50_000;
