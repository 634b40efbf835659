// What a drop (or a click on a "+") on the canvas means for the edit model: the scope and
// placement of the new state, from the graph's node ids (see scope.ts statesById).
import type { Placement } from './edit-ops.ts';
import type { JsonObject } from './json-edit.ts';
import type { ScopePath, ScopedState } from './scope.ts';
import { innerScopes, stateAt, statesOf, TOP } from './scope.ts';
import { isTerminal } from './transitions.ts';

export interface Target {
  readonly scope: ScopePath;
  readonly placement: Placement;
  /** Shown while dragging over it and on the "+" button. */
  readonly label: string;
}

/**
 * A drop on the edge from node `source` to node `target`. None on the edge from a Succeed or
 * Fail to End: nothing can follow them.
 */
export function edgeTarget(
  definition: JsonObject,
  byId: ReadonlyMap<string, ScopedState>,
  source: string,
  target: string,
): Target | undefined {
  const from = byId.get(source);
  const to = byId.get(target);
  const state = from && stateAt(definition, from.scope, from.name);
  if (state && isTerminal(state)) return undefined;
  if (source === 'start' && to) {
    return {
      scope: to.scope,
      placement: { kind: 'between', from: undefined, to: to.name },
      label: `before ${to.name}`,
    };
  }
  if (!from) return undefined;
  if (target === 'end' || !to)
    return { scope: from.scope, placement: { kind: 'after', name: from.name }, label: `after ${from.name}` };
  return {
    scope: from.scope,
    placement: { kind: 'between', from: from.name, to: to.name },
    label: `between ${from.name} and ${to.name}`,
  };
}

/** A drop on a state: after it. */
export function nodeTarget(state: ScopedState): Target {
  return { scope: state.scope, placement: { kind: 'after', name: state.name }, label: `after ${state.name}` };
}

/**
 * The empty Parallel branches and Map processors, by the id of the graph node that draws them (a
 * branch `/P[1]`, a Map `/M`): a state dropped there becomes their first.
 */
export function emptyScopeTargets(
  definition: JsonObject,
  byId: ReadonlyMap<string, ScopedState>,
): Map<string, Target> {
  const out = new Map<string, Target>();
  for (const [id, { scope, name }] of byId) {
    const state = stateAt(definition, scope, name);
    if (!state) continue;
    innerScopes(state, [...scope, 'States', name]).forEach((inner, index) => {
      if (Object.keys(statesOf(definition, inner)).length > 0) return;
      const parallel = state.Type === 'Parallel';
      out.set(parallel ? `${id}[${index}]` : id, {
        scope: inner,
        placement: { kind: 'alone' },
        label: parallel ? `into branch ${index + 1} of ${name}` : `into the item processor of ${name}`,
      });
    });
  }
  return out;
}

export const EMPTY_TARGET: Target = { scope: TOP, placement: { kind: 'alone' }, label: 'as the first state' };

/** The point halfway along a polyline, where an edge's "+" sits. */
export function midpoint(points: readonly { x: number; y: number }[]): { x: number; y: number } {
  const lengths = points
    .slice(1)
    .map((p, i) => Math.hypot(p.x - (points[i]?.x ?? 0), p.y - (points[i]?.y ?? 0)));
  let half = lengths.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i] ?? 0;
    const a = points[i];
    const b = points[i + 1];
    if (!a || !b) break;
    if (half <= length) {
      const t = length === 0 ? 0 : half / length;
      return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
    }
    half -= length;
  }
  return points[0] ?? { x: 0, y: 0 };
}
