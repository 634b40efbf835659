// The designer's edits of a definition, as pure functions of (definition, scope, …) → definition.
// Each keeps every field it does not touch, and the order of keys and states.
import type { JsonObject } from './json-edit.ts';
import { isObject, withKey } from './json-edit.ts';
import type { ScopePath } from './scope.ts';
import type { ScopedState } from './scope.ts';
import { sameScope, startAtOf, stateAt, statesById, statesOf, TOP, updateScope } from './scope.ts';
import type { Slot } from './transitions.ts';
import { connect, redirect, setNext, setSlot, soleSuccessor, targetsOf } from './transitions.ts';

/** Where a new state goes: on its own, after a state, or on the edge `from` → `to`. */
export type Placement =
  | { readonly kind: 'alone' }
  | { readonly kind: 'after'; readonly name: string }
  /** `from` undefined: the Start edge (the new state becomes StartAt); `to` undefined: the End edge. */
  | { readonly kind: 'between'; readonly from: string | undefined; readonly to: string | undefined };

function withStates(
  definition: JsonObject,
  scope: ScopePath,
  update: (states: JsonObject, machine: JsonObject) => { states: JsonObject; startAt?: string | undefined },
): JsonObject {
  return updateScope(definition, scope, (machine) => {
    const states = isObject(machine.States) ? machine.States : {};
    const result = update(states, machine);
    let out = withKey(machine, 'States', result.states);
    if ('startAt' in result) out = withStartAt(out, result.startAt);
    return out;
  });
}

/** `StartAt` set before `States`, as definitions are written (and AWS prints them). */
function withStartAt(machine: JsonObject, startAt: string | undefined): JsonObject {
  if ('StartAt' in machine || startAt === undefined) return withKey(machine, 'StartAt', startAt);
  const { States: states, ...rest } = machine;
  return states === undefined ? { ...rest, StartAt: startAt } : { ...rest, StartAt: startAt, States: states };
}

/** `states` with `name` inserted just after `after` (last when `after` is undefined). */
function insertAfter(
  states: JsonObject,
  after: string | undefined,
  name: string,
  state: JsonObject,
): JsonObject {
  if (after === undefined || !(after in states)) return { ...states, [name]: state };
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(states)) {
    out[key] = value;
    if (key === after) out[name] = state;
  }
  return out;
}

function namesOf(definition: JsonObject): Set<string> {
  return new Set([...statesById(definition).values()].map((s) => s.name));
}

function freeName(taken: ReadonlySet<string>, base: string): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`;
}

/** A name no state of the definition has yet: `base`, else `base 2`, `base 3`, … */
export function uniqueName(definition: JsonObject, base: string): string {
  return freeName(namesOf(definition), base);
}

export function addState(
  definition: JsonObject,
  scope: ScopePath,
  name: string,
  state: JsonObject,
  placement: Placement,
): JsonObject {
  return withStates(definition, scope, (states, machine) => {
    const empty = Object.keys(states).length === 0 || typeof machine.StartAt !== 'string';
    const start = empty ? { startAt: name } : {};
    if (placement.kind === 'alone') return { states: { ...states, [name]: state }, ...start };
    if (placement.kind === 'between' && placement.to !== undefined) {
      const { from, to } = placement;
      const added = connect(state, to) ?? state;
      if (from === undefined) return { states: { [name]: added, ...states }, startAt: name };
      const source = isObject(states[from]) ? redirect(states[from], to, name) : undefined;
      const updated = source ? { ...states, [from]: source } : states;
      return { states: insertAfter(updated, from, name, added), ...start };
    }
    const after = placement.kind === 'after' ? placement.name : placement.from;
    const source = after === undefined ? undefined : states[after];
    if (after === undefined || !isObject(source)) return { states: { ...states, [name]: state }, ...start };
    const joined = connect(source, name);
    if (joined) {
      // The state after `after` now follows the new one.
      const old = soleSuccessor(source);
      const added = old === undefined ? state : (connect(state, old) ?? state);
      return { states: insertAfter({ ...states, [after]: joined }, after, name, added) };
    }
    if (source.Type === 'Choice' && typeof source.Default === 'string') {
      // Every branch is set: the new state goes between the Choice and its Default.
      const added = connect(state, source.Default) ?? state;
      return {
        states: insertAfter({ ...states, [after]: withKey(source, 'Default', name) }, after, name, added),
      };
    }
    return { states: insertAfter(states, after, name, state) };
  });
}

/** Removes a state; what led to it leads to its Next instead (or ends, or loses that branch). */
export function deleteState(definition: JsonObject, scope: ScopePath, name: string): JsonObject {
  const removed = stateAt(definition, scope, name);
  const next = removed ? soleSuccessor(removed) : undefined;
  return withStates(definition, scope, (states) => {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(states)) {
      if (key !== name) out[key] = isObject(value) ? redirect(value, name, next) : value;
    }
    if (startAtOf(definition, scope) !== name) return { states: out };
    const startAt = next !== undefined && next in out ? next : Object.keys(out)[0];
    return { states: out, startAt };
  });
}

/** Why `newName` cannot replace `oldName`, or undefined when it can. */
export function renameProblem(definition: JsonObject, oldName: string, newName: string): string | undefined {
  if (newName === oldName) return undefined;
  if (newName.trim() === '') return 'A state needs a name.';
  if (newName.length > 80) return 'A state name has at most 80 characters.';
  const taken = [...statesById(definition).values()].some((s) => s.name === newName);
  return taken ? `A state named "${newName}" already exists.` : undefined;
}

/** Renames a state in place; StartAt, Next, Default, Choice rules and Catch follow. */
export function renameState(
  definition: JsonObject,
  scope: ScopePath,
  oldName: string,
  newName: string,
): JsonObject {
  if (oldName === newName) return definition;
  return withStates(definition, scope, (states) => {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(states)) {
      out[key === oldName ? newName : key] = isObject(value) ? redirect(value, oldName, newName) : value;
    }
    return startAtOf(definition, scope) === oldName ? { states: out, startAt: newName } : { states: out };
  });
}

export function setStartAt(definition: JsonObject, scope: ScopePath, name: string): JsonObject {
  return withStates(definition, scope, (states) => ({ states, startAt: name }));
}

/** The state `name` replaced by `state` (the inspector's edits); its place among the states stays. */
export function replaceState(
  definition: JsonObject,
  scope: ScopePath,
  name: string,
  state: JsonObject,
): JsonObject {
  if (!(name in statesOf(definition, scope))) return definition;
  return withStates(definition, scope, (states) => ({ states: { ...states, [name]: state } }));
}

/**
 * A copy of a state, named `<name> copy`, right after it (between it and its Next); a copy of a
 * Choice, Succeed or Fail stands alone. States inside a copied Parallel or Map are renamed too:
 * names are unique across the whole definition.
 */
export function duplicateState(
  definition: JsonObject,
  scope: ScopePath,
  name: string,
): { definition: JsonObject; name: string } {
  const state = stateAt(definition, scope, name);
  if (!state) return { definition, name };
  const taken = namesOf(definition);
  const copyName = freeName(taken, `${name} copy`);
  taken.add(copyName);
  // The copy as a definition of its own, so renameState renames its inner states in their scopes.
  let wrapper: JsonObject = { States: { [copyName]: structuredClone(state) } };
  for (const inner of [...statesById(wrapper).values()].filter((s) => s.scope.length > 0)) {
    const renamed = freeName(taken, `${inner.name} copy`);
    taken.add(renamed);
    wrapper = renameState(wrapper, inner.scope, inner.name, renamed);
  }
  const copy = stateAt(wrapper, TOP, copyName) ?? state;
  const placement: Placement =
    copy.Type !== 'Choice' && soleSuccessor(state) !== undefined
      ? { kind: 'after', name }
      : { kind: 'alone' };
  return { definition: addState(definition, scope, copyName, copy, placement), name: copyName };
}

/** Several states deleted, one after the other; one inside another deleted state goes with it. */
export function deleteStates(definition: JsonObject, states: readonly ScopedState[]): JsonObject {
  return states.reduce((out, { scope, name }) => deleteState(out, scope, name), definition);
}

/** Several states duplicated; returns the copies' names for the new selection. */
export function duplicateStates(
  definition: JsonObject,
  states: readonly ScopedState[],
): { definition: JsonObject; copies: ScopedState[] } {
  let out = definition;
  const copies: ScopedState[] = [];
  for (const { scope, name } of states) {
    if (!stateAt(out, scope, name)) continue;
    const copy = duplicateState(out, scope, name);
    out = copy.definition;
    copies.push({ scope, name: copy.name });
  }
  return { definition: out, copies };
}

/** The transition in `slot` of state `name` made to point at `target` (a drag from a handle). */
export function connectState(
  definition: JsonObject,
  scope: ScopePath,
  name: string,
  slot: Slot,
  target: string,
): JsonObject {
  const state = stateAt(definition, scope, name);
  if (!state || !(target in statesOf(definition, scope))) return definition;
  return replaceState(definition, scope, name, setSlot(state, slot, target));
}

/** Whether `scope` lies inside the state `state` (one of its branches, or deeper). */
function isInside(scope: ScopePath, state: ScopedState): boolean {
  const path = [...state.scope, 'States', state.name];
  return scope.length > path.length && sameScope(scope.slice(0, path.length), path);
}

/** Whether moving `state` to `placement` in `scope` would change nothing or cannot be done. */
function moveIsIdle(state: ScopedState, scope: ScopePath, placement: Placement): boolean {
  if (isInside(scope, state)) return true;
  if (!sameScope(scope, state.scope)) return false;
  const self = state.name;
  if (placement.kind === 'alone') return false;
  if (placement.kind === 'after') return placement.name === self;
  return placement.from === self || placement.to === self;
}

/**
 * Moves a state to another place in the flow: out of its old place (what led to it leads to its
 * Next, as on delete) and into the new one (as a new state would go). Moved to another scope it
 * keeps only the transitions that scope can resolve. A state moved into itself stays put.
 */
export function moveState(
  definition: JsonObject,
  state: ScopedState,
  scope: ScopePath,
  placement: Placement,
): JsonObject {
  const moving = stateAt(definition, state.scope, state.name);
  if (!moving || moveIsIdle(state, scope, placement)) return definition;
  const without = deleteState(definition, state.scope, state.name);
  // A Choice keeps its rules; any other state gets its Next from the new place.
  let detached = moving.Type === 'Choice' ? moving : setNext(moving, undefined);
  const known = statesOf(without, scope);
  for (const target of targetsOf(detached)) {
    if (!(target in known)) detached = redirect(detached, target, undefined);
  }
  return addState(without, scope, state.name, detached, placement);
}
