import type { JsonObject } from '../../../asl/index.ts';
import { CSV_DELIMITERS, CsvRows } from './csv-rows.ts';
import { ItemReaderFailure } from './item-reader-failure.ts';

/** A CSV header row (FIRST_ROW) or ReaderConfig.CSVHeaders (GIVEN): each row becomes an object. */
function itemOf(headers: readonly string[], row: readonly string[]): JsonObject {
  // Missing fields are empty strings; fields beyond the headers are dropped (AWS-recorded:
  // LocalStack's test_map_item_reader_csv_headers_decl_extra_fields snapshot).
  const item: Record<string, string> = {};
  headers.forEach((h, i) => {
    item[h] = row[i] ?? '';
  });
  return item;
}

/**
 * The items of delimited text: one object per row, keyed by the headers (AWS guide, "ItemReader
 * (Map)": CSVHeaderLocation FIRST_ROW or GIVEN with CSVHeaders; CSVDelimiter, default COMMA).
 */
export async function* csvItems(
  chunks: AsyncIterable<string>,
  config: JsonObject,
): AsyncGenerator<JsonObject> {
  const delimiter =
    CSV_DELIMITERS[typeof config['CSVDelimiter'] === 'string' ? config['CSVDelimiter'] : 'COMMA'];
  if (delimiter === undefined)
    throw new ItemReaderFailure(
      `Unsupported CSVDelimiter: ${JSON.stringify(config['CSVDelimiter'] ?? null)}`,
    );
  let headers: string[] | undefined;
  if (config['CSVHeaderLocation'] === 'GIVEN') {
    const given = config['CSVHeaders'];
    headers = Array.isArray(given) ? given.map(String) : [];
    if (new Set(headers).size !== headers.length) {
      throw new ItemReaderFailure('CSV headers cannot contain duplicates.');
    }
  }
  const parser = new CsvRows(delimiter);
  const rowsOf = function* (rows: string[][]): Generator<JsonObject> {
    for (const row of rows) {
      if (!headers) headers = row;
      else yield itemOf(headers, row);
    }
  };
  for await (const chunk of chunks) yield* rowsOf(parser.push(chunk));
  yield* rowsOf(parser.end());
}
