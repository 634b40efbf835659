import { checkArity, INT32_MAX, INT32_MIN, integerArg, invalidArguments, numberArg } from './arguments.ts';
import type { IntrinsicFunction } from './intrinsic-function.ts';
import { JavaRandom } from './java-random.ts';

/**
 * Start inclusive, end exclusive, both truncated (observed: MathRandom(1.4, 1.6) fails, as
 * [1, 1) is empty). With a seed the result is a pure function of the arguments.
 */
export const statesMathRandom: IntrinsicFunction = (args, env) => {
  const name = 'States.MathRandom';
  checkArity(name, args, 2, 3);
  const start = int32(name, integerArg(name, args[0]));
  const end = int32(name, integerArg(name, args[1]));
  if (start >= end) invalidArguments(name);
  const span = end - start;
  if (args.length === 3) {
    const random = new JavaRandom(integerArg(name, args[2]));
    return (
      start +
      (span <= INT32_MAX ? random.nextInt(span) : Math.floor((random.nextInt(INT32_MAX) / INT32_MAX) * span))
    );
  }
  return start + Math.floor(env.scope.random() * span);
};

/**
 * Each operand is rounded like Java's Math.round (half up: -1.5 -> -1, 2.5 -> 3) before adding
 * (conformance: test_math_add.*, e.g. 1.49 + 1.5 = 3 and -1.49 + -1.5 = -2).
 */
export const statesMathAdd: IntrinsicFunction = (args) => {
  const name = 'States.MathAdd';
  checkArity(name, args, 2);
  const a = int32(name, Math.round(numberArg(name, args[0])));
  const b = int32(name, Math.round(numberArg(name, args[1])));
  const sum = a + b;
  return sum === 0 ? 0 : sum; // Math.round(-0.4) is -0 in JavaScript, 0 in Java
};

/** AWS guide: the arguments of the math intrinsics are 32-bit integers. */
function int32(name: string, value: number): number {
  return value >= INT32_MIN && value <= INT32_MAX ? value : invalidArguments(name);
}
