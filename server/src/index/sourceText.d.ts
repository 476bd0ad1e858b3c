import type { Position, Range } from '../flags/model';
/** Maps UTF-16 offsets to LSP positions; built once per scanned file. */
export declare class LineMap {
    private readonly starts;
    constructor(text: string);
    position(offset: number): Position;
    range(start: number, end: number): Range;
    offset(position: Position): number;
}
/**
 * Returns the offset of the bracket that closes the one at `open`, or -1. Skips quoted strings.
 * `limit` bounds the search so a missing bracket in a huge file stays cheap.
 */
export declare function findClosing(text: string, open: number, limit?: number): number;
export interface HashKey {
    name: string;
    start: number;
    end: number;
    /** How the key was written: `name:` / `:name =>` / `'name' =>`, or an expression key. */
    literal: boolean;
}
/**
 * Lists the top-level keys of a Ruby or JS hash/object literal between `from` and `to`
 * (exclusive), e.g. the arguments of stub_feature_flags(a: true, 'b' => false).
 */
export declare function topLevelKeys(text: string, from: number, to: number): HashKey[];
export declare function skipSpaces(text: string, from: number, to?: number): number;
