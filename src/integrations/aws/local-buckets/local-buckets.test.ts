// The local bucket server through the AWS SDK's S3 client, as Stepwise's own S3 calls and users'
// tools reach it: a folder's files are objects and objects are files.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { LocalBuckets } from './local-buckets.ts';
import { startLocalBuckets } from './local-buckets.ts';

let dir: string;
let buckets: LocalBuckets;
let s3: S3Client;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-local-buckets-'));
  // A bucket made by hand before the server starts: a folder with files.
  mkdirSync(join(dir, 'by-hand', 'in'), { recursive: true });
  writeFileSync(join(dir, 'by-hand', 'in', 'orders.csv'), 'id,qty\n1,2\n');
  buckets = await startLocalBuckets(dir);
  s3 = new S3Client({
    endpoint: buckets.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
  });
});
after(async () => {
  s3.destroy();
  await buckets.close();
  rmSync(dir, { recursive: true, force: true });
});

const text = async (bucket: string, key: string, range?: string): Promise<string> => {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  return out.Body!.transformToString();
};

async function s3Error(call: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await call;
  } catch (e) {
    assert.ok(e instanceof S3ServiceException, String(e));
    return { name: e.name, status: e.$metadata.httpStatusCode };
  }
  assert.fail('the call succeeded');
}

describe('local buckets (a folder served as S3)', () => {
  it('serves the files of a folder as objects, with ranges and an MD5 ETag', async () => {
    assert.equal(await text('by-hand', 'in/orders.csv'), 'id,qty\n1,2\n');
    assert.equal(await text('by-hand', 'in/orders.csv', 'bytes=3-5'), 'qty');
    assert.equal(await text('by-hand', 'in/orders.csv', 'bytes=-4'), '1,2\n');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'by-hand', Key: 'in/orders.csv' }));
    assert.equal(head.ContentLength, 11);
    assert.equal(head.ContentType, 'text/csv');
    assert.equal(head.ETag, `"${createHash('md5').update('id,qty\n1,2\n').digest('hex')}"`);
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    assert.ok(Buckets?.some((b) => b.Name === 'by-hand'));
  });

  it('takes multipart uploads: the parts listed are joined in order; an aborted upload leaves nothing', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'parts' }));
    const key = 'big/results.json';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'parts', Key: key }));
    assert.ok(UploadId);
    const bodies = ['[1,2,', '3,4,', '5]'];
    const etags: string[] = [];
    for (const [i, body] of bodies.entries()) {
      const part = { Bucket: 'parts', Key: key, UploadId, PartNumber: i + 1, Body: body };
      etags.push((await s3.send(new UploadPartCommand(part))).ETag!);
    }
    assert.deepEqual((await s3.send(new ListObjectsV2Command({ Bucket: 'parts' }))).KeyCount, 0);
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'parts',
        Key: key,
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    // S3's multipart ETag: the MD5 of the parts' MD5s, then the number of parts.
    const md5s = Buffer.concat(bodies.map((b) => createHash('md5').update(b).digest()));
    assert.equal(done.ETag, `"${createHash('md5').update(md5s).digest('hex')}-3"`);
    assert.equal(readFileSync(join(dir, 'parts', 'big', 'results.json'), 'utf8'), '[1,2,3,4,5]');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'parts' }));
    assert.deepEqual(
      listed.Contents?.map((o) => o.Key),
      [key],
    );

    const second = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'parts', Key: 'gone.json' }));
    const part = { Bucket: 'parts', Key: 'gone.json', UploadId: second.UploadId, PartNumber: 1, Body: 'x' };
    await s3.send(new UploadPartCommand(part));
    await s3.send(
      new AbortMultipartUploadCommand({ Bucket: 'parts', Key: 'gone.json', UploadId: second.UploadId }),
    );
    assert.deepEqual(await s3Error(s3.send(new UploadPartCommand(part))), {
      name: 'NoSuchUpload',
      status: 404,
    });
    assert.equal(existsSync(join(dir, 'parts', 'gone.json')), false);
    // The parts are gone with their uploads: only the object's folder is left.
    assert.deepEqual(readdirSync(join(dir, 'parts')), ['big']);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: 'parts' }));
    assert.deepEqual(
      after.Contents?.map((o) => o.Key),
      [key],
    );
  });

  it('writes objects as files, also streamed uploads (aws-chunked), and copies and deletes them', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'results' }));
    await s3.send(new HeadBucketCommand({ Bucket: 'results' }));
    await s3.send(new PutObjectCommand({ Bucket: 'results', Key: 'a/b/one.json', Body: '{"n":1}' }));
    assert.equal(readFileSync(join(dir, 'results', 'a', 'b', 'one.json'), 'utf8'), '{"n":1}');
    // A stream: the SDK sends it aws-chunked, with a checksum trailer.
    await s3.send(
      new PutObjectCommand({
        Bucket: 'results',
        Key: 'streamed.txt',
        Body: Readable.from([Buffer.from('hello, '), Buffer.from('world')]),
        ContentLength: 12,
      }),
    );
    assert.equal(readFileSync(join(dir, 'results', 'streamed.txt'), 'utf8'), 'hello, world');
    await s3.send(
      new CopyObjectCommand({ Bucket: 'results', Key: 'copy.json', CopySource: 'results/a/b/one.json' }),
    );
    assert.equal(await text('results', 'copy.json'), '{"n":1}');
    await s3.send(new DeleteObjectCommand({ Bucket: 'results', Key: 'a/b/one.json' }));
    assert.equal(existsSync(join(dir, 'results', 'a')), false, 'emptied folders go too');
    const deleted = await s3.send(
      new DeleteObjectsCommand({
        Bucket: 'results',
        Delete: { Objects: [{ Key: 'copy.json' }, { Key: 'streamed.txt' }] },
      }),
    );
    assert.deepEqual(deleted.Deleted?.map((d) => d.Key).sort(), ['copy.json', 'streamed.txt']);
  });

  it('lists with Prefix, Delimiter and pages (V2 continuation tokens, V1 markers)', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'listed' }));
    const keys = ['a.txt', 'd/1.txt', 'd/2.txt', 'e/x/1.txt', 'z.txt', 'sp ace+plus.txt'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: 'listed', Key, Body: Key }));
    const all: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: 'listed', MaxKeys: 2, ContinuationToken: token }),
      );
      all.push(...(page.Contents ?? []).map((o) => o.Key!));
      token = page.NextContinuationToken;
      pages++;
    } while (token);
    assert.deepEqual(all, [...keys].sort());
    assert.equal(pages, 3);
    const top = await s3.send(new ListObjectsV2Command({ Bucket: 'listed', Delimiter: '/', MaxKeys: 3 }));
    assert.deepEqual(
      [top.Contents?.map((o) => o.Key), top.CommonPrefixes?.map((p) => p.Prefix), top.IsTruncated],
      [['a.txt'], ['d/', 'e/'], true],
    );
    const rest = await s3.send(
      new ListObjectsV2Command({
        Bucket: 'listed',
        Delimiter: '/',
        ContinuationToken: top.NextContinuationToken,
      }),
    );
    assert.deepEqual(
      rest.Contents?.map((o) => o.Key),
      ['sp ace+plus.txt', 'z.txt'],
    );
    assert.equal(rest.CommonPrefixes, undefined);
    const keysUnder = async (Prefix: string) =>
      (await s3.send(new ListObjectsV2Command({ Bucket: 'listed', Prefix }))).Contents?.map((o) => o.Key);
    assert.deepEqual(await keysUnder('e'), ['e/x/1.txt']);
    assert.deepEqual(await keysUnder('d/2'), ['d/2.txt']);
    assert.deepEqual(await keysUnder('s'), ['sp ace+plus.txt']);
    assert.deepEqual(await keysUnder('nothing/'), undefined);
    const under = await s3.send(new ListObjectsCommand({ Bucket: 'listed', Prefix: 'd/' }));
    assert.deepEqual(
      under.Contents?.map((o) => [o.Key, o.Size]),
      [
        ['d/1.txt', 7],
        ['d/2.txt', 7],
      ],
    );
  });

  it("answers S3's errors: NoSuchBucket, NoSuchKey, InvalidRange, BucketNotEmpty", async () => {
    assert.deepEqual(await s3Error(s3.send(new GetObjectCommand({ Bucket: 'nope', Key: 'k' }))), {
      name: 'NoSuchBucket',
      status: 404,
    });
    assert.deepEqual(await s3Error(s3.send(new GetObjectCommand({ Bucket: 'by-hand', Key: 'missing' }))), {
      name: 'NoSuchKey',
      status: 404,
    });
    assert.equal(
      (
        await s3Error(
          s3.send(new GetObjectCommand({ Bucket: 'by-hand', Key: 'in/orders.csv', Range: 'bytes=99-' })),
        )
      ).status,
      416,
    );
    assert.deepEqual(await s3Error(s3.send(new DeleteBucketCommand({ Bucket: 'by-hand' }))), {
      name: 'BucketNotEmpty',
      status: 409,
    });
  });

  it('never reaches outside a bucket folder', async () => {
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    const response = await fetch(`${buckets.endpoint}/by-hand/..%2Fsecret.txt`);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /<Code>InvalidArgument<\/Code>/);
    const put = await fetch(`${buckets.endpoint}/by-hand/in/..%2F..%2Fescaped.txt`, {
      method: 'PUT',
      body: 'x',
    });
    assert.equal(put.status, 400);
    assert.equal(existsSync(join(dir, 'escaped.txt')), false);
  });
});
