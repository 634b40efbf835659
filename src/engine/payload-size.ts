import type { Json } from '../asl/index.ts';

/**
 * The exact UTF-8 byte length of `JSON.stringify(value)`, without building the string.
 *
 * Payloads are immutable and mostly shared between a state's input and output, so the size of
 * every object and array is remembered: checking a new output walks only its new nodes.
 */
const sizes = new WeakMap<object, number>();

function stringSize(s: string): number {
  let n = 2; // the quotes
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    else if (c === 0x22 || c === 0x5c) n += 2;
    else if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 6; // a lone surrogate is written as \\uXXXX
    } else if (c >= 0xdc00 && c <= 0xdfff) n += 6;
    else n += 3;
  }
  return n;
}

export function jsonByteSize(value: Json): number {
  switch (typeof value) {
    case 'string':
      return stringSize(value);
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    default:
      break;
  }
  if (value === null) return 4;
  const known = sizes.get(value);
  if (known !== undefined) return known;
  let n = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) n += jsonByteSize(value[i] ?? null) + (i > 0 ? 1 : 0);
  } else {
    let first = true;
    for (const key in value) {
      const v = value[key];
      if (v === undefined) continue;
      n += stringSize(key) + 1 + jsonByteSize(v) + (first ? 0 : 1);
      first = false;
    }
  }
  sizes.set(value, n);
  return n;
}
