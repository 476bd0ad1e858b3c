import { type Document, type DocumentOptions, type LineCounter, type ParseOptions, type SchemaOptions } from 'yaml';
/** A definition is a flat map; a little room for a list or map value (`[a, {b: c}]`). */
export declare const MAX_DEPTH = 64;
/** Real definitions have under 100 tokens (a long description is one token). */
export declare const MAX_TOKENS = 5000;
/** 400 times the largest real definition. */
export declare const MAX_BYTES: number;
/** The problem for a definition over MAX_BYTES, or undefined. Linear, and cheap for small text. */
export declare function definitionTooLarge(text: string): string | undefined;
export type BoundedYamlOptions = DocumentOptions & ParseOptions & SchemaOptions & {
    lineCounter?: LineCounter;
};
export type BoundedYaml = {
    document: Document.Parsed;
    refused?: undefined;
} | {
    document?: undefined;
    refused: {
        message: string;
        offset: number;
    };
};
/**
 * parseDocument(text, options) for definition text, or `refused` with a one-line message when the
 * text nests deeper than MAX_DEPTH or has more than MAX_TOKENS tokens (`offset`: the token where
 * the bound was crossed), or is larger than MAX_BYTES (`offset` 0). Never throws on any input.
 */
export declare function parseBoundedYaml(text: string, options?: BoundedYamlOptions): BoundedYaml;
