import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Stats } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectEntry } from './s3-responses.ts';
import { noSuchBucket, noSuchKey, S3Error } from './s3-responses.ts';

/** S3's bucket naming rules, short form: 3–63 of a-z 0-9 . -, starting and ending alphanumeric. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Uploads land here first and are renamed into place: a reader never sees half an object. */
const UPLOADING = '.stepwise-upload-';

/**
 * Buckets as the folders of a directory and objects as the files in them, as they are: a key
 * `in/orders.csv` of bucket `shop` is the file `<root>/shop/in/orders.csv`, so files put there
 * by hand are objects, and objects written through S3 are files anyone can open.
 */
export class BucketFolder {
  readonly root: string;
  /** MD5 ETags by path, kept while a file's size and time stay the same. */
  readonly #etags = new Map<string, { size: number; mtimeMs: number; etag: string }>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  async buckets(): Promise<{ name: string; created: Date }[]> {
    await mkdir(this.root, { recursive: true });
    const entries = await readdir(this.root, { withFileTypes: true });
    const folders = entries.filter((e) => e.isDirectory() && BUCKET_NAME.test(e.name));
    return Promise.all(
      folders.map(async (e) => ({ name: e.name, created: (await stat(join(this.root, e.name))).birthtime })),
    );
  }

  async createBucket(bucket: string): Promise<void> {
    if (!BUCKET_NAME.test(bucket)) {
      throw new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', {
        BucketName: bucket,
      });
    }
    await mkdir(join(this.root, bucket), { recursive: true });
  }

  /** The bucket's folder; NoSuchBucket unless it exists. */
  async bucketPath(bucket: string): Promise<string> {
    const path = join(this.root, bucket);
    if (!BUCKET_NAME.test(bucket) || !(await stat(path).catch(() => undefined))?.isDirectory()) {
      throw noSuchBucket(bucket);
    }
    return path;
  }

  async deleteBucket(bucket: string): Promise<void> {
    const path = await this.bucketPath(bucket);
    if ((await this.list(bucket)).length > 0) {
      throw new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', {
        BucketName: bucket,
      });
    }
    await rm(path, { recursive: true });
  }

  /** The file of `key`, which must stay inside its bucket's folder. */
  async objectPath(bucket: string, key: string): Promise<string> {
    const base = await this.bucketPath(bucket);
    const segments = key.split('/');
    if (key === '' || key.includes('\0') || segments.some((s) => s === '..' || s === '.')) {
      throw new S3Error(400, 'InvalidArgument', `The key '${key}' cannot name a file in a local bucket.`);
    }
    const path = resolve(base, ...segments);
    if (!path.startsWith(base + sep)) throw noSuchKey(key);
    return path;
  }

  /** The object's file and its stat; NoSuchKey unless it is a file. */
  async object(bucket: string, key: string): Promise<{ path: string; stats: Stats; etag: string }> {
    const path = await this.objectPath(bucket, key);
    const stats = await stat(path).catch(() => undefined);
    if (!stats?.isFile() || path.includes(`${sep}${UPLOADING}`)) throw noSuchKey(key);
    return { path, stats, etag: await this.#etag(path, stats) };
  }

  /** Every object of the bucket, in key order (S3's UTF-8 byte order for all but astral characters). */
  async list(bucket: string): Promise<ObjectEntry[]> {
    const base = await this.bucketPath(bucket);
    const found: ObjectEntry[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.name.startsWith(UPLOADING)) continue;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else {
          const stats = await stat(path).catch(() => undefined);
          if (!stats?.isFile()) continue;
          const key = relative(base, path).split(sep).join('/');
          found.push({
            key,
            size: stats.size,
            lastModified: stats.mtime,
            etag: await this.#etag(path, stats),
          });
        }
      }
    };
    await walk(base);
    // The order listObjects pages by: JavaScript's string order.
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Writes `body` as the object `key` (a key ending in `/` is a folder); its ETag. */
  async write(bucket: string, key: string, body: Readable): Promise<string> {
    const path = await this.objectPath(bucket, key);
    if (key.endsWith('/')) {
      await mkdir(path, { recursive: true });
      body.resume();
      return `"${createHash('md5').digest('hex')}"`;
    }
    const dir = resolve(path, '..');
    await mkdir(dir, { recursive: true }).catch(() => {
      throw new S3Error(400, 'InvalidArgument', `A file of the local bucket is in the way of '${key}'.`);
    });
    const temporary = join(dir, `${UPLOADING}${randomUUID()}`);
    const md5 = createHash('md5');
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            md5.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(temporary),
      );
      await rename(temporary, path);
    } catch (e) {
      await rm(temporary, { force: true });
      throw e;
    }
    return `"${md5.digest('hex')}"`;
  }

  async copy(
    from: { bucket: string; key: string },
    to: { bucket: string; key: string },
  ): Promise<ObjectEntry> {
    const source = await this.object(from.bucket, from.key);
    const target = await this.objectPath(to.bucket, to.key);
    await mkdir(resolve(target, '..'), { recursive: true });
    await copyFile(source.path, target);
    const copied = await this.object(to.bucket, to.key);
    return { key: to.key, size: copied.stats.size, lastModified: copied.stats.mtime, etag: copied.etag };
  }

  /** Deletes the object, and the folders it leaves empty; a missing one is no error (as S3). */
  async delete(bucket: string, key: string): Promise<void> {
    const base = await this.bucketPath(bucket);
    const path = await this.objectPath(bucket, key);
    const stats = await stat(path).catch(() => undefined);
    if (stats?.isFile()) await rm(path);
    else if (stats?.isDirectory()) await rmdir(path).catch(() => {});
    for (let dir = resolve(path, '..'); dir.startsWith(base + sep); dir = resolve(dir, '..')) {
      if ((await readdir(dir)).length > 0) break;
      await rmdir(dir);
    }
  }

  read(path: string, range?: { start: number; end: number }): Readable {
    return createReadStream(path, range);
  }

  async #etag(path: string, stats: Stats): Promise<string> {
    const known = this.#etags.get(path);
    if (known && known.size === stats.size && known.mtimeMs === stats.mtimeMs) return known.etag;
    const md5 = createHash('md5');
    for await (const chunk of createReadStream(path)) md5.update(chunk as Buffer);
    const etag = `"${md5.digest('hex')}"`;
    this.#etags.set(path, { size: stats.size, mtimeMs: stats.mtimeMs, etag });
    return etag;
  }
}
