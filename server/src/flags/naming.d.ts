export declare const FLAG_NAME_PATTERN: RegExp;
export declare function isValidFlagName(name: string): boolean;
/**
 * Rails `'my_flag'.camelize(:lower)`: the first word is lower-cased, every later word is
 * capitalized (first letter up, rest down), underscores removed. `foo_2fa_bar` → `foo2faBar`.
 */
export declare function camelize(snake: string): string;
/** Rails `'myFlag'.underscore`, used only for camelCase names that match no known flag. */
export declare function underscore(camel: string): string;
/**
 * The identity shared by a flag's snake and camel spellings. Both `my_flag` and `myFlag`
 * map to `myFlag`, so one map lookup finds every form.
 */
export declare function flagKey(name: string): string;
