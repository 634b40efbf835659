import { checkArity, invalidArguments, objectArg, stringArg } from './arguments.ts';
import type { IntrinsicFunction } from './intrinsic-function.ts';
import { parsedJson } from './parsed-json.ts';

/** Blank text parses to null (conformance: test_string_to_json.0/.1); -0 prints as 0 (.3). */
export const statesStringToJson: IntrinsicFunction = (args) => {
  const name = 'States.StringToJson';
  checkArity(name, args, 1);
  const text = stringArg(name, args[0]);
  if (text.trim() === '') return null;
  const parsed = parsedJson(text);
  return parsed === undefined ? invalidArguments(name) : parsed;
};

/**
 * The texts of objects and arrays printed so far: values are immutable (json.ts), and a state's
 * input is mostly the previous one's, so an object printed at one state is often printed again.
 */
const printed = new WeakMap<object, string>();

/** Compact JSON in input key order (conformance: test_json_to_string.*). */
export const statesJsonToString: IntrinsicFunction = (args) => {
  checkArity('States.JsonToString', args, 1);
  const value = args[0] ?? null;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  let text = printed.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    printed.set(value, text);
  }
  return text;
};

/** Shallow merge, the second object wins; AWS supports only `false` (shallow) as third argument. */
export const statesJsonMerge: IntrinsicFunction = (args) => {
  const name = 'States.JsonMerge';
  checkArity(name, args, 3);
  const left = objectArg(name, args[0]);
  const right = objectArg(name, args[1]);
  if (args[2] !== false) invalidArguments(name);
  return { ...left, ...right };
};
