import type { TimeRollout } from '../flags/model';
import type { LineMap } from './sourceText';
export declare function scanMarkdown(text: string, lines: LineMap): TimeRollout[];
