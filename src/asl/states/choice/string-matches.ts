import { AslFailure } from '../../errors/failure.ts';
import { StatesErrors } from '../../errors/names.ts';

/**
 * `StringMatches`: `*` matches any run of characters (also none), `\*` is a literal `*` and `\\`
 * a literal `\`; nothing else is special (States Language spec, "StringMatches").
 * Matching splits the pattern at its wildcards and finds each literal piece leftmost, which is
 * exact for `*`-only globs and linear per piece, so no pattern can backtrack catastrophically.
 */
export function compileStringMatches(pattern: string): (text: string) => boolean {
  const pieces = splitPattern(pattern);
  if (pieces === undefined) {
    // The spec: "If an open escape backslash \ is found ... the interpreter will throw a runtime error."
    return () => {
      throw new AslFailure(
        StatesErrors.Runtime,
        `The StringMatches pattern '${pattern}' contains an open escape backslash.`,
      );
    };
  }
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return (text) => text === first;
  const last = pieces[pieces.length - 1] ?? '';
  const middle = pieces.slice(1, -1).filter((piece) => piece !== '');
  return (text) => {
    if (text.length < first.length + last.length) return false;
    if (!text.startsWith(first) || !text.endsWith(last)) return false;
    const end = text.length - last.length;
    let position = first.length;
    for (const piece of middle) {
      const found = text.indexOf(piece, position);
      if (found < 0 || found + piece.length > end) return false;
      position = found + piece.length;
    }
    return true;
  };
}

/** The literal pieces between unescaped `*`s; undefined for an open escape. */
function splitPattern(pattern: string): string[] | undefined {
  const pieces: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      pieces.push(current);
      current = '';
    } else if (ch === '\\') {
      const escaped = pattern[i + 1];
      if (escaped !== '*' && escaped !== '\\') return undefined;
      current += escaped;
      i++;
    } else {
      current += ch;
    }
  }
  pieces.push(current);
  return pieces;
}
