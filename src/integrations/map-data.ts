import type { Json, JsonObject } from '../asl/index.ts';

/** The Map state a distributed Map's read or write is for (what a saved test's mocks answer by). */
export interface MapOrigin {
  readonly executionArn: string;
  readonly stateName: string;
}

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
  readonly origin: MapOrigin;
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

/** ResultWriter's `s3:putObject`: where a Map Run's result files go (AWS guide, "ResultWriter (Map)"). */
export interface ResultWriteTarget {
  readonly resource: string;
  readonly bucket: string;
  readonly signal: AbortSignal;
  readonly origin: MapOrigin;
}

/**
 * A Map Run's result files, written while its children run: the bytes appended to a file go up
 * in parts (an S3 multipart upload) as they come, so the run holds a few parts, never its
 * results. A file appears only when `finish` ends it, as AWS's appear when the run ends.
 */
export interface ResultUpload {
  /** Appends to the file `key`, opened by its first append (files end in the order opened). */
  append(key: string, bytes: Uint8Array): void;
  /** Bytes appended and not uploaded yet: the run starts no more children while it is high. */
  readonly backlog: number;
  /** Told when an upload ends (the backlog shrank). */
  onDrain: () => void;
  /** Ends every file, then writes the manifest (or gives the failure of any call). */
  finish(manifest: { readonly key: string; readonly body: string }): Promise<ResultWriteResult>;
  /** Gives the files up (the execution stopped): nothing is written. */
  abort(): Promise<void>;
}

export type ResultUploadResult =
  | { readonly ok: true; readonly upload: ResultUpload }
  | { readonly ok: false; readonly error: string; readonly cause: string };

export type ResultWriteResult =
  { readonly ok: true } | { readonly ok: false; readonly error: string; readonly cause: string };

/** Where a distributed Map reads its items and writes its results (Amazon S3, or an S3-compatible endpoint). */
export interface MapData {
  readItems(request: ItemReadRequest): Promise<ItemReadResult>;
  uploadResults(target: ResultWriteTarget): ResultUploadResult;
  /**
   * The id the Map Run about to start takes, when pinned (a saved test replays its original's,
   * which the Map's output names); undefined: a fresh one.
   */
  mapRunId?(origin: MapOrigin): string | undefined;
}
