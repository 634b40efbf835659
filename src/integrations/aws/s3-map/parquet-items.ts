import { parquetReadObjects, toJson } from 'hyparquet';
import type { Json } from '../../../asl/index.ts';
import { ItemReaderFailure } from './item-reader-failure.ts';

/**
 * InputType PARQUET: each row of the file an item, keyed by column name (AWS guide, "ItemReader
 * (Map)"). Read with hyparquet (pure JavaScript, no dependencies); values made JSON as it does
 * (INT64 as numbers, timestamps as ISO 8601 text, bytes as arrays of numbers). A Parquet file is
 * read from its footer, so the object is fetched whole first.
 */
export async function parquetItems(bytes: Uint8Array): Promise<Json[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const rows = await parquetReadObjects({ file });
    return rows.map((row) => toJson(row) as Json);
  } catch (e) {
    throw new ItemReaderFailure(`The Parquet object could not be read: ${(e as Error).message}`);
  }
}
