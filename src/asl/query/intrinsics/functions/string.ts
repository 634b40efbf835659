import { checkArity, stringArg } from './arguments.ts';
import type { IntrinsicFunction } from './intrinsic-function.ts';

/**
 * Every character of the delimiter splits, and empty pieces are dropped, like Java's
 * StringTokenizer (conformance: test_string_split.2 turns ", , ," into [" ", " "]).
 */
export const statesStringSplit: IntrinsicFunction = (args) => {
  const name = 'States.StringSplit';
  checkArity(name, args, 2);
  const text = stringArg(name, args[0]);
  const delimiters = new Set(stringArg(name, args[1]));
  const pieces: string[] = [];
  let piece = '';
  for (const c of text) {
    if (delimiters.has(c)) {
      if (piece !== '') pieces.push(piece);
      piece = '';
    } else {
      piece += c;
    }
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
};
