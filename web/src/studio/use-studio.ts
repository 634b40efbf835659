// The studio's state and the edits the canvas, palette and keyboard make.
import { useEffect, useEffectEvent, useReducer, useState } from 'react';
import type { Target } from './drop-target.ts';
import { nodeTarget } from './drop-target.ts';
import { addState, connectState, deleteStates, duplicateStates, moveState, uniqueName } from './edit-ops.ts';
import type { JsonObject } from './json-edit.ts';
import { isObject } from './json-edit.ts';
import type { ScopedState } from './scope.ts';
import { statesById, statesOf, TOP } from './scope.ts';
import { initialStudio, studioReducer } from './studio-state.ts';
import { templateById } from './templates.ts';
import type { Slot } from './transitions.ts';
import { isTerminal } from './transitions.ts';

/** Where a click on the palette adds: the picked "+", after the selected state, after the last end. */
function clickTarget(
  definition: JsonObject,
  selected: ScopedState | undefined,
  picked: Target | undefined,
): Target | undefined {
  if (picked) return picked;
  const byName = [...statesById(definition).values()];
  if (byName.length === 0) return { scope: TOP, placement: { kind: 'alone' }, label: 'as the first state' };
  if (selected) {
    const state = statesOf(definition, selected.scope)[selected.name];
    if (isObject(state) && !isTerminal(state)) return nodeTarget(selected);
  }
  const ends = Object.entries(statesOf(definition, TOP)).filter(([, s]) => isObject(s) && s.End === true);
  const last = ends.at(-1);
  return last ? nodeTarget({ scope: TOP, name: last[0] }) : undefined;
}

/**
 * Whether a key press belongs to a text field (or the code editor), not to the canvas. The code
 * editor lives in a shadow root, whose events reach the window retargeted to its host: the
 * composed path names the element really typed in.
 */
function typing(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0];
  return (
    target instanceof Element &&
    !!target.closest('input, textarea, select, [contenteditable="true"], .cm-editor')
  );
}

export interface StudioKeys {
  /** Ctrl+S. */
  readonly onSave: () => void;
  /** "?": the shortcuts' help. */
  readonly onHelp: () => void;
}

export function useStudio(initial: JsonObject, keys: StudioKeys) {
  const [state, dispatch] = useReducer(studioReducer, initial, initialStudio);
  const [picked, setPicked] = useState<Target>();
  const definition = state.history.present.definition;
  const language = definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  const where = clickTarget(definition, state.selected, picked);

  const add = (templateId: string, target: Target | undefined = where): void => {
    const template = templateById(templateId);
    if (!template) return;
    const name = uniqueName(definition, template.name);
    const placed = target ?? { scope: TOP, placement: { kind: 'alone' as const }, label: '' };
    const next = addState(definition, placed.scope, name, template.state(language, name), placed.placement);
    dispatch({ kind: 'edit', definition: next, select: { scope: placed.scope, name } });
    setPicked(undefined);
  };

  /** Deletes every selected state. */
  const remove = (): void => {
    if (state.selection.length === 0) return;
    dispatch({ kind: 'edit', definition: deleteStates(definition, state.selection), select: null });
  };

  /** Duplicates every selected state; the copies become the selection. */
  const duplicate = (): void => {
    if (state.selection.length === 0) return;
    const { definition: next, copies } = duplicateStates(definition, state.selection);
    dispatch({ kind: 'edit', definition: next, select: copies });
  };

  /** The state drawn as node `id` dragged to `target`. */
  const move = (id: string, target: Target): void => {
    const moving = statesById(definition).get(id);
    if (!moving) return;
    const next = moveState(definition, moving, target.scope, target.placement);
    dispatch({ kind: 'edit', definition: next, select: { scope: target.scope, name: moving.name } });
  };

  /** A drag from the handle `slot` of node `id` to the state named `target` (names are unique). */
  const connectTo = (id: string, slot: Slot, target: string): void => {
    const source = statesById(definition).get(id);
    if (!source) return;
    dispatch({
      kind: 'edit',
      definition: connectState(definition, source.scope, source.name, slot, target),
    });
  };

  const select = (name: string | undefined, toggle = false): void => {
    const found =
      name === undefined ? undefined : [...statesById(definition).values()].find((s) => s.name === name);
    dispatch({ kind: 'select', state: found, toggle });
  };

  /** The states named `names` (a rubber band), added to the selection when `additive`. */
  const selectMany = (names: readonly string[], additive: boolean): void => {
    const states = [...statesById(definition).values()].filter((s) => names.includes(s.name));
    const kept = additive ? state.selection.filter((s) => !names.includes(s.name)) : [];
    dispatch({ kind: 'select-many', states: [...kept, ...states] });
  };

  // The shortcuts of the help popover (ShortcutsHelp.tsx).
  const onKey = useEffectEvent((event: KeyboardEvent): void => {
    const mod = event.ctrlKey || event.metaKey;
    // Ctrl+S saves from anywhere, a text field included (never the browser's "Save page").
    if (mod && event.key.toLowerCase() === 's') {
      event.preventDefault();
      return keys.onSave();
    }
    if (typing(event)) return;
    if (mod && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      dispatch({ kind: event.shiftKey ? 'redo' : 'undo' });
    } else if (mod && event.key.toLowerCase() === 'y') {
      event.preventDefault();
      dispatch({ kind: 'redo' });
    } else if (mod && event.key.toLowerCase() === 'd') {
      event.preventDefault();
      duplicate();
    } else if (mod && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      dispatch({ kind: 'select-many', states: [...statesById(definition).values()] });
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && state.selection.length > 0) {
      event.preventDefault();
      remove();
    } else if (event.key === 'Escape') {
      setPicked(undefined);
      dispatch({ kind: 'select', state: undefined });
    } else if (event.key === '?') {
      keys.onHelp();
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent): void => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  return {
    state,
    dispatch,
    definition,
    picked,
    setPicked,
    where,
    add,
    remove,
    duplicate,
    move,
    connectTo,
    select,
    selectMany,
  };
}
