import { createHash } from 'node:crypto';
import { checkArity, invalidArguments, stringArg } from './arguments.ts';
import type { IntrinsicFunction } from './intrinsic-function.ts';

/** AWS guide: the algorithms States.Hash accepts, spelled exactly so. */
const ALGORITHMS: ReadonlyMap<string, string> = new Map([
  ['MD5', 'md5'],
  ['SHA-1', 'sha1'],
  ['SHA-256', 'sha256'],
  ['SHA-384', 'sha384'],
  ['SHA-512', 'sha512'],
]);
const MAX_INPUT = 10000;

/** Non-string data is hashed as its JSON text (AWS accepts numbers and objects here). */
export const statesHash: IntrinsicFunction = (args) => {
  const name = 'States.Hash';
  checkArity(name, args, 2);
  const data = args[0] ?? null;
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  if (text.length > MAX_INPUT) invalidArguments(name);
  const algorithm = ALGORITHMS.get(stringArg(name, args[1])) ?? invalidArguments(name);
  return createHash(algorithm).update(text, 'utf8').digest('hex');
};
