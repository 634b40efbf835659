// The transitions a state holds (Next, End, Choice rules' Next, Default, Catch's Next) and the
// edits of them that the designer makes when it adds, removes or renames a state.
import type { JsonObject } from './json-edit.ts';
import { isObject, replaceKey, withKey } from './json-edit.ts';

/** Succeed and Fail end their scope: they take no Next and no End. */
export function isTerminal(state: JsonObject): boolean {
  return state.Type === 'Succeed' || state.Type === 'Fail';
}

/** The state's `Next`, placed where its `End` was; `undefined` makes it end its scope instead. */
export function setNext(state: JsonObject, target: string | undefined): JsonObject {
  if (isTerminal(state) || state.Type === 'Choice') return withKey(state, 'Next', target);
  if (target === undefined) return replaceKey(state, 'Next', 'End', true);
  return replaceKey(state, 'End', 'Next', target);
}

function mapList(value: unknown, map: (item: JsonObject) => JsonObject | undefined): unknown {
  if (!Array.isArray(value)) return value;
  return value.flatMap((item: unknown) => {
    if (!isObject(item)) return [item];
    const mapped = map(item);
    return mapped === undefined ? [] : [mapped];
  });
}

/**
 * Every reference to `from` made to point at `to`. With `to` undefined the reference goes away:
 * a Next becomes End, a rule loses its Next, a Default is dropped, a Catch is removed.
 */
export function redirect(state: JsonObject, from: string, to: string | undefined): JsonObject {
  let out = state;
  if (out.Next === from) out = setNext(out, to);
  if (out.Default === from) out = withKey(out, 'Default', to);
  if (Array.isArray(out.Choices)) {
    out = withKey(
      out,
      'Choices',
      mapList(out.Choices, (rule) => (rule.Next === from ? withKey(rule, 'Next', to) : rule)),
    );
  }
  if (Array.isArray(out.Catch)) {
    out = withKey(
      out,
      'Catch',
      mapList(out.Catch, (catcher) =>
        catcher.Next !== from ? catcher : to === undefined ? undefined : withKey(catcher, 'Next', to),
      ),
    );
  }
  return out;
}

/** A Choice's first branch with no target yet: a rule without Next, else the missing Default. */
function openChoiceSlot(state: JsonObject): 'rule' | 'default' | undefined {
  if (
    Array.isArray(state.Choices) &&
    state.Choices.some((rule) => isObject(rule) && rule.Next === undefined)
  ) {
    return 'rule';
  }
  return state.Default === undefined ? 'default' : undefined;
}

/**
 * `state` continued by `target`: its Next, or for a Choice its first open branch (a rule without
 * a target, then Default). Returns undefined when there is no place for it (Succeed, Fail, a
 * Choice with every branch set).
 */
export function connect(state: JsonObject, target: string): JsonObject | undefined {
  if (isTerminal(state)) return undefined;
  if (state.Type !== 'Choice') return setNext(state, target);
  const slot = openChoiceSlot(state);
  if (slot === 'default') return withKey(state, 'Default', target);
  if (slot === undefined) return undefined;
  let filled = false;
  return withKey(
    state,
    'Choices',
    mapList(state.Choices, (rule) => {
      if (filled || rule.Next !== undefined) return rule;
      filled = true;
      return withKey(rule, 'Next', target);
    }),
  );
}

/** The one state that follows `state` when it goes away: its Next (a Choice has no single one). */
export function soleSuccessor(state: JsonObject): string | undefined {
  return typeof state.Next === 'string' && state.Type !== 'Choice' ? state.Next : undefined;
}

/** One transition a state holds, by where it is written: what a connect handle on the canvas names. */
export type Slot =
  | { readonly kind: 'next' }
  | { readonly kind: 'default' }
  | { readonly kind: 'rule'; readonly index: number }
  /** `index` one past the last Catch adds a catcher for States.ALL. */
  | { readonly kind: 'catch'; readonly index: number };

/** A slot's short name on its handle: Next, Rule 1, Default, Catch 2, + Catch. */
export function slotLabel(state: JsonObject, slot: Slot): string {
  switch (slot.kind) {
    case 'next':
      return 'Next';
    case 'default':
      return 'Default';
    case 'rule':
      return `Rule ${slot.index + 1}`;
    case 'catch':
      return slot.index < (Array.isArray(state.Catch) ? state.Catch.length : 0)
        ? `Catch ${slot.index + 1}`
        : '+ Catch';
  }
}

/** The slots a state can be connected from: Next, or a Choice's rules and Default; and its Catch. */
export function slotsOf(state: JsonObject): Slot[] {
  if (isTerminal(state)) return [];
  const rules = Array.isArray(state.Choices) ? state.Choices : [];
  const flow: Slot[] =
    state.Type === 'Choice'
      ? [...rules.map((_, index): Slot => ({ kind: 'rule', index })), { kind: 'default' }]
      : [{ kind: 'next' }];
  if (!['Task', 'Map', 'Parallel'].includes(String(state.Type))) return flow;
  const catchers = Array.isArray(state.Catch) ? state.Catch.length : 0;
  return [...flow, ...Array.from({ length: catchers + 1 }, (_, index): Slot => ({ kind: 'catch', index }))];
}

/** `state` with the transition in `slot` pointing at `target`. */
export function setSlot(state: JsonObject, slot: Slot, target: string): JsonObject {
  switch (slot.kind) {
    case 'next':
      return isTerminal(state) ? state : setNext(state, target);
    case 'default':
      return withKey(state, 'Default', target);
    case 'rule': {
      const rules = Array.isArray(state.Choices) ? state.Choices : [];
      const rule: unknown = rules[slot.index];
      if (!isObject(rule)) return state;
      return withKey(
        state,
        'Choices',
        rules.map((item: unknown, i) => (i === slot.index ? withKey(rule, 'Next', target) : item)),
      );
    }
    case 'catch': {
      const catchers: unknown[] = Array.isArray(state.Catch) ? state.Catch : [];
      const catcher = catchers[slot.index];
      if (slot.index === catchers.length) {
        return withKey(state, 'Catch', [...catchers, { ErrorEquals: ['States.ALL'], Next: target }]);
      }
      if (!isObject(catcher)) return state;
      return withKey(
        state,
        'Catch',
        catchers.map((item: unknown, i) => (i === slot.index ? withKey(catcher, 'Next', target) : item)),
      );
    }
  }
}

/** Every state name `state` refers to (Next, rules, Default, Catch). */
export function targetsOf(state: JsonObject): string[] {
  const names = [state.Next, state.Default];
  for (const list of [state.Choices, state.Catch]) {
    if (Array.isArray(list)) for (const item of list) if (isObject(item)) names.push(item.Next);
  }
  return names.filter((name): name is string => typeof name === 'string');
}
