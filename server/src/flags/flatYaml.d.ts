import type { Range } from './model';
export interface FlatEntry {
    key: string;
    value: string | boolean | number | null;
    keyRange: Range;
    valueRange: Range;
}
export declare function readFlatYaml(text: string): FlatEntry[] | undefined;
