// Undo/redo over the studio's document. Consecutive edits with the same tag (typing in the code
// pane, typing in one inspector field) are one step, so undo takes back a word, not a letter.
import type { JsonObject } from './json-edit.ts';

export interface StudioDoc {
  /** The last definition that parsed; the canvas and the inspector show it. */
  readonly definition: JsonObject;
  /** The code pane's text: the definition printed, or what is being typed (maybe not valid JSON). */
  readonly text: string;
}

export interface History {
  readonly past: readonly StudioDoc[];
  readonly present: StudioDoc;
  readonly future: readonly StudioDoc[];
  readonly tag: string | undefined;
}

const LIMIT = 200;

export function printDefinition(definition: JsonObject): string {
  return JSON.stringify(definition, null, 2);
}

export function docOf(definition: JsonObject): StudioDoc {
  return { definition, text: printDefinition(definition) };
}

export function startHistory(doc: StudioDoc): History {
  return { past: [], present: doc, future: [], tag: undefined };
}

export function record(history: History, doc: StudioDoc, tag?: string): History {
  if (doc.text === history.present.text && doc.definition === history.present.definition) return history;
  if (tag !== undefined && tag === history.tag) return { ...history, present: doc, future: [] };
  return { past: [...history.past, history.present].slice(-LIMIT), present: doc, future: [], tag };
}

export function undo(history: History): History {
  const previous = history.past.at(-1);
  if (!previous) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
    tag: undefined,
  };
}

export function redo(history: History): History {
  const [next, ...rest] = history.future;
  if (!next) return history;
  return { past: [...history.past, history.present], present: next, future: rest, tag: undefined };
}
