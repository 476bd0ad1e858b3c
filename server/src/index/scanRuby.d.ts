import type { DynamicReference, FileReference } from '../flags/model';
import { LineMap } from './sourceText';
import { Deadline } from './deadline';
export interface RubyScan {
    references: FileReference[];
    dynamic: DynamicReference[];
}
export declare function scanRuby(text: string, lines: LineMap, deadline?: Deadline): RubyScan;
/**
 * The lines on which rubocop directives disable a cop: a directive after code on its line
 * disables it on that line; one alone on its line (`# rubocop:disable X`, HAML's `-# …`) until
 * a `rubocop:enable X`, or the end of the file. `all` and the department (`Gitlab`) count too,
 * and `rubocop:todo` is a disable. Text after ` -- ` is the reason.
 */
export declare function copDisabled(text: string, lines: LineMap, cop: string): (line: number) => boolean;
