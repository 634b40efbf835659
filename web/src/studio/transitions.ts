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
