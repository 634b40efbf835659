import type { Json, JsonObject } from '../../../asl/index.ts';
import { isJsonObject } from '../../../asl/index.ts';
import type { ItemPart, ItemReadRequest, ItemReadResult } from '../../map-data.ts';
import type { AwsClients } from '../aws-clients.ts';
import { csvItems } from './csv-items.ts';
import { ItemReaderFailure } from './item-reader-failure.ts';
import { jsonItems, jsonlItems } from './json-items.ts';
import { inventoryItems } from './inventory-items.ts';
import { S3CallFailure, S3Objects } from './s3-objects.ts';

const GET_OBJECT = /^arn:aws[a-z-]*:states:::s3:getObject$/;
const LIST_OBJECTS = /^arn:aws[a-z-]*:states:::s3:listObjectsV2$/;

/** A Map Run reads at most this many items (AWS guide, "ItemReader (Map)": MaxItems up to 100,000,000). */
const MAX_ITEMS = 100_000_000;

const text = (o: JsonObject, field: string): string | undefined =>
  typeof o[field] === 'string' ? o[field] : undefined;

/** Items per part handed over: few enough to keep memory small, enough to cost little per item. */
const PART = 500;

/**
 * Up to `limit` items of a source that yields them as it reads, in batches (a chunk's rows, a
 * page of a listing): an async step per item would cost more than the item.
 */
async function* parts(source: () => AsyncIterable<readonly Json[]>, limit: number): AsyncGenerator<ItemPart> {
  let part: Json[] = [];
  let count = 0;
  try {
    read: for await (const batch of source()) {
      for (const item of batch) {
        part.push(item);
        if (++count >= limit) break read;
        if (part.length >= PART) {
          yield { items: part };
          part = [];
        }
      }
    }
  } catch (e) {
    if (e instanceof ItemReaderFailure || e instanceof S3CallFailure) {
      yield { error: 'States.ItemReaderFailed', cause: e.message };
      return;
    }
    throw e;
  }
  if (part.length) yield { items: part };
}

/** A source of single items as batches of one (sources whose items come few and large). */
async function* single(items: AsyncIterable<Json>): AsyncGenerator<readonly Json[]> {
  for await (const item of items) yield [item];
}

/** s3:listObjectsV2: every object under Prefix, page after page, shaped as Step Functions gives them. */
async function* listed(s3: S3Objects, parameters: JsonObject): AsyncGenerator<readonly Json[]> {
  let token: string | undefined;
  do {
    const page = await s3.send('listObjectsV2', {
      ...parameters,
      ...(token ? { ContinuationToken: token } : {}),
    });
    const contents = (page['Contents'] ?? []) as {
      Key?: string;
      ETag?: string;
      LastModified?: Date;
      Size?: number;
      StorageClass?: string;
    }[];
    // AWS-recorded (LocalStack's test_map_item_reader_base_list_objects_v2): Etag, Key,
    // LastModified, Size, StorageClass.
    yield contents.map((o) => ({
      Etag: o.ETag ?? '',
      Key: o.Key ?? '',
      LastModified:
        o.LastModified instanceof Date ? o.LastModified.toISOString() : String(o.LastModified ?? ''),
      Size: o.Size ?? 0,
      StorageClass: o.StorageClass ?? 'STANDARD',
    }));
    token = page['IsTruncated'] ? (page['NextContinuationToken'] as string | undefined) : undefined;
  } while (token);
}

/** s3:getObject: the object read as ReaderConfig.InputType says. */
function objectItems(
  s3: S3Objects,
  parameters: JsonObject,
  config: JsonObject,
): AsyncIterable<readonly Json[]> {
  const bucket = text(parameters, 'Bucket');
  const key = text(parameters, 'Key');
  if (!bucket || !key)
    throw new ItemReaderFailure('The ItemReader needs a Bucket and a Key to read an object.');
  const version = text(parameters, 'VersionId');
  const inputType = text(config, 'InputType') ?? 'JSON';
  switch (inputType) {
    case 'JSON':
      return (async function* () {
        yield jsonItems(await s3.whole(bucket, key, version), text(config, 'ItemsPointer'));
      })();
    case 'JSONL':
      return jsonlItems(s3.text(bucket, key, version));
    case 'CSV':
      return csvItems(s3.text(bucket, key, version), config);
    case 'MANIFEST':
      return single(inventoryItems(s3, bucket, key, version));
    case 'PARQUET':
      return (async function* () {
        // Its reader (hyparquet) is loaded by the first Map that reads Parquet, not at every start.
        const { parquetItems } = await import('./parquet-items.ts');
        yield await parquetItems(await s3.bytes(bucket, key, version));
      })();
    default:
      throw new ItemReaderFailure(`Stepwise cannot read InputType ${inputType}.`);
  }
}

/** Reads a distributed Map's items from S3 (AWS guide, "ItemReader (Map)"). */
// eslint-disable-next-line @typescript-eslint/require-await -- the interface is asynchronous
export async function readItems(clients: AwsClients, request: ItemReadRequest): Promise<ItemReadResult> {
  const maxItems = request.maxItems ?? 0;
  if (maxItems < 0) return failed('field MaxItems must be positive');
  const limit = maxItems === 0 ? MAX_ITEMS : Math.min(maxItems, MAX_ITEMS);
  const parameters = isJsonObject(request.parameters) ? request.parameters : {};
  const s3 = new S3Objects(clients, request.signal);
  let source: () => AsyncIterable<readonly Json[]>;
  if (LIST_OBJECTS.test(request.resource)) source = () => listed(s3, parameters);
  else if (GET_OBJECT.test(request.resource))
    source = () => objectItems(s3, parameters, request.readerConfig);
  else return failed(`Stepwise cannot read items with '${request.resource}'.`);
  return { ok: true, items: parts(source, limit) };
}

const failed = (cause: string): ItemReadResult => ({ ok: false, error: 'States.ItemReaderFailed', cause });
