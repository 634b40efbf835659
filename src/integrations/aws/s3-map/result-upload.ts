import type {
  ResultUpload,
  ResultUploadResult,
  ResultWriteResult,
  ResultWriteTarget,
} from '../../map-data.ts';
import type { AwsClients } from '../aws-clients.ts';
import { S3CallFailure, S3Objects } from './s3-objects.ts';

const PUT_OBJECT = /^arn:aws[a-z-]*:states:::s3:putObject$/;

/**
 * The size of each part but the last: the least S3 takes (parts of 5 MiB to 5 GiB, Amazon S3 User
 * Guide, "Amazon S3 multipart upload limits"), so that a run holds as little as it can. A file
 * smaller than one part is put whole.
 */
const PART_BYTES = 5 * 1024 * 1024;

/** One result file on its way up. */
interface FileUpload {
  readonly key: string;
  /** Appended bytes not sent yet. */
  chunks: Uint8Array[];
  buffered: number;
  /** Its multipart upload, once its first part is sent (a promise: parts go up one after another). */
  uploadId: Promise<string> | undefined;
  readonly parts: { readonly ETag: string; readonly PartNumber: number }[];
}

/**
 * A Map Run's result files through S3 (ResultUpload): each file's parts are sent while the run
 * goes on, one S3 call after another, and the files are completed (or put whole, when small)
 * when the run ends. The first failed call fails the whole export (States.ResultWriterFailed).
 */
class S3ResultUpload implements ResultUpload {
  readonly #s3: S3Objects;
  readonly #bucket: string;
  readonly #files = new Map<string, FileUpload>();
  /** The S3 calls in flight, in order. */
  #calls: Promise<void> = Promise.resolve();
  #failure: S3CallFailure | undefined;
  backlog = 0;
  onDrain: () => void = () => {};

  constructor(s3: S3Objects, bucket: string) {
    this.#s3 = s3;
    this.#bucket = bucket;
  }

  append(key: string, bytes: Uint8Array): void {
    // The export has failed already: what comes next is not kept.
    if (this.#failure) return;
    let file = this.#files.get(key);
    if (!file) {
      file = { key, chunks: [], buffered: 0, uploadId: undefined, parts: [] };
      this.#files.set(key, file);
    }
    file.chunks.push(bytes);
    file.buffered += bytes.length;
    this.backlog += bytes.length;
    if (file.buffered >= PART_BYTES) this.#sendPart(file);
  }

  /** Sends what the file holds as its next part (its upload created by the first). */
  #sendPart(file: FileUpload): void {
    const body = Buffer.concat(file.chunks, file.buffered);
    file.chunks = [];
    file.buffered = 0;
    const number = file.parts.length + 1;
    file.parts.push({ ETag: '', PartNumber: number });
    file.uploadId ??= this.#call(async () => {
      const created = await this.#s3.send('createMultipartUpload', {
        Bucket: this.#bucket,
        Key: file.key,
        ContentType: 'application/json',
      });
      return String(created['UploadId']);
    });
    // A failure is the export's (see #call): not a rejection left unhandled.
    file.uploadId.catch(() => {});
    const uploadId = file.uploadId;
    void this.#call(async () => {
      const sent = await this.#s3.send('uploadPart', {
        Bucket: this.#bucket,
        Key: file.key,
        UploadId: await uploadId,
        PartNumber: number,
        Body: body,
      });
      file.parts[number - 1] = { ETag: String(sent['ETag']), PartNumber: number };
    })
      .catch(() => {})
      .finally(() => {
        this.backlog -= body.length;
        this.onDrain();
      });
  }

  /** Runs `call` after the calls before it; after a failure, no call is made. */
  #call<T>(call: () => Promise<T>): Promise<T> {
    const done = this.#calls.then(() => {
      if (this.#failure) throw this.#failure;
      return call();
    });
    this.#calls = done.then(
      () => {},
      (e: unknown) => {
        this.#failure ??= e instanceof S3CallFailure ? e : new S3CallFailure(String(e));
      },
    );
    return done;
  }

  async finish(manifest: { readonly key: string; readonly body: string }): Promise<ResultWriteResult> {
    for (const file of this.#files.values()) {
      if (file.uploadId === undefined) {
        const body = Buffer.concat(file.chunks, file.buffered);
        void this.#call(() => this.#s3.put(this.#bucket, file.key, body)).catch(() => {});
        continue;
      }
      if (file.buffered > 0) this.#sendPart(file);
      const uploadId = file.uploadId;
      void this.#call(async () => {
        await this.#s3.send('completeMultipartUpload', {
          Bucket: this.#bucket,
          Key: file.key,
          UploadId: await uploadId,
          MultipartUpload: { Parts: file.parts },
        });
      }).catch(() => {});
    }
    void this.#call(() => this.#s3.put(this.#bucket, manifest.key, manifest.body)).catch(() => {});
    await this.#calls;
    if (this.#failure) {
      await this.abort();
      return { ok: false, error: 'States.ResultWriterFailed', cause: this.#failure.message };
    }
    return { ok: true };
  }

  async abort(): Promise<void> {
    this.#failure ??= new S3CallFailure('The Map Run ended without its results.');
    await this.#calls;
    // Best effort: an upload left open holds storage until a lifecycle rule removes it.
    for (const file of this.#files.values()) {
      const uploadId = await file.uploadId?.catch(() => undefined);
      if (uploadId === undefined) continue;
      await this.#s3
        .send('abortMultipartUpload', { Bucket: this.#bucket, Key: file.key, UploadId: uploadId })
        .catch(() => {});
    }
    this.#files.clear();
  }
}

/** ResultWriter's `s3:putObject`: the Map Run's files go up as it runs (see S3ResultUpload). */
export function uploadResults(clients: AwsClients, target: ResultWriteTarget): ResultUploadResult {
  if (!PUT_OBJECT.test(target.resource)) {
    return {
      ok: false,
      error: 'States.ResultWriterFailed',
      cause: `Stepwise cannot write results with '${target.resource}'.`,
    };
  }
  return { ok: true, upload: new S3ResultUpload(new S3Objects(clients, target.signal), target.bucket) };
}
