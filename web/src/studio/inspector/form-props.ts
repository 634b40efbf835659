import type { JsonObject } from '../json-edit.ts';

/** What every inspector form gets: the state, and ways to change it. */
export interface StateFormProps {
  readonly definition: JsonObject;
  readonly name: string;
  readonly state: JsonObject;
  /** One key set (undefined removes it), in place. */
  readonly set: (key: string, value: unknown) => void;
  /** The whole state replaced (several keys at once). */
  readonly replace: (state: JsonObject) => void;
  /** The states of the same scope, for Next, Default and Catch targets. */
  readonly names: readonly string[];
  /** Whether the state's query language is JSONata (its own QueryLanguage, else the definition's). */
  readonly jsonata: boolean;
}
