import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsChunkedDecoder, isAwsChunked } from './aws-chunked.ts';
import { BucketFolder } from './bucket-folder.ts';
import { listObjects } from './list-objects.ts';
import { MultipartUploads } from './multipart.ts';
import { document, errorXml, S3Error, tag } from './s3-responses.ts';

/** A running local bucket server: its S3 endpoint (loopback) and how to stop it. */
export interface LocalBuckets {
  readonly endpoint: string;
  readonly directory: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.json': 'application/json',
  '.jsonl': 'application/jsonl',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.parquet': 'application/vnd.apache.parquet',
  '.gz': 'application/gzip',
};

/**
 * An S3-compatible server over a local folder (see BucketFolder), for `integrations.aws.localBuckets`:
 * path-style requests for the calls a workflow and the AWS tools make of buckets and objects
 * (List/Create/Head/DeleteBucket, ListObjects(V2), Get/Head/Put/Copy/DeleteObject(s), byte ranges,
 * aws-chunked uploads, multipart uploads). It listens on 127.0.0.1 only and accepts any signature.
 */
export async function startLocalBuckets(directory: string, port = 0): Promise<LocalBuckets> {
  const folder = new BucketFolder(directory);
  const uploads = new MultipartUploads(folder);
  await folder.buckets();
  const server = createServer((req, res) => {
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    res.setHeader('x-amz-request-id', requestId);
    handle(folder, uploads, req, res).catch((e: unknown) => {
      const error =
        e instanceof S3Error
          ? e
          : new S3Error(500, 'InternalError', `The local bucket server failed: ${(e as Error).message}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.statusCode = error.status;
      // HEAD answers carry no body (S3 gives only the status then).
      if (req.method === 'HEAD') res.end();
      else res.setHeader('Content-Type', 'application/xml').end(errorXml(error, requestId));
      req.resume();
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const { port: bound } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    directory: folder.root,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

const xml = (res: ServerResponse, body: string, status = 200): void => {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/xml').end(body);
};

async function handle(
  folder: BucketFolder,
  uploads: MultipartUploads,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const [rawBucket = '', ...rest] = url.pathname.slice(1).split('/');
  const bucket = decodeURIComponent(rawBucket);
  const key = rest.map((segment) => decodeURIComponent(segment)).join('/');
  const query = url.searchParams;
  const method = req.method ?? 'GET';

  if (bucket === '') {
    if (method !== 'GET') throw notImplemented();
    const buckets = await folder.buckets();
    const list = buckets
      .map((b) => `<Bucket>${tag('Name', b.name)}${tag('CreationDate', b.created.toISOString())}</Bucket>`)
      .join('');
    const owner = `<Owner>${tag('ID', 'stepwise')}${tag('DisplayName', 'stepwise')}</Owner>`;
    return xml(res, document('ListAllMyBucketsResult', `${owner}<Buckets>${list}</Buckets>`));
  }
  // `/bucket` and `/bucket/` (as the SDKs send) both name the bucket.
  if (key === '') return bucketRequest(folder, method, bucket, query, req, res);

  if (query.has('uploads') || query.has('uploadId')) {
    return multipartRequest(uploads, { method, bucket, key, query }, req, res);
  }
  switch (method) {
    case 'GET':
    case 'HEAD':
      return getObject(folder, bucket, key, req, res);
    case 'PUT': {
      const source = req.headers['x-amz-copy-source'];
      if (typeof source === 'string') {
        const [from = '', ...fromKey] = decodeURIComponent(source.split('?')[0]!)
          .replace(/^\//, '')
          .split('/');
        const copied = await folder.copy({ bucket: from, key: fromKey.join('/') }, { bucket, key });
        req.resume();
        return xml(
          res,
          document(
            'CopyObjectResult',
            tag('LastModified', copied.lastModified.toISOString()) + tag('ETag', copied.etag),
          ),
        );
      }
      const body: Readable = isAwsChunked(req.headers) ? req.pipe(new AwsChunkedDecoder()) : req;
      const etag = await folder.write(bucket, key, body);
      res.setHeader('ETag', etag);
      res.end();
      return;
    }
    case 'DELETE':
      await folder.delete(bucket, key);
      res.statusCode = 204;
      res.end();
      return;
    default:
      throw notImplemented();
  }
}

async function bucketRequest(
  folder: BucketFolder,
  method: string,
  bucket: string,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  switch (method) {
    case 'PUT':
      req.resume();
      await folder.createBucket(bucket);
      res.setHeader('Location', `/${bucket}`);
      res.end();
      return;
    case 'HEAD':
      await folder.bucketPath(bucket);
      res.end();
      return;
    case 'DELETE':
      await folder.deleteBucket(bucket);
      res.statusCode = 204;
      res.end();
      return;
    case 'POST':
      if (!query.has('delete')) throw notImplemented();
      return deleteObjects(folder, bucket, req, res);
    case 'GET':
      await folder.bucketPath(bucket);
      if (query.has('location')) {
        return xml(res, '<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint/>');
      }
      return xml(
        res,
        await listObjects(bucket, await folder.keys(bucket, query.get('prefix') ?? ''), query, (key) =>
          folder.entry(bucket, key),
        ),
      );
    default:
      throw notImplemented();
  }
}

async function getObject(
  folder: BucketFolder,
  bucket: string,
  key: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { path, stats, etag } = await folder.object(bucket, key);
  const range = byteRange(req.headers.range, stats.size);
  res.setHeader('Content-Type', CONTENT_TYPES[extname(key).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', stats.mtime.toUTCString());
  res.setHeader('Accept-Ranges', 'bytes');
  if (range) {
    res.statusCode = 206;
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${stats.size}`);
  }
  res.setHeader('Content-Length', range ? range.end - range.start + 1 : stats.size);
  if (req.method === 'HEAD' || stats.size === 0) {
    res.end();
    return;
  }
  await pipeline(folder.read(path, range), res);
}

/** A `Range: bytes=a-b | a- | -n` header as inclusive offsets; InvalidRange if unsatisfiable. */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, first = '', last = ''] = match;
  const start = first === '' ? Math.max(0, size - Number(last)) : Number(first);
  const end = first === '' || last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || start > end) {
    throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', {
      RangeRequested: header ?? '',
      ActualObjectSize: String(size),
    });
  }
  return { start, end };
}

/** DeleteObjects: `<Delete><Object><Key>…</Key></Object>…</Delete>`. */
async function deleteObjects(
  folder: BucketFolder,
  bucket: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const text = await readText(req);
  const unescape = (s: string): string =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const keys = [...text.matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) => unescape(m[1]!));
  const quiet = /<Quiet>\s*true\s*<\/Quiet>/i.test(text);
  let body = '';
  for (const key of keys) {
    try {
      await folder.delete(bucket, key);
      if (!quiet) body += `<Deleted>${tag('Key', key)}</Deleted>`;
    } catch (e) {
      const error = e instanceof S3Error ? e : new S3Error(500, 'InternalError', (e as Error).message);
      body += `<Error>${tag('Key', key)}${tag('Code', error.code)}${tag('Message', error.message)}</Error>`;
    }
  }
  xml(res, document('DeleteResult', body));
}

async function readText(req: IncomingMessage): Promise<string> {
  let text = '';
  req.setEncoding('utf8');
  for await (const chunk of req) text += chunk as string;
  return text;
}

/** CreateMultipartUpload (`POST ?uploads`), UploadPart, CompleteMultipartUpload, AbortMultipartUpload. */
async function multipartRequest(
  uploads: MultipartUploads,
  at: { method: string; bucket: string; key: string; query: URLSearchParams },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { method, bucket, key, query } = at;
  const id = query.get('uploadId') ?? '';
  const names = tag('Bucket', bucket) + tag('Key', key);
  if (method === 'POST' && query.has('uploads')) {
    req.resume();
    const created = await uploads.create(bucket, key);
    return xml(res, document('InitiateMultipartUploadResult', names + tag('UploadId', created)));
  }
  if (method === 'PUT') {
    const body: Readable = isAwsChunked(req.headers) ? req.pipe(new AwsChunkedDecoder()) : req;
    res.setHeader('ETag', await uploads.part(bucket, key, id, Number(query.get('partNumber')), body));
    res.end();
    return;
  }
  if (method === 'POST') {
    const parts = [...(await readText(req)).matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => ({
      number: Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(m[1]!)?.[1]),
      etag: /<ETag>([\s\S]*?)<\/ETag>/.exec(m[1]!)?.[1]?.replace(/&quot;/g, '"') ?? '',
    }));
    const etag = await uploads.complete(
      bucket,
      key,
      id,
      parts.map((p) => p.number),
      parts.map((p) => p.etag),
    );
    return xml(
      res,
      document(
        'CompleteMultipartUploadResult',
        tag('Location', `/${bucket}/${key}`) + names + tag('ETag', etag),
      ),
    );
  }
  if (method === 'DELETE') {
    await uploads.abort(bucket, key, id);
    res.statusCode = 204;
    res.end();
    return;
  }
  throw notImplemented();
}

const notImplemented = (): S3Error =>
  new S3Error(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented');
