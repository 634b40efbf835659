import type { JsonObject } from '../asl/index.ts';
import { isJsonObject } from '../asl/index.ts';
import { serializationError } from './errors.ts';

/** The JSON object of a request; an empty body is `{}` (some clients send none for no members). */
export function parseBody(bytes: Buffer): JsonObject {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw serializationError(error instanceof Error ? error.message : 'Malformed JSON');
  }
  if (value === null) return {};
  if (Array.isArray(value)) throw serializationError('Start of list found where not expected');
  if (!isJsonObject(value as JsonObject))
    throw serializationError('Expected a JSON object as the request body');
  return value as JsonObject;
}
