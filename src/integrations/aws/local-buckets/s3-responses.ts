// The S3 REST API's XML answers, as far as the local bucket server speaks it (Amazon S3 API
// Reference: ListBuckets, ListObjectsV2, ListObjects, CopyObject, DeleteObjects, "Error responses").

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

const xmlText = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `<Name>value</Name>`, or nothing for an absent value. */
export const tag = (name: string, value: string | number | boolean | undefined): string =>
  value === undefined ? '' : `<${name}>${xmlText(String(value))}</${name}>`;

export const document = (root: string, body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NS}">${body}</${root}>`;

/** An S3 error answer: its HTTP status, code and message (AWS's wording). */
export class S3Error extends Error {
  readonly status: number;
  readonly code: string;
  readonly extra: Readonly<Record<string, string>>;
  constructor(status: number, code: string, message: string, extra: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

export const noSuchBucket = (bucket: string): S3Error =>
  new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
export const noSuchKey = (key: string): S3Error =>
  new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });

export function errorXml(error: S3Error, requestId: string): string {
  const extra = Object.entries(error.extra)
    .map(([name, value]) => tag(name, value))
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' +
    tag('Code', error.code) +
    tag('Message', error.message) +
    extra +
    tag('RequestId', requestId) +
    '</Error>'
  );
}

/** One object as S3 lists it. */
export interface ObjectEntry {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
  readonly etag: string;
}

export const contentsXml = (o: ObjectEntry, encode: (s: string) => string): string =>
  '<Contents>' +
  tag('Key', encode(o.key)) +
  tag('LastModified', o.lastModified.toISOString()) +
  tag('ETag', o.etag) +
  tag('Size', o.size) +
  tag('StorageClass', 'STANDARD') +
  '</Contents>';
