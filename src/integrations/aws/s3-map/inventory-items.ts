import type { Json, JsonObject } from '../../../asl/index.ts';
import { isJsonObject } from '../../../asl/index.ts';
import { CsvRows } from './csv-rows.ts';
import { ItemReaderFailure } from './item-reader-failure.ts';
import type { S3Objects } from './s3-objects.ts';

/** `arn:aws:s3:::bucket` (an inventory's destinationBucket) or a bare bucket name. */
const bucketOf = (v: Json | undefined, fallback: string): string =>
  typeof v === 'string' ? v.replace(/^arn:aws[a-z-]*:s3:::/, '') : fallback;

/**
 * InputType MANIFEST: an Amazon S3 Inventory `manifest.json` (S3 User Guide, "Inventory list"):
 * its `files` are gzipped CSV lists in the destination bucket, with no header; `fileSchema` names
 * the columns, and each row becomes an object with those names.
 */
export async function* inventoryItems(
  s3: S3Objects,
  bucket: string,
  key: string,
  version: string | undefined,
): AsyncGenerator<JsonObject> {
  let manifest: Json;
  try {
    manifest = JSON.parse(await s3.whole(bucket, key, version)) as Json;
  } catch (e) {
    if (e instanceof SyntaxError) throw new ItemReaderFailure(`The manifest is not JSON: ${e.message}`);
    throw e;
  }
  if (!isJsonObject(manifest) || !Array.isArray(manifest['files'])) {
    throw new ItemReaderFailure('The manifest has no files: it is not an S3 Inventory manifest.');
  }
  const format = manifest['fileFormat'];
  if (format !== undefined && format !== 'CSV') {
    throw new ItemReaderFailure(`Stepwise reads CSV inventory lists only, not ${JSON.stringify(format)}.`);
  }
  const schema =
    typeof manifest['fileSchema'] === 'string' ? manifest['fileSchema'].split(',').map((s) => s.trim()) : [];
  const filesBucket = bucketOf(manifest['destinationBucket'], bucket);
  for (const file of manifest['files']) {
    const fileKey = isJsonObject(file) && typeof file['key'] === 'string' ? file['key'] : undefined;
    if (!fileKey) continue;
    const parser = new CsvRows(',');
    const item = (row: readonly string[]): JsonObject =>
      Object.fromEntries(schema.map((name, i) => [name, row[i] ?? '']));
    for await (const chunk of s3.text(filesBucket, fileKey, undefined, fileKey.endsWith('.gz'))) {
      for (const row of parser.push(chunk)) yield item(row);
    }
    for (const row of parser.end()) yield item(row);
  }
}
