import type { Json } from '../../json.ts';
import type { Scope } from '../scope.ts';
import type { PathRoot } from './segments.ts';

type Select = (scope: Scope) => Json | undefined;

/**
 * The selection of a path made only of single steps (`$.a.b[0]`, the common case) from its root:
 * undefined when a step finds nothing. Generated code, one function per path: each step a load
 * of its own call site, monomorphic when the documents keep their shape, where one loop shared by
 * all paths made every load megamorphic (measured: the largest cost of a Pass state's Parameters).
 * Only property names (as JSON string literals) and integers are written into the code. A name
 * that Object.prototype has (e.g. "constructor") is read only when it is an own key; any other is
 * read at once (JSON values are never undefined, so undefined is "absent"). Where code generation
 * is off (node --disallow-code-generation-from-strings), the loop.
 */
export function simpleSelect(
  root: PathRoot,
  steps: readonly (string | number)[],
  rootOf: (scope: Scope) => Json | undefined,
  /** What a selection of nothing answers instead of undefined (it throws: a field's failure). */
  missing?: (scope: Scope) => never,
): Select {
  const none = missing ? 'return m(scope);' : 'return undefined;';
  const start =
    root.kind === 'variable'
      ? `scope.variable(${JSON.stringify(root.name)})`
      : root.kind === 'context'
        ? 'scope.context'
        : 'scope.input';
  const code = steps.map((step) => {
    if (typeof step === 'number') {
      const index = step < 0 ? `v.length - ${-step}` : String(step);
      return `if (!Array.isArray(v)) ${none} v = v[${index}];`;
    }
    const name = JSON.stringify(step);
    const own = step in Object.prototype ? ` || !Object.hasOwn(v, ${name})` : '';
    return `if (typeof v !== 'object' || v === null || Array.isArray(v)${own}) ${none} v = v[${name}];`;
  });
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the code holds only JSON string literals and integers
    const make = new Function(
      'm',
      `'use strict'; return (scope) => { let v = ${start}; ${code.join(' ')} ${missing ? 'if (v === undefined) return m(scope);' : ''} return v; };`,
    ) as (m: ((scope: Scope) => never) | undefined) => Select;
    return make(missing);
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    if (!missing) return (scope) => walkSimple(rootOf(scope), steps);
    return (scope) => {
      const value = walkSimple(rootOf(scope), steps);
      return value === undefined ? missing(scope) : value;
    };
  }
}

/** The same walk as a loop (code generation off). */
export function walkSimple(start: Json | undefined, steps: readonly (string | number)[]): Json | undefined {
  let value = start;
  for (const step of steps) {
    if (value === undefined || value === null || typeof value !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(value)) return undefined;
      value = value[step < 0 ? value.length + step : step];
    } else {
      if (Array.isArray(value) || !Object.hasOwn(value, step)) return undefined;
      value = value[step];
    }
  }
  return value;
}
