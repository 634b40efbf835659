// Immutable edits of parsed JSON that keep key order: a changed key stays where it was, a new key
// goes last, a renamed key keeps its place. The studio edits the definition as plain JSON so that
// fields it has no form for (and their order) survive every edit untouched.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `object` with `key` set to `value` in place (appended when new); `undefined` removes it. */
export function withKey(object: JsonObject, key: string, value: unknown): JsonObject {
  if (value === undefined) {
    if (!(key in object)) return object;
    const { [key]: _removed, ...rest } = object;
    return rest;
  }
  return { ...object, [key]: value };
}

/** `object` with `oldKey` replaced by `newKey` (and `value`) at the same position. */
export function replaceKey(object: JsonObject, oldKey: string, newKey: string, value: unknown): JsonObject {
  if (!(oldKey in object)) return withKey(object, newKey, value);
  const out: JsonObject = {};
  for (const [key, current] of Object.entries(object)) {
    if (key === oldKey) out[newKey] = value;
    else if (key !== newKey) out[key] = current;
  }
  return out;
}

export type Path = readonly (string | number)[];

export function getIn(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) {
    if (typeof key === 'number') value = Array.isArray(value) ? (value as unknown[])[key] : undefined;
    else value = isObject(value) ? value[key] : undefined;
  }
  return value;
}

/** `root` with the value at `path` replaced by `update(old)`; every object on the way keeps its order. */
export function updateIn(root: unknown, path: Path, update: (value: unknown) => unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return update(root);
  if (typeof head === 'number') {
    const list = Array.isArray(root) ? [...(root as unknown[])] : [];
    list[head] = updateIn(list[head], rest, update);
    return list;
  }
  const object = isObject(root) ? root : {};
  return { ...object, [head]: updateIn(object[head], rest, update) };
}

/** `value` as a list (an absent or malformed one is empty). */
export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}
