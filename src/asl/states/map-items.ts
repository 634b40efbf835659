import type { Json, JsonObject } from '../json.ts';
import { isJsonObject } from '../json.ts';

/** What a Map iterates: each iteration's default input and its `$$.Map.Item`. */
export interface MapItems {
  /** The iteration inputs without ItemSelector. */
  readonly inputs: Json[];
  /** `$$.Map.Item` (`$states.context.Map.Item`) of iteration `index`, seen by ItemSelector. */
  item(index: number): JsonObject;
}

/**
 * The items of a Map from what ItemsPath/Items selected (or an ItemReader read). An array gives
 * one iteration per element. A JSON object gives one iteration per key-value pair, in the object's
 * key order, with the input `{"Key": key, "Value": value}` and `$$.Map.Item.Key` beside `Index`
 * and `Value` (AWS guide, "ItemsPath (Map, JSONPath only)": "If the input to the Map state is a
 * JSON object, it runs an iteration for each key-value pair"; the item shape and the Key context
 * field as observed on AWS in floci-io/floci#1588). JavaScript puts integer-like keys first, so
 * an object mixing them with other keys is iterated in that order. Anything else is undefined:
 * the caller fails the state.
 */
export function mapItemsOf(selected: Json): MapItems | undefined {
  if (Array.isArray(selected)) {
    return { inputs: selected, item: (index) => ({ Index: index, Value: selected[index] ?? null }) };
  }
  if (!isJsonObject(selected)) return undefined;
  const entries = Object.entries(selected);
  return {
    inputs: entries.map(([Key, Value]) => ({ Key, Value })),
    item: (index) => {
      const [key, value] = entries[index] ?? ['', null];
      return { Index: index, Key: key, Value: value };
    },
  };
}

/** The message of a Map whose items are neither an array nor an object (AWS-recorded wording). */
export const notIterable = (items: Json): string =>
  `Map state input must be an array but was: ${JSON.stringify(items)}`;
