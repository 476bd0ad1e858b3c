import type { DynamicReference, FileReference } from '../flags/model';
import { LineMap } from './sourceText';
import { Deadline } from './deadline';
export declare function scanJs(text: string, lines: LineMap, deadline?: Deadline): {
    references: FileReference[];
    dynamic: DynamicReference[];
};
