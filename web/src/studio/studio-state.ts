// The studio's state as one pure reducer: the document with its history and the selection.
import type { History } from './history.ts';
import { docOf, record, redo, startHistory, undo } from './history.ts';
import type { JsonObject } from './json-edit.ts';
import { isObject } from './json-edit.ts';
import type { ScopedState } from './scope.ts';
import { sameScope, statesById } from './scope.ts';

export interface StudioState {
  readonly history: History;
  /** The state the inspector shows: the last one clicked. */
  readonly selected: ScopedState | undefined;
  /** Every selected state (shift/ctrl-click, the rubber band), `selected` among them. */
  readonly selection: readonly ScopedState[];
  /** Why the code pane's text is not a definition (JSON syntax), shown above the canvas. */
  readonly codeProblem: string | undefined;
}

export type StudioAction =
  | {
      readonly kind: 'edit';
      readonly definition: JsonObject;
      /** The new selection: one state, several, or none (null); absent keeps it. */
      readonly select?: ScopedState | readonly ScopedState[] | null;
      readonly tag?: string;
    }
  | { readonly kind: 'code'; readonly text: string }
  /** `toggle`: shift/ctrl-click, which adds the state to the selection or takes it out. */
  | { readonly kind: 'select'; readonly state: ScopedState | undefined; readonly toggle?: boolean }
  | { readonly kind: 'select-many'; readonly states: readonly ScopedState[] }
  | { readonly kind: 'undo' }
  | { readonly kind: 'redo' };

export function initialStudio(definition: JsonObject): StudioState {
  return {
    history: startHistory(docOf(definition)),
    selected: undefined,
    selection: [],
    codeProblem: undefined,
  };
}

const same = (a: ScopedState, b: ScopedState): boolean => a.name === b.name && sameScope(a.scope, b.scope);

/** A selection of `states` (the last one shown in the inspector), less those `definition` lacks. */
function selecting(
  definition: JsonObject,
  states: readonly ScopedState[],
): Pick<StudioState, 'selected' | 'selection'> {
  const all = [...statesById(definition).values()];
  const selection = states.filter((state) => all.some((other) => same(state, other)));
  return { selection, selected: selection.at(-1) };
}

/** The selection after a click: the state alone, or (toggle) added to or taken out of the others. */
function clicked(
  state: StudioState,
  target: ScopedState | undefined,
  toggle: boolean,
): readonly ScopedState[] {
  if (!target) return toggle ? state.selection : [];
  if (!toggle) return [target];
  const rest = state.selection.filter((other) => !same(other, target));
  return rest.length < state.selection.length ? rest : [...rest, target];
}

function asList(select: ScopedState | readonly ScopedState[]): readonly ScopedState[] {
  return 'name' in select ? [select] : select;
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
    ...selecting(history.present.definition, state.selection),
    codeProblem: 'problem' in parsed ? parsed.problem : undefined,
  };
}

export function studioReducer(state: StudioState, action: StudioAction): StudioState {
  switch (action.kind) {
    case 'edit': {
      const history = record(state.history, docOf(action.definition), action.tag);
      const states = action.select === null ? [] : action.select ? asList(action.select) : state.selection;
      return { history, ...selecting(action.definition, states), codeProblem: undefined };
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
      return {
        ...state,
        ...selecting(state.history.present.definition, clicked(state, action.state, action.toggle ?? false)),
      };
    case 'select-many':
      return { ...state, ...selecting(state.history.present.definition, action.states) };
    case 'undo':
      return moved(state, undo(state.history));
    case 'redo':
      return moved(state, redo(state.history));
  }
}
