// The studio's state as one pure reducer: the document with its history and the selection.
import type { History } from './history.ts';
import { docOf, record, redo, startHistory, undo } from './history.ts';
import type { JsonObject } from './json-edit.ts';
import { isObject } from './json-edit.ts';
import type { ScopedState } from './scope.ts';
import { sameScope, statesById } from './scope.ts';

export interface StudioState {
  readonly history: History;
  readonly selected: ScopedState | undefined;
  /** Why the code pane's text is not a definition (JSON syntax), shown above the canvas. */
  readonly codeProblem: string | undefined;
}

export type StudioAction =
  | {
      readonly kind: 'edit';
      readonly definition: JsonObject;
      readonly select?: ScopedState | null;
      readonly tag?: string;
    }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'select'; readonly state: ScopedState | undefined }
  | { readonly kind: 'undo' }
  | { readonly kind: 'redo' };

export function initialStudio(definition: JsonObject): StudioState {
  return { history: startHistory(docOf(definition)), selected: undefined, codeProblem: undefined };
}

/** The selection if its state still exists in `definition` (undo may have removed it). */
function keepSelection(definition: JsonObject, selected: ScopedState | undefined): ScopedState | undefined {
  if (!selected) return undefined;
  for (const state of statesById(definition).values()) {
    if (state.name === selected.name && sameScope(state.scope, selected.scope)) return selected;
  }
  return undefined;
}

function parse(text: string): { definition: JsonObject } | { problem: string } {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? { definition: value } : { problem: 'A definition is a JSON object.' };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

function moved(state: StudioState, history: History): StudioState {
  const parsed = parse(history.present.text);
  return {
    history,
    selected: keepSelection(history.present.definition, state.selected),
    codeProblem: 'problem' in parsed ? parsed.problem : undefined,
  };
}

export function studioReducer(state: StudioState, action: StudioAction): StudioState {
  switch (action.kind) {
    case 'edit': {
      const history = record(state.history, docOf(action.definition), action.tag);
      const selected = action.select === null ? undefined : (action.select ?? state.selected);
      return { history, selected: keepSelection(action.definition, selected), codeProblem: undefined };
    }
    case 'code': {
      const parsed = parse(action.text);
      if ('problem' in parsed) {
        const doc = { definition: state.history.present.definition, text: action.text };
        return { ...state, history: record(state.history, doc, 'code'), codeProblem: parsed.problem };
      }
      const history = record(state.history, { definition: parsed.definition, text: action.text }, 'code');
      return moved(state, history);
    }
    case 'select':
      return { ...state, selected: action.state };
    case 'undo':
      return moved(state, undo(state.history));
    case 'redo':
      return moved(state, redo(state.history));
  }
}
