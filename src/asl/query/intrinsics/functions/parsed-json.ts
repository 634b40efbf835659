import type { Json } from '../../../json.ts';

/**
 * Texts parsed lately, with their values. Values are never mutated (json.ts), so one parse may
 * serve every later call with the same text: a payload kept as text in the input is parsed again
 * at each state that reads it, in every execution that carries it. Bounded in count and size
 * (cleared when full), like States.Format's templates: texts read from inputs may all differ.
 */
const parsed = new Map<string, Json>();
const MAX_ENTRIES = 64;
/** Longer texts are parsed every time: a cache of them could hold megabytes. */
const MAX_TEXT_LENGTH = 4096;

/** JSON.parse's value with every -0 read as 0; undefined for text that is not JSON. */
export function parsedJson(text: string): Json | undefined {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  let value: Json;
  try {
    value = parse(text);
  } catch {
    return undefined;
  }
  if (text.length <= MAX_TEXT_LENGTH) {
    if (parsed.size >= MAX_ENTRIES) parsed.clear();
    parsed.set(text, value);
  }
  return value;
}

function parse(text: string): Json {
  // A reviver disables JSON.parse's fast path: use it only when the text can hold a -0.
  return (
    /-0(?:\.0*)?(?:[eE][+-]?\d+)?(?![.\d])/.test(text)
      ? JSON.parse(text, (_key, value: Json) => (Object.is(value, -0) ? 0 : value))
      : JSON.parse(text)
  ) as Json;
}
