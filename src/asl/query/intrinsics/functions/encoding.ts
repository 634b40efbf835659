import { Buffer } from 'node:buffer';
import { checkArity, invalidArguments, stringArg } from './arguments.ts';
import type { IntrinsicFunction } from './intrinsic-function.ts';

/** AWS guide: the input of States.Base64Encode/Decode is limited to 10,000 characters. */
const MAX_INPUT = 10000;

export const statesBase64Encode: IntrinsicFunction = (args) => {
  const name = 'States.Base64Encode';
  checkArity(name, args, 1);
  const text = stringArg(name, args[0]);
  if (text.length > MAX_INPUT) invalidArguments(name);
  return Buffer.from(text, 'utf8').toString('base64');
};

/** Lenient like AWS, which decodes malformed input (bad characters, missing padding) without failing. */
export const statesBase64Decode: IntrinsicFunction = (args) => {
  const name = 'States.Base64Decode';
  checkArity(name, args, 1);
  const text = stringArg(name, args[0]);
  if (text.length > MAX_INPUT) invalidArguments(name);
  return Buffer.from(text, 'base64').toString('utf8');
};
