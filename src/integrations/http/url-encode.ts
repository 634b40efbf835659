import type { Json } from '../../asl/index.ts';

/** `Transform.RequestEncodingOptions.ArrayFormat` of the HTTP Task (default INDICES, AWS guide). */
export type ArrayFormat = 'BRACKETS' | 'COMMAS' | 'REPEAT' | 'INDICES';

const scalar = (v: Json): string => (v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function pairs(key: string, value: Json, format: ArrayFormat, out: [string, string][]): void {
  if (Array.isArray(value)) {
    if (format === 'COMMAS') {
      out.push([key, value.map(scalar).join(',')]);
      return;
    }
    value.forEach((item, i) => {
      const k = format === 'BRACKETS' ? `${key}[]` : format === 'INDICES' ? `${key}[${i}]` : key;
      pairs(k, item, format, out);
    });
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pairs(`${key}[${k}]`, v, format, out);
    return;
  }
  out.push([key, scalar(value)]);
}

/**
 * `RequestBodyEncoding: URL_ENCODED`: a JSON object as `application/x-www-form-urlencoded`,
 * arrays spelled per ArrayFormat (`a[]=1&a[]=2`, `a=1,2`, `a=1&a=2`, `a[0]=1&a[1]=2`) and
 * nested objects as `o[k]=v`.
 */
export function urlEncode(body: Json, format: ArrayFormat = 'INDICES'): string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return scalar(body);
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(body)) pairs(k, v, format, out);
  return out.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}
