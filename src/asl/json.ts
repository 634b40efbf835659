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
