import type { JsonObject } from '../../../asl/index.ts';
import { CSV_DELIMITERS, CsvRows } from './csv-rows.ts';
import { ItemReaderFailure } from './item-reader-failure.ts';

/** A CSV header row (FIRST_ROW) or ReaderConfig.CSVHeaders (GIVEN): each row becomes an object. */
function itemOf(headers: readonly string[], row: readonly string[]): JsonObject {
  // Missing fields are empty strings; fields beyond the headers are dropped (AWS-recorded:
  // LocalStack's test_map_item_reader_csv_headers_decl_extra_fields snapshot).
  const item: Record<string, string> = {};
  for (let i = 0; i < headers.length; i++) item[headers[i]!] = row[i] ?? '';
  return item;
}

/**
 * The items of delimited text: one object per row, keyed by the headers (AWS guide, "ItemReader
 * (Map)": CSVHeaderLocation FIRST_ROW or GIVEN with CSVHeaders; CSVDelimiter, default COMMA).
 * The rows each chunk completes come together.
 */
export async function* csvItems(
  chunks: AsyncIterable<string>,
  config: JsonObject,
): AsyncGenerator<readonly JsonObject[]> {
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
  const itemsOf = (rows: string[][]): JsonObject[] => {
    const items: JsonObject[] = [];
    for (const row of rows) {
      if (!headers) headers = row;
      else items.push(itemOf(headers, row));
    }
    return items;
  };
  for await (const chunk of chunks) {
    const items = itemsOf(parser.push(chunk));
    if (items.length) yield items;
  }
  const last = itemsOf(parser.end());
  if (last.length) yield last;
}
