import type { ObjectEntry } from './s3-responses.ts';
import { contentsXml, document, S3Error, tag } from './s3-responses.ts';

/**
 * ListObjectsV2 (`list-type=2`) or ListObjects over a bucket's objects in key order: Prefix,
 * Delimiter (common prefixes count towards MaxKeys, as on S3), MaxKeys (at most 1000),
 * StartAfter / ContinuationToken (V2) or Marker (V1), and `encoding-type=url`.
 */
export async function listObjects(
  bucket: string,
  keys: readonly string[],
  query: URLSearchParams,
  describe: (key: string) => Promise<ObjectEntry | undefined>,
): Promise<string> {
  const v2 = query.get('list-type') === '2';
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const maxKeysText = query.get('max-keys');
  const maxKeys = maxKeysText === null ? 1000 : Number(maxKeysText);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) {
    throw new S3Error(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range');
  }
  const limit = Math.min(maxKeys, 1000);
  const token = query.get('continuation-token');
  const tokenKey = token === null ? undefined : Buffer.from(token, 'base64url').toString('utf8');
  const after = (v2 ? (tokenKey ?? query.get('start-after')) : query.get('marker')) ?? '';
  const urlEncoded = query.get('encoding-type') === 'url';
  const encode = (s: string): string => (urlEncoded ? encodeURIComponent(s).replace(/%2F/g, '/') : s);

  const page: string[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let last = '';
  for (const key of keys) {
    if (!key.startsWith(prefix) || (after !== '' && key <= after)) continue;
    const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    const common = cut < 0 ? undefined : key.slice(0, cut + delimiter.length);
    // Every key under a common prefix is covered by it, also on the next page.
    if (common !== undefined && (common === prefixes.at(-1) || (after !== '' && common <= after))) continue;
    if (page.length + prefixes.length >= limit) {
      truncated = true;
      break;
    }
    if (common === undefined) page.push(key);
    else prefixes.push(common);
    // A page ending on a common prefix resumes after it: its keys are skipped as covered above.
    last = common ?? key;
  }
  // Only the page's objects are stat'ed and hashed, a few files at a time; one deleted meanwhile
  // is left out.
  const contents: ObjectEntry[] = [];
  for (let i = 0; i < page.length; i += 32) {
    const described = await Promise.all(page.slice(i, i + 32).map(describe));
    for (const o of described) if (o) contents.push(o);
  }

  const body =
    tag('Name', bucket) +
    tag('Prefix', encode(prefix)) +
    (delimiter === '' ? '' : tag('Delimiter', encode(delimiter))) +
    tag('MaxKeys', maxKeys) +
    (urlEncoded ? tag('EncodingType', 'url') : '') +
    tag('IsTruncated', truncated) +
    (v2
      ? tag('KeyCount', contents.length + prefixes.length) +
        (token === null ? '' : tag('ContinuationToken', token)) +
        (query.has('start-after') ? tag('StartAfter', encode(query.get('start-after') ?? '')) : '') +
        (truncated ? tag('NextContinuationToken', Buffer.from(last).toString('base64url')) : '')
      : tag('Marker', encode(query.get('marker') ?? '')) +
        (truncated && delimiter !== '' ? tag('NextMarker', encode(last)) : '')) +
    contents.map((o) => contentsXml(o, encode)).join('') +
    prefixes.map((p) => `<CommonPrefixes>${tag('Prefix', encode(p))}</CommonPrefixes>`).join('');
  return document('ListBucketResult', body);
}
