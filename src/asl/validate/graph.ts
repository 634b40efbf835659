import type { Fields } from './values.ts';
import { isFields } from './values.ts';

/** The states one state can hand over to: Next, Default, every Choices[].Next and Catch[].Next. */
export function transitionTargets(state: unknown): string[] {
  if (!isFields(state)) return [];
  const targets: string[] = [];
  const add = (holder: unknown): void => {
    if (isFields(holder) && typeof holder.Next === 'string') targets.push(holder.Next);
  };
  add(state);
  if (typeof state.Default === 'string') targets.push(state.Default);
  for (const list of [state.Choices, state.Catch]) if (Array.isArray(list)) list.forEach(add);
  return targets;
}

/** Names reachable from StartAt within one `States` object (transitions never cross into or out of a branch). */
export function reachableStates(states: Fields, startAt: string): Set<string> {
  const reached = new Set<string>();
  const pending = Object.hasOwn(states, startAt) ? [startAt] : [];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (reached.has(name)) continue;
    reached.add(name);
    for (const target of transitionTargets(states[name]))
      if (Object.hasOwn(states, target) && !reached.has(target)) pending.push(target);
  }
  return reached;
}

/** A terminal state exists: Succeed, Fail, or End: true (the MISSING_END_STATE rule). */
export function hasTerminalState(states: Fields): boolean {
  return Object.values(states).some(
    (s) => isFields(s) && (s.Type === 'Succeed' || s.Type === 'Fail' || s.End === true),
  );
}
