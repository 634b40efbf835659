import { AslFailure } from '../../errors/failure.ts';
import { StatesErrors } from '../../errors/names.ts';
import { isJsonObject, setOwn, type Json } from '../../json.ts';
import { parsePath } from './parse-path.ts';

type Step = string | number;

/**
 * ResultPath: `null` keeps the input, `$` replaces it with the result, `$.a.b` writes the
 * result into a copy of the input (copy-on-write along the path only), creating missing
 * objects on the way. Throws for a path that is not a `$` reference path: validation rejects
 * those first.
 */
export function compileResultPath(source: string | null): (input: Json, result: Json) => Json {
  if (source === null) return (input) => input;
  const steps = referenceSteps(source);
  if (steps.length === 0) return (_input, result) => result;
  const write = namesWriter(steps) ?? ((input: Json, result: Json) => setAt(input, steps, 0, result));
  return (input, result) => {
    const output = write(input, result);
    if (output === undefined) {
      // AWS: "Unable to apply ReferencePath $.x to input \"text\"" (input as JSON).
      throw new AslFailure(
        StatesErrors.ResultPathMatchFailure,
        `Unable to apply ReferencePath ${source} to input ${JSON.stringify(input)}`,
      );
    }
    return output;
  };
}

function referenceSteps(source: string): readonly Step[] {
  const parsed = parsePath(source);
  if (parsed.root.kind !== 'input') throw new Error(`ResultPath must start with '$': ${source}`);
  return parsed.segments.map((segment) => {
    if (segment.kind === 'property' && segment.names.length === 1) return segment.names[0]!;
    if (segment.kind === 'index' && segment.indices.length === 1) return segment.indices[0]!;
    throw new Error(`ResultPath must be a reference path: ${source}`);
  });
}

type Write = (input: Json, result: Json) => Json | undefined;

/**
 * `setAt` for a path of names only (`$.a.b`, the common case) as generated code, one function per
 * path: each step's load, spread and store has a call site of its own, monomorphic when the
 * documents keep their shape, where `setAt`'s one keyed store, shared by every ResultPath, was
 * megamorphic (a Pass state's `ResultPath: "$.last"` took ~430 instructions, now ~180, the
 * spread's builtin call included; callgrind). Only the names (as JSON string literals) are written
 * into the code; `__proto__`, which a named store would take for the prototype, and index steps
 * are left to `setAt`, as is every path where code generation from strings is off. A name
 * Object.prototype has is read only when it is an own key.
 */
export function namesWriter(steps: readonly Step[]): Write | undefined {
  if (!steps.every((step) => typeof step === 'string' && step !== '__proto__')) return undefined;
  const names = (steps as readonly string[]).map((step) => JSON.stringify(step));
  const notObject = (v: string): string => `typeof ${v} !== 'object' || ${v} === null || Array.isArray(${v})`;
  // n0 is the input; n<i+1> what is at name i of n<i>, an object (made when missing) on the way.
  const loads = names.slice(0, -1).map((name, i) => {
    const own =
      steps[i]! in Object.prototype
        ? `Object.hasOwn(n${i}, ${name}) ? n${i}[${name}] : undefined`
        : `n${i}[${name}]`;
    const next = `n${i + 1}`;
    return `let ${next} = ${own}; if (${next} === undefined) ${next} = {}; else if (${notObject(next)}) return undefined;`;
  });
  // Copied from the innermost out, each copy taking the one inside it (the result at the end).
  const copies = names.map(
    (name, i) =>
      `const c${i} = { ...n${i} }; c${i}[${name}] = ${i === names.length - 1 ? 'result' : `c${i + 1}`};`,
  );
  const body = `let n0 = input; if (${notObject('n0')}) return undefined; ${loads.join(' ')} ${copies.reverse().join(' ')} return c0;`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the code holds only JSON string literals of names
    const make = new Function(`'use strict'; return (input, result) => { ${body} };`) as () => Write;
    return make();
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    return undefined;
  }
}

/** A copy of `node` with `value` at `steps[i..]`; undefined when the path cannot be applied. */
export function setAt(
  node: Json | undefined,
  steps: readonly Step[],
  i: number,
  value: Json,
): Json | undefined {
  const step = steps[i];
  if (step === undefined) return value;
  if (typeof step === 'number') {
    // An array element can be replaced but not created: AWS never invents array slots.
    if (!Array.isArray(node)) return undefined;
    const index = step < 0 ? node.length + step : step;
    if (index < 0 || index >= node.length) return undefined;
    const child = setAt(node[index], steps, i + 1, value);
    if (child === undefined) return undefined;
    const copy = node.slice();
    copy[index] = child;
    return copy;
  }
  if (node === undefined) node = {};
  if (!isJsonObject(node)) return undefined;
  const child = setAt(Object.hasOwn(node, step) ? node[step] : undefined, steps, i + 1, value);
  if (child === undefined) return undefined;
  // A spread then a store: a spread with a computed key is several times slower.
  const copy = { ...node };
  setOwn(copy, step, child);
  return copy;
}
