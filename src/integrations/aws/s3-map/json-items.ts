import type { Json } from '../../../asl/index.ts';
import { isJsonObject } from '../../../asl/index.ts';
import { ItemReaderFailure } from './item-reader-failure.ts';

/** RFC 6901: `/a/0/b` selects `doc.a[0].b`; `~1` is `/` and `~0` is `~`. */
function pointed(doc: Json, pointer: string): Json | undefined {
  if (pointer === '') return doc;
  if (!pointer.startsWith('/')) throw new ItemReaderFailure(`Invalid ItemsPointer: ${pointer}`);
  let at: Json | undefined = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(at) && /^(0|[1-9]\d*)$/.test(token)) at = at[Number(token)];
    else if (isJsonObject(at)) at = at[token];
    else return undefined;
    if (at === undefined) return undefined;
  }
  return at;
}

/**
 * The items of a JSON object: the array it is, or the array ReaderConfig.ItemsPointer points at
 * inside it (a JSON Pointer). Anything else fails as AWS's does (AWS-recorded: LocalStack's
 * test_map_item_reader_json_no_json_list_object snapshot).
 */
export function jsonItems(text: string, itemsPointer: string | undefined): Json[] {
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (e) {
    throw new ItemReaderFailure(`The JSON object could not be parsed: ${(e as Error).message}`);
  }
  const items = itemsPointer === undefined ? doc : pointed(doc, itemsPointer);
  if (!Array.isArray(items)) throw new ItemReaderFailure('Attempting to map over non-iterable node.');
  return items;
}

/** JSON Lines: one JSON value per non-empty line; the values of each chunk's lines together. */
export async function* jsonlItems(chunks: AsyncIterable<string>): AsyncGenerator<readonly Json[]> {
  let rest = '';
  let line = 0;
  const parse = (text: string): Json | undefined => {
    line++;
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as Json;
    } catch (e) {
      throw new ItemReaderFailure(`Line ${line} of the JSONL object is not JSON: ${(e as Error).message}`);
    }
  };
  for await (const chunk of chunks) {
    rest += chunk;
    const items: Json[] = [];
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n', start)) {
      const item = parse(rest.slice(start, nl));
      if (item !== undefined) items.push(item);
      start = nl + 1;
    }
    rest = rest.slice(start);
    if (items.length) yield items;
  }
  const last = parse(rest);
  if (last !== undefined) yield [last];
}
