import {
  statesArray,
  statesArrayContains,
  statesArrayGetItem,
  statesArrayLength,
  statesArrayPartition,
  statesArrayRange,
  statesArrayUnique,
} from './array.ts';
import { statesBase64Decode, statesBase64Encode } from './encoding.ts';
import { literalFormat, statesFormat } from './format.ts';
import { statesHash } from './hash.ts';
import type { IntrinsicFunction } from './intrinsic-function.ts';
import { statesJsonMerge, statesJsonToString, statesStringToJson } from './json.ts';
import { statesMathAdd, statesMathRandom } from './math.ts';
import { statesStringSplit } from './string.ts';
import { statesUuid } from './uuid.ts';

/** Every intrinsic of the AWS guide "Intrinsic functions for JSONPath states", by name. */
const INTRINSIC_FUNCTIONS: ReadonlyMap<string, IntrinsicFunction> = new Map([
  ['States.Format', statesFormat],
  ['States.StringToJson', statesStringToJson],
  ['States.JsonToString', statesJsonToString],
  ['States.Array', statesArray],
  ['States.ArrayPartition', statesArrayPartition],
  ['States.ArrayContains', statesArrayContains],
  ['States.ArrayRange', statesArrayRange],
  ['States.ArrayGetItem', statesArrayGetItem],
  ['States.ArrayLength', statesArrayLength],
  ['States.ArrayUnique', statesArrayUnique],
  ['States.Base64Encode', statesBase64Encode],
  ['States.Base64Decode', statesBase64Decode],
  ['States.Hash', statesHash],
  ['States.JsonMerge', statesJsonMerge],
  ['States.MathRandom', statesMathRandom],
  ['States.MathAdd', statesMathAdd],
  ['States.StringSplit', statesStringSplit],
  ['States.UUID', statesUuid],
]);

/**
 * The function a call of `name` runs, given its arguments' literal texts (`rawStrings`, as in
 * CallEnv): a States.Format whose template is a literal gets it parsed once, here. Undefined
 * for an unknown name.
 */
export function intrinsicFunction(
  name: string,
  rawStrings: readonly (string | undefined)[],
): IntrinsicFunction | undefined {
  const template = rawStrings[0];
  if (name === 'States.Format' && template !== undefined) return literalFormat(template);
  return INTRINSIC_FUNCTIONS.get(name);
}
export { JavaRandom } from './java-random.ts';
