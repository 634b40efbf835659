import { IntrinsicSyntaxError } from './syntax-error.ts';

export type Token =
  | { readonly type: '(' | ')' | ',' | 'end'; readonly at: number }
  | { readonly type: 'name'; readonly text: string; readonly at: number }
  | { readonly type: 'string'; readonly value: string; readonly raw: string; readonly at: number }
  | { readonly type: 'number'; readonly value: number; readonly text: string; readonly at: number }
  | { readonly type: 'path'; readonly text: string; readonly at: number };

// The escapes the AWS guide lists for intrinsic string literals: \' \{ \} \\.
const ESCAPABLE = new Set(["'", '{', '}', '\\']);
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_.]*/y;

/** Splits an intrinsic expression into tokens; the last token is always `end`. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, at: i });
      i++;
    } else if (c === "'") {
      i = readString(source, i, tokens);
    } else if (c === '$') {
      const end = pathEnd(source, i);
      tokens.push({ type: 'path', text: source.slice(i, end), at: i });
      i = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(source);
      if (!m) throw new IntrinsicSyntaxError(`unexpected character '${c}'`, i);
      tokens.push({ type: 'number', value: Number(m[0]), text: m[0], at: i });
      i += m[0].length;
    } else {
      NAME.lastIndex = i;
      const m = NAME.exec(source);
      if (!m) throw new IntrinsicSyntaxError(`unexpected character '${c}'`, i);
      tokens.push({ type: 'name', text: m[0], at: i });
      i += m[0].length;
    }
  }
  tokens.push({ type: 'end', at: source.length });
  return tokens;
}

function readString(source: string, start: number, tokens: Token[]): number {
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const c = source.charAt(i);
    if (c === "'") {
      tokens.push({ type: 'string', value, raw: source.slice(start + 1, i), at: start });
      return i + 1;
    }
    if (c === '\\') {
      const next = source.charAt(i + 1);
      if (!ESCAPABLE.has(next)) {
        throw new IntrinsicSyntaxError(`invalid escape sequence '\\${next}' in a string literal`, i);
      }
      value += next;
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  throw new IntrinsicSyntaxError('unterminated string literal', start);
}

/**
 * A path runs until a `,`, `)` or whitespace outside brackets, so that filters such as
 * `$.a[?(@.b == 'x, y')]` stay one argument.
 */
function pathEnd(source: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  let i = start;
  for (; i < source.length; i++) {
    const c = source.charAt(i);
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (depth > 0 && (c === "'" || c === '"')) {
      quote = c;
    } else if (c === '[') {
      depth++;
    } else if (c === ']') {
      depth--;
    } else if (depth === 0 && (c === ',' || c === ')' || /\s/.test(c))) {
      break;
    }
  }
  if (quote !== undefined || depth > 0) {
    throw new IntrinsicSyntaxError('unterminated path argument', start);
  }
  return i;
}
