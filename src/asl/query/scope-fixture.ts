import type { Json } from '../json.ts';
import type { Scope } from './scope.ts';

/** A deterministic Scope for tests: fixed random draw and UUID, variables from a record. */
export function fixtureScope(
  input: Json,
  options: { context?: Json; variables?: Record<string, Json>; random?: number; uuid?: string } = {},
): Scope {
  const variables = options.variables ?? {};
  return {
    input,
    context: options.context ?? {},
    variable: (name) => (Object.hasOwn(variables, name) ? variables[name] : undefined),
    random: () => options.random ?? 0.5,
    uuid: () => options.uuid ?? '0b7d3c1e-5f3a-4c2b-9d8e-1a2b3c4d5e6f',
  };
}
