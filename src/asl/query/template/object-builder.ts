import { setOwn, type Json, type JsonObject } from '../../json.ts';
import type { Scope } from '../scope.ts';

type Evaluate = (scope: Scope) => Json;

/** One key of a template's object: its value built per evaluation, or a constant shared by all. */
export type Field = { readonly key: string } & (
  { readonly evaluate: Evaluate } | { readonly constant: Json }
);

/**
 * The function that builds a payload template's object: generated code, one object literal per
 * template. Every evaluation's object then has its hidden class at once, and each template its own
 * call sites for its fields. Built by stores from `{}` instead, every key is a megamorphic
 * transitioning store (~25 ns each, measured) shared by all templates. Only the keys are written
 * into the code, as JSON string literals (computed for "__proto__", which stays an own key);
 * values stay closures and constants. A literal's duplicate keys act as the stores did: the last
 * value at the first key's place. Where code generation is off (node
 * --disallow-code-generation-from-strings), the stores.
 */
export function objectBuilder(fields: readonly Field[]): Evaluate {
  const evaluators: Evaluate[] = [];
  const constants: Json[] = [];
  const parts = fields.map((field) => {
    const name = JSON.stringify(field.key);
    const key = field.key === '__proto__' ? `[${name}]` : name;
    if ('constant' in field) return `${key}: c[${constants.push(field.constant) - 1}]`;
    return `${key}: e[${evaluators.push(field.evaluate) - 1}](scope)`;
  });
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the code holds only JSON string literals of keys
    const make = new Function('e', 'c', `'use strict'; return (scope) => ({ ${parts.join(', ')} });`) as (
      e: readonly Evaluate[],
      c: readonly Json[],
    ) => Evaluate;
    return make(evaluators, constants);
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    return storesBuilder(fields);
  }
}

/** The same object built key by key (code generation off). */
export function storesBuilder(fields: readonly Field[]): Evaluate {
  const keys = fields.map((f) => f.key);
  const values = fields.map((f): Evaluate => {
    if ('evaluate' in f) return f.evaluate;
    const { constant } = f;
    return () => constant;
  });
  return (scope) => {
    const out: JsonObject = {};
    for (let i = 0; i < keys.length; i++) setOwn(out, keys[i]!, values[i]!(scope));
    return out;
  };
}
