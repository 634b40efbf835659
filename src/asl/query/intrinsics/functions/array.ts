import type { Json } from '../../../json.ts';
import { arrayArg, checkArity, integerArg, invalidArguments } from './arguments.ts';
import type { IntrinsicFunction } from './intrinsic-function.ts';
import { jsonEqual } from './json-equal.ts';

/** AWS guide: States.ArrayRange "can't contain more than 1000 items". */
const MAX_RANGE_ITEMS = 1000;

export const statesArray: IntrinsicFunction = (args) => [...args];

export const statesArrayPartition: IntrinsicFunction = (args) => {
  const name = 'States.ArrayPartition';
  checkArity(name, args, 2);
  const array = arrayArg(name, args[0]);
  const size = integerArg(name, args[1]);
  if (size <= 0) invalidArguments(name);
  const chunks: Json[] = [];
  for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
  return chunks;
};

export const statesArrayContains: IntrinsicFunction = (args) => {
  const name = 'States.ArrayContains';
  checkArity(name, args, 2);
  const array = arrayArg(name, args[0]);
  const wanted = args[1] ?? null;
  return array.some((item) => jsonEqual(item, wanted));
};

/** Bounds and step are truncated; a negative step counts down (observed on AWS). */
export const statesArrayRange: IntrinsicFunction = (args) => {
  const name = 'States.ArrayRange';
  checkArity(name, args, 3);
  const start = integerArg(name, args[0]);
  const end = integerArg(name, args[1]);
  const step = integerArg(name, args[2]);
  if (step === 0) invalidArguments(name);
  const count = Math.max(0, Math.floor((end - start) / step) + 1);
  if (count > MAX_RANGE_ITEMS) invalidArguments(name);
  return Array.from({ length: count }, (_, i) => start + i * step);
};

export const statesArrayGetItem: IntrinsicFunction = (args) => {
  const name = 'States.ArrayGetItem';
  checkArity(name, args, 2);
  const array = arrayArg(name, args[0]);
  const index = integerArg(name, args[1]);
  if (index < 0) invalidArguments(name);
  const item = array[index];
  if (item !== undefined) return item;
  // Observed on AWS: any index into an empty array yields null; past the end of a non-empty one fails.
  return array.length === 0 ? null : invalidArguments(name);
};

export const statesArrayLength: IntrinsicFunction = (args) => {
  const name = 'States.ArrayLength';
  checkArity(name, args, 1);
  return arrayArg(name, args[0]).length;
};

/** Keeps the first of equal items, in order. */
export const statesArrayUnique: IntrinsicFunction = (args) => {
  const name = 'States.ArrayUnique';
  checkArity(name, args, 1);
  const unique: Json[] = [];
  for (const item of arrayArg(name, args[0])) {
    if (!unique.some((seen) => jsonEqual(seen, item))) unique.push(item);
  }
  return unique;
};
