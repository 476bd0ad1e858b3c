import type { Location } from 'vscode-languageserver-protocol';
import type { Range } from '../flags/model';
export declare function pathToUri(path: string): string;
export declare function uriToPath(uri: string): string | undefined;
export declare function location(path: string, range: Range): Location;
