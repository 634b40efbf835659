import { Buffer } from 'node:buffer';
import type { Json } from '../asl/index.ts';
import { isJsonObject } from '../asl/index.ts';
import { invalidToken } from './errors.ts';

/**
 * Opaque pagination tokens: the position after the last item returned (a keyset, so items added
 * or removed meanwhile do not shift pages) bound to the query it came from. A token from another
 * query or a forged one is InvalidToken, as AWS answers.
 */
export function encodePageToken(query: string, position: Json): string {
  return Buffer.from(JSON.stringify({ q: query, p: position }), 'utf8').toString('base64url');
}

export function decodePageToken(token: string, query: string): Json {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (!isJsonObject(decoded as Json) || (decoded as { q?: unknown }).q !== query) throw invalidToken();
  const position = (decoded as { p?: Json }).p;
  if (position === undefined) throw invalidToken();
  return position;
}

/** `maxResults` 0 or absent means AWS's default page of 100 (API reference, ListExecutions). */
export function pageSize(maxResults: number | undefined): number {
  return maxResults === undefined || maxResults === 0 ? 100 : maxResults;
}
