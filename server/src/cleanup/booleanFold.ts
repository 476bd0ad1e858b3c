// The truth table every language's simplification folds the flag markers by, written once: `!`,
// `&&` and `||` with a known operand, and which branch a known condition takes. What stays per
// language (rubySimplify.ts, jsSimplify.ts) is syntax: node types, operator spellings, and how
// the kept text is spliced in.

export type Connective = 'and' | 'or';

/** A folded `&&`/`||`: a known value (written as a marker), or one operand kept as written. */
export type Folded = { value: boolean } | { keep: 'left' | 'right' };

/** `!x` with x known. */
export function foldNot(value: boolean): boolean {
  return !value;
}

/**
 * `left && right` or `left || right` where at least one side is known; undefined when neither is.
 * False decides an `and` and true an `or`; the other value is the identity, so its side goes and
 * the other side is kept.
 */
export function foldBinary(connective: Connective, left: boolean | undefined, right: boolean | undefined): Folded | undefined {
  if (left === undefined && right === undefined) return undefined;
  const decisive = connective === 'or';
  if (left === decisive || right === decisive) return { value: decisive };
  return { keep: left === !decisive ? 'right' : 'left' };
}

/** The branch a known condition takes, by the field name both grammars give it. */
export function takenBranch(value: boolean): 'consequence' | 'alternative' {
  return value ? 'consequence' : 'alternative';
}
