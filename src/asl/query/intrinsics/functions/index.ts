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
import { statesFormat } from './format.ts';
import { statesHash } from './hash.ts';
import type { IntrinsicFunction } from './intrinsic-function.ts';
import { statesJsonMerge, statesJsonToString, statesStringToJson } from './json.ts';
import { statesMathAdd, statesMathRandom } from './math.ts';
import { statesStringSplit } from './string.ts';
import { statesUuid } from './uuid.ts';

/** Every intrinsic of the AWS guide "Intrinsic functions for JSONPath states", by name. */
export const INTRINSIC_FUNCTIONS: ReadonlyMap<string, IntrinsicFunction> = new Map([
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
export { JavaRandom } from './java-random.ts';
