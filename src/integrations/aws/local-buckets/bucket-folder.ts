import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Stats } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
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
    if ((await this.keys(bucket)).length > 0) {
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

  /**
   * The keys of the bucket that start with `prefix`, in key order, from the folder names alone:
   * only the folder the prefix names is walked, and nothing is read or stat'ed but symbolic links
   * (a page of a listing then describes its own keys, see `entry`).
   */
  async keys(bucket: string, prefix = ''): Promise<string[]> {
    const base = await this.bucketPath(bucket);
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const start = folder === '' ? base : await this.objectPath(bucket, folder).catch(() => undefined);
    const found: string[] = [];
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (entry.name.startsWith(UPLOADING)) continue;
        const key = keyPrefix + entry.name;
        // A folder can hold keys with the prefix only if its own key path is compatible with it.
        const isDir =
          entry.isDirectory() || (entry.isSymbolicLink() && (await isFolder(join(dir, entry.name))));
        if (isDir) {
          if (prefix.startsWith(`${key}/`) || `${key}/`.startsWith(prefix))
            await walk(join(dir, entry.name), `${key}/`);
        } else if (key.startsWith(prefix)) found.push(key);
      }
    };
    if (start !== undefined) await walk(start, folder);
    // The order listObjects pages by: JavaScript's string order (S3's UTF-8 byte order for all
    // but astral characters).
    return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** A listed key's size, time and ETag; undefined if it is gone (or not a file) by now. */
  async entry(bucket: string, key: string): Promise<ObjectEntry | undefined> {
    const path = await this.objectPath(bucket, key);
    const stats = await stat(path).catch(() => undefined);
    if (!stats?.isFile()) return undefined;
    return { key, size: stats.size, lastModified: stats.mtime, etag: await this.#etag(path, stats) };
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
    try {
      const etag = await this.writeFile(temporary, body);
      await rename(temporary, path);
      return etag;
    } catch (e) {
      await rm(temporary, { force: true });
      throw e;
    }
  }

  /** Writes `body` to the file `path` as it streams; its MD5 ETag. */
  async writeFile(path: string, body: Readable): Promise<string> {
    const md5 = createHash('md5');
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          md5.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(path),
    );
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

const isFolder = async (path: string): Promise<boolean> =>
  (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
