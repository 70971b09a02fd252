import { GraphQLError, Lexer, Source, TokenKind } from "graphql";
import { ErrorCode } from "../errors.js";
import { limitExceeded } from "./limit-exceeded.js";

export interface DocumentBounds {
  /** LIMIT_TOKENS: punctuation, names and values, as graphql-js counts them for its own `maxTokens`. */
  tokens: number;
  /** LIMIT_DEPTH: the selection depth the depth rule enforces once the document is parsed. */
  depth: number;
}

const OPENING = new Set<TokenKind>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<TokenKind>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * Brackets a document may nest before it is refused unparsed. graphql-js's parser recurses for each level and
 * overflows its stack at about 2,000; a legitimate operation nests its selections no deeper than the depth limit,
 * plus the brackets of arguments and input values, far below this.
 */
export const nestingBound = (depth: number) => Math.max(64, depth * 4);

/**
 * Walks the document's tokens once, without parsing, and refuses it before the parser does any work when it
 * has more than `tokens` tokens (TOKEN_LIMIT_EXCEEDED) or nests brackets deeper than the nesting bound
 * (DEPTH_LIMIT_EXCEEDED): a flood of aliases or of nesting costs a scan, not a parse, and never overflows the
 * stack. A document the lexer cannot read is left to the parser, which says why.
 */
export function checkDocumentBounds(document: string, { tokens, depth }: DocumentBounds): GraphQLError | undefined {
  const lexer = new Lexer(new Source(document));
  const maxNesting = nestingBound(depth);
  let count = 0;
  let nesting = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++count > tokens) return limitExceeded(ErrorCode.TOKEN_LIMIT_EXCEEDED, `The document has more than ${tokens} tokens`, tokens);
      if (OPENING.has(token.kind) && ++nesting > maxNesting) {
        return limitExceeded(ErrorCode.DEPTH_LIMIT_EXCEEDED, `The document nests deeper than ${maxNesting} levels (the depth limit is ${depth})`, depth);
      }
      if (CLOSING.has(token.kind)) nesting--;
    }
  } catch (error) {
    if (error instanceof GraphQLError) return undefined;
    throw error;
  }
  return undefined;
}
