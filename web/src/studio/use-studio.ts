// The studio's state and the edits the canvas, palette and keyboard make.
import { useEffect, useEffectEvent, useReducer, useState } from 'react';
import type { Target } from './drop-target.ts';
import { nodeTarget } from './drop-target.ts';
import { addState, deleteState, uniqueName } from './edit-ops.ts';
import type { JsonObject } from './json-edit.ts';
import { isObject } from './json-edit.ts';
import type { ScopedState } from './scope.ts';
import { statesById, statesOf, TOP } from './scope.ts';
import { initialStudio, studioReducer } from './studio-state.ts';
import { templateById } from './templates.ts';
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

/** Whether a key press belongs to a text field (or the code editor), not to the canvas. */
function typing(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  return !!target?.closest('input, textarea, select, [contenteditable="true"], .cm-editor');
}

export function useStudio(initial: JsonObject) {
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

  const remove = (): void => {
    const selected = state.selected;
    if (!selected) return;
    dispatch({
      kind: 'edit',
      definition: deleteState(definition, selected.scope, selected.name),
      select: null,
    });
  };

  const select = (name: string | undefined): void => {
    const found =
      name === undefined ? undefined : [...statesById(definition).values()].find((s) => s.name === name);
    dispatch({ kind: 'select', state: found });
  };

  // Undo/redo, Delete for the selected state, Escape to forget the picked "+".
  const onKey = useEffectEvent((event: KeyboardEvent): void => {
    if (typing(event)) return;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      dispatch({ kind: event.shiftKey ? 'redo' : 'undo' });
    } else if (mod && event.key.toLowerCase() === 'y') {
      event.preventDefault();
      dispatch({ kind: 'redo' });
    } else if (event.key === 'Delete' && state.selected) {
      event.preventDefault();
      remove();
    } else if (event.key === 'Escape') {
      setPicked(undefined);
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent): void => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  return { state, dispatch, definition, picked, setPicked, where, add, remove, select };
}
