import type { Json, JsonObject } from '../asl/index.ts';

/**
 * A distributed Map's ItemReader, evaluated: the S3 action (`arn:aws:states:::s3:getObject` or
 * `s3:listObjectsV2`), its Parameters/Arguments, the ReaderConfig as written and MaxItems as
 * evaluated (AWS guide, "ItemReader (Map)").
 */
export interface ItemReadRequest {
  readonly resource: string;
  readonly parameters: Json;
  readonly readerConfig: JsonObject;
  /** MaxItems or MaxItemsPath's value; 0 or absent: every item. */
  readonly maxItems: number | undefined;
  readonly signal: AbortSignal;
}

/** Items as the reader parses them, a part at a time; a failure part ends the stream. */
export type ItemPart =
  { readonly items: Json[] } | { readonly items?: undefined; readonly error: string; readonly cause: string };

/**
 * The items are streamed (AWS reads large objects as it goes, never whole): the caller starts
 * children while reading goes on, and the reader reads no further than the caller pulls.
 */
export type ItemReadResult =
  | { readonly ok: true; readonly items: AsyncIterable<ItemPart> }
  | { readonly ok: false; readonly error: string; readonly cause: string };

/** One file ResultWriter writes: its key under the run's prefix and its text. */
export interface ResultFile {
  readonly key: string;
  readonly body: string;
}

/** ResultWriter's `s3:putObject`: the files of a Map Run, then its manifest (AWS guide, "ResultWriter (Map)"). */
export interface ResultWriteRequest {
  readonly resource: string;
  readonly bucket: string;
  readonly files: readonly ResultFile[];
  readonly signal: AbortSignal;
}

export type ResultWriteResult =
  | { readonly ok: true; readonly sizes: readonly number[] }
  | { readonly ok: false; readonly error: string; readonly cause: string };

/** Where a distributed Map reads its items and writes its results (Amazon S3, or an S3-compatible endpoint). */
export interface MapData {
  readItems(request: ItemReadRequest): Promise<ItemReadResult>;
  writeResults(request: ResultWriteRequest): Promise<ResultWriteResult>;
}
