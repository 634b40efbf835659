// A scope is one `StartAt` + `States` pair: the top level, a Parallel branch or a Map's processor.
// It is named by its path from the definition's root, e.g. ['States', 'P', 'Branches', 0].
import type { JsonObject, Path } from './json-edit.ts';
import { getIn, isObject, updateIn } from './json-edit.ts';

export type ScopePath = Path;

export const TOP: ScopePath = [];

/** The states of a scope, in definition order. */
export function statesOf(definition: JsonObject, scope: ScopePath): JsonObject {
  const states = getIn(definition, [...scope, 'States']);
  return isObject(states) ? states : {};
}

export function stateAt(definition: JsonObject, scope: ScopePath, name: string): JsonObject | undefined {
  const state = statesOf(definition, scope)[name];
  return isObject(state) ? state : undefined;
}

export function startAtOf(definition: JsonObject, scope: ScopePath): string | undefined {
  const start = getIn(definition, [...scope, 'StartAt']);
  return typeof start === 'string' ? start : undefined;
}

/** `definition` with the scope's `StartAt`/`States` holder replaced by `update(holder)`. */
export function updateScope(
  definition: JsonObject,
  scope: ScopePath,
  update: (machine: JsonObject) => JsonObject,
): JsonObject {
  const updated = updateIn(definition, scope, (machine) => update(isObject(machine) ? machine : {}));
  return isObject(updated) ? updated : definition;
}

/** The scopes nested in a state: its Parallel branches or its Map processor. */
export function innerScopes(state: JsonObject, path: ScopePath): ScopePath[] {
  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
    return state.Branches.map((_, index) => [...path, 'Branches', index]);
  }
  if (state.Type === 'Map') {
    if (isObject(state.ItemProcessor)) return [[...path, 'ItemProcessor']];
    if (isObject(state.Iterator)) return [[...path, 'Iterator']];
  }
  return [];
}

export interface ScopedState {
  readonly scope: ScopePath;
  readonly name: string;
}

/**
 * Every state with its scope, keyed by the id the graph gives its node (`/A`, `/P[0]/B`, `/M/C`:
 * the scheme of graph/asl-graph.ts), so a click or a drop on the canvas names its state exactly.
 */
export function statesById(definition: JsonObject): Map<string, ScopedState> {
  const byId = new Map<string, ScopedState>();
  const walk = (scope: ScopePath, prefix: string): void => {
    for (const [name, state] of Object.entries(statesOf(definition, scope))) {
      if (!isObject(state)) continue;
      const id = `${prefix}/${name}`;
      byId.set(id, { scope, name });
      const path = [...scope, 'States', name];
      if (state.Type === 'Parallel') {
        innerScopes(state, path).forEach((inner, index) => walk(inner, `${id}[${index}]`));
      } else {
        for (const inner of innerScopes(state, path)) walk(inner, id);
      }
    }
  };
  walk(TOP, '');
  return byId;
}

export function sameScope(a: ScopePath, b: ScopePath): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}
