/**
 * The path and intrinsic syntax checks validation needs, under the names of the shared contracts
 * (`query/jsonpath`: pathSyntaxError, isReferencePath; `query/intrinsics`: isIntrinsicCall,
 * intrinsicSyntaxError). Those modules are being written in parallel; until they export these,
 * this file answers with a deliberately lenient local grammar, so that no definition AWS accepts
 * is refused here. When they land, replace the bodies below with re-exports.
 */

/** undefined when `source` is a JSONPath Step Functions accepts (`$`, `$$` context, `$name` variable). */
export function pathSyntaxError(source: string): string | undefined {
  const root = /^\$(\$|[A-Za-z_][A-Za-z0-9_]*)?/.exec(source);
  if (root === null) return "Path didn't start with '$'";
  let i = root[0].length;
  while (i < source.length) {
    const c = source[i];
    if (c === '.') {
      i += source[i + 1] === '.' ? 2 : 1;
      if (source[i] === '[') continue; // `$..[0]`, `$.[0]`
      const start = i;
      while (i < source.length && source[i] !== '.' && source[i] !== '[') i++;
      if (i === start) return `Empty property name at position ${start}`;
    } else if (c === '[') {
      const end = closingBracket(source, i);
      if (end < 0) return `Unclosed '[' at position ${i}`;
      if (end === i + 1) return `Empty brackets at position ${i}`;
      i = end + 1;
    } else {
      return `Unexpected character '${c}' at position ${i}`;
    }
  }
  return undefined;
}

/** A reference path selects one node: no wildcard, deep scan, filter, slice or union (ASL spec, "Reference Paths"). */
export function isReferencePath(source: string): boolean {
  if (pathSyntaxError(source) !== undefined) return false;
  if (source.includes('..')) return false;
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === "'" || c === '"') {
      i = skipQuoted(source, i);
      if (i < 0) return false;
      continue;
    }
    if (c === '*' || c === '?' || c === '@' || c === ':' || c === ',') return false;
    i++;
  }
  return true;
}

export function isIntrinsicCall(source: string): boolean {
  return /^\s*States\.[A-Za-z0-9.]+\s*\(/.test(source);
}

/** undefined when the call is well formed: balanced parentheses outside quoted strings, nothing after the call. */
export function intrinsicSyntaxError(source: string): string | undefined {
  let depth = 0;
  let closedAt = -1;
  for (let i = source.indexOf('('); i < source.length; i++) {
    const c = source[i];
    if (c === "'") {
      const end = skipQuoted(source, i);
      if (end < 0) return 'Unterminated string literal';
      i = end - 1;
    } else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) {
        closedAt = i;
        break;
      }
    }
  }
  if (closedAt < 0) return 'Unbalanced parentheses';
  if (source.slice(closedAt + 1).trim() !== '') return 'Unexpected characters after the function call';
  return undefined;
}

function closingBracket(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === "'" || c === '"') {
      const end = skipQuoted(source, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0) return c === ']' ? i : -1;
    }
  }
  return -1;
}

/** Index just past the closing quote (backslash escapes honoured), or -1 when unterminated. */
function skipQuoted(source: string, open: number): number {
  const quote = source[open];
  for (let i = open + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === quote) return i + 1;
  }
  return -1;
}
