// Parses definition YAML within bounds on nesting, token count and size, so a hostile file costs
// milliseconds instead of minutes.
//
// NOTE: why. The `yaml` package's cost grows with the number and depth of nodes, not with the
// bytes: under 5 MB, `[[[[…` took 55 s and 4.4 GB in one parseDocument call, `{a: {a: …` 15 s and
// 1.1 GB, and a flat 4.9 MB flow list `[a, a, …]` 24 s and 2 GB. A flag definition is a flat map of
// about ten keys (the largest real one is under 600 bytes), so such a file is simply invalid.
//
// How: this drives `yaml`'s own Lexer and Parser one token at a time (what parseDocument does
// inside) and stops as soon as the parser's stack holds more than MAX_DEPTH collections or more
// than MAX_TOKENS tokens were read. Using yaml's own tokenizer means the check cannot disagree with
// the parser about what is a quoted scalar, a comment or a block scalar (a hand-written bracket
// counter can be fooled into skipping a part that yaml then parses). The tokens read are kept and
// composed into the Document, so a normal definition is tokenized once, as before: the check costs
// one comparison per token. Only then is the size checked (MAX_BYTES), which bounds the cost of a
// few huge scalars, where composing, not reading, is slow (1.4 s for one 4 MB quoted string).
// Text is composed exactly as parseDocument composes it (same Composer, same options, same
// multiple-documents error); errors are never prettified (as with prettyErrors: false).

import { Composer, Lexer, Parser, YAMLParseError, type CST, type Document, type DocumentOptions, type LineCounter, type ParseOptions, type SchemaOptions } from 'yaml';

/** A definition is a flat map; a little room for a list or map value (`[a, {b: c}]`). */
export const MAX_DEPTH = 64;
/** Real definitions have under 100 tokens (a long description is one token). */
export const MAX_TOKENS = 5_000;
/** 400 times the largest real definition. */
export const MAX_BYTES = 256 * 1024;

/** The problem for a definition over MAX_BYTES, or undefined. Linear, and cheap for small text. */
export function definitionTooLarge(text: string): string | undefined {
  // A UTF-16 length is at most the UTF-8 length, and the UTF-8 length at most three times it.
  if (text.length * 3 <= MAX_BYTES || Buffer.byteLength(text, 'utf8') <= MAX_BYTES) return undefined;
  return `The definition is larger than ${MAX_BYTES / 1024} KB; a flag definition is a flat map of a few keys.`;
}

export type BoundedYamlOptions = DocumentOptions & ParseOptions & SchemaOptions & { lineCounter?: LineCounter };

export type BoundedYaml =
  | { document: Document.Parsed; refused?: undefined }
  | { document?: undefined; refused: { message: string; offset: number } };

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

function collectionDepth(stack: readonly CST.Token[]): number {
  let depth = 0;
  for (const token of stack) if (COLLECTIONS.has(token.type)) depth++;
  return depth;
}

/**
 * parseDocument(text, options) for definition text, or `refused` with a one-line message when the
 * text nests deeper than MAX_DEPTH or has more than MAX_TOKENS tokens (`offset`: the token where
 * the bound was crossed), or is larger than MAX_BYTES (`offset` 0). Never throws on any input.
 */
export function parseBoundedYaml(text: string, options: BoundedYamlOptions = {}): BoundedYaml {
  const { lineCounter, ...composerOptions } = options;
  const parser = new Parser(lineCounter?.addNewLine);
  lineCounter?.addNewLine(0);
  const tokens: CST.Token[] = [];
  let count = 0;
  for (const lexeme of new Lexer().lex(text)) {
    const offset = parser.offset;
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (++count > MAX_TOKENS) {
      return { refused: { message: `The definition has more than ${MAX_TOKENS.toLocaleString('en-US')} YAML tokens; a flag definition is a flat map of a few keys.`, offset } };
    }
    // NOTE: besides collections the stack holds the document and at most a scalar or two, so the
    // count over it (a few dozen entries) runs only on tokens read that deep, before stopping.
    if (parser.stack.length > MAX_DEPTH + 1 && collectionDepth(parser.stack) > MAX_DEPTH) {
      return { refused: { message: `The definition nests more than ${MAX_DEPTH} levels deep; a flag definition is a flat map.`, offset } };
    }
  }
  for (const token of parser.end()) tokens.push(token);
  const tooLarge = definitionTooLarge(text);
  if (tooLarge) return { refused: { message: tooLarge, offset: 0 } };
  const composer = new Composer(composerOptions);
  let document: Document.Parsed | undefined;
  for (const composed of composer.compose(tokens, true, text.length)) {
    if (!document) document = composed;
    else if (document.options.logLevel !== 'silent') {
      // Word for word what parseDocument adds.
      document.errors.push(new YAMLParseError([composed.range[0], composed.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  // NOTE: compose(…, forceDoc = true) always yields a document, even for empty text.
  return { document: document as Document.Parsed };
}
