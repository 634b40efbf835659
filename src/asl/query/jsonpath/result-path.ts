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
  return (input, result) => {
    const output = setAt(input, steps, 0, result);
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

/** A copy of `node` with `value` at `steps[i..]`; undefined when the path cannot be applied. */
function setAt(node: Json | undefined, steps: readonly Step[], i: number, value: Json): Json | undefined {
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
