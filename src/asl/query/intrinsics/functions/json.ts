import type { Json } from '../../../json.ts';
import { checkArity, invalidArguments, objectArg, stringArg } from './arguments.ts';
import type { IntrinsicFunction } from './intrinsic-function.ts';

/** Blank text parses to null (conformance: test_string_to_json.0/.1); -0 prints as 0 (.3). */
export const statesStringToJson: IntrinsicFunction = (args) => {
  const name = 'States.StringToJson';
  checkArity(name, args, 1);
  const text = stringArg(name, args[0]);
  if (text.trim() === '') return null;
  try {
    // A reviver disables JSON.parse's fast path: use it only when the text can hold a -0.
    return (
      /-0(?:\.0*)?(?:[eE][+-]?\d+)?(?![.\d])/.test(text)
        ? JSON.parse(text, (_key, value: Json) => (Object.is(value, -0) ? 0 : value))
        : JSON.parse(text)
    ) as Json;
  } catch {
    return invalidArguments(name);
  }
};

/** Compact JSON in input key order (conformance: test_json_to_string.*). */
export const statesJsonToString: IntrinsicFunction = (args) => {
  checkArity('States.JsonToString', args, 1);
  return JSON.stringify(args[0] ?? null);
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
