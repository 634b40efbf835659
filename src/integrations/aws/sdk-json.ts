import type { Json, JsonObject } from '../../asl/index.ts';

/** A streamed payload (S3 GetObject's Body, Lambda's …): the SDK's mixin for reading it whole. */
interface Payload {
  transformToString(): Promise<string>;
}

const isPayload = (v: unknown): v is Payload =>
  typeof v === 'object' && v !== null && typeof (v as Partial<Payload>).transformToString === 'function';

/**
 * An SDK output as the task's result: the service's response without the SDK's `$metadata`,
 * streamed bodies read as text (Step Functions returns S3 GetObject's Body as a string),
 * timestamps as ISO 8601 text, binary members as base64.
 */
export async function outputJson(output: Record<string, unknown>): Promise<JsonObject> {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(output)) {
    if (key === '$metadata') continue;
    const json = isPayload(value) ? await value.transformToString() : toJson(value);
    if (json !== undefined) out[key] = json;
  }
  return out;
}

function toJson(value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map((v) => toJson(v) ?? null);
  if (value instanceof Set) return [...value].map((v) => toJson(v) ?? null);
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      const json = toJson(v);
      if (json !== undefined) out[k] = json;
    }
    return out;
  }
  return undefined;
}
