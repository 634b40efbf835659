import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BucketFolder } from './bucket-folder.ts';
import { S3Error } from './s3-responses.ts';

/** Where an upload's parts wait: a folder the listings skip (BucketFolder's upload prefix). */
const PARTS = '.stepwise-upload-parts-';

const noSuchUpload = (): S3Error =>
  new S3Error(
    404,
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
  );

/**
 * S3 multipart uploads over a local bucket (Amazon S3 API Reference: CreateMultipartUpload,
 * UploadPart, CompleteMultipartUpload, AbortMultipartUpload): each part is a file in a hidden
 * folder of the bucket until the upload completes, then the parts are joined into the object in
 * the order the completion lists them.
 */
export class MultipartUploads {
  readonly #folder: BucketFolder;
  /** Open uploads: their bucket and key. */
  readonly #open = new Map<string, { readonly bucket: string; readonly key: string }>();

  constructor(folder: BucketFolder) {
    this.#folder = folder;
  }

  async create(bucket: string, key: string): Promise<string> {
    await this.#folder.objectPath(bucket, key);
    const id = randomUUID().replace(/-/g, '');
    await mkdir(await this.#parts(bucket, id), { recursive: true });
    this.#open.set(id, { bucket, key });
    return id;
  }

  async #parts(bucket: string, id: string): Promise<string> {
    return join(await this.#folder.bucketPath(bucket), `${PARTS}${id}`);
  }

  #upload(bucket: string, key: string, id: string): void {
    const open = this.#open.get(id);
    if (!open || open.bucket !== bucket || open.key !== key) throw noSuchUpload();
  }

  /** Stores part `number` (1 to 10,000); its ETag. */
  async part(bucket: string, key: string, id: string, number: number, body: Readable): Promise<string> {
    this.#upload(bucket, key, id);
    if (!Number.isInteger(number) || number < 1 || number > 10_000) {
      throw new S3Error(
        400,
        'InvalidArgument',
        'Part number must be an integer between 1 and 10000, inclusive',
      );
    }
    const folder = await this.#parts(bucket, id);
    return this.#folder.writeFile(join(folder, String(number)), body);
  }

  /** Joins the listed parts into the object; its ETag (S3's: MD5 of the parts' MD5s, `-<count>`). */
  async complete(
    bucket: string,
    key: string,
    id: string,
    parts: readonly number[],
    etags: readonly string[],
  ): Promise<string> {
    this.#upload(bucket, key, id);
    const folder = await this.#parts(bucket, id);
    if (parts.length === 0)
      throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed.');
    for (const [i, n] of parts.entries()) {
      if (i > 0 && n <= parts[i - 1]!) {
        throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order.');
      }
      if (!(await stat(join(folder, String(n))).catch(() => undefined))) {
        throw new S3Error(400, 'InvalidPart', 'One or more of the specified parts could not be found.');
      }
    }
    const joined = new PassThrough();
    const written = this.#folder.write(bucket, key, joined);
    await pipeline(async function* () {
      for (const n of parts) yield* createReadStream(join(folder, String(n)));
    }, joined);
    await written;
    await this.abort(bucket, key, id);
    const md5 = createHash('md5');
    for (const etag of etags) md5.update(Buffer.from(etag.replace(/"/g, ''), 'hex'));
    return `"${md5.digest('hex')}-${parts.length}"`;
  }

  async abort(bucket: string, key: string, id: string): Promise<void> {
    this.#upload(bucket, key, id);
    this.#open.delete(id);
    await rm(await this.#parts(bucket, id), { recursive: true, force: true });
  }
}
