/**
 * JSON values as the interpreter sees them. Values are treated as immutable everywhere:
 * evaluators build new objects instead of mutating, so no payload is ever deep-copied
 * between transitions (structural sharing instead).
 */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `out[key] = value`, except that a "__proto__" key stays an own key (assignment would change the
 * prototype; JSON keeps it as a key). Plain assignment otherwise: it is the fast path.
 */
export function setOwn(out: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    out[key] = value;
  }
}
