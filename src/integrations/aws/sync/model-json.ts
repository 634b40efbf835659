import { NormalizedSchema } from '@smithy/core/schema';
import type { Json } from '../../../asl/index.ts';

/**
 * Step Functions writes every structure member in PascalCase, whatever the service's own casing
 * (AWS guide, connect-parameters: "Parameters in Step Functions are expressed in PascalCase"), and
 * returns results the same way: Batch's `jobName` is `JobName` both ways. Map keys (Batch's
 * `parameters`, tags) are the user's and keep their case. The SDK's own model schema says which
 * is which, so the conversion follows it instead of guessing from the value.
 */
type SchemaRef = Parameters<typeof NormalizedSchema.of>[0];

interface OperationSchema {
  readonly input: NormalizedSchema;
  readonly output: NormalizedSchema;
}

/** An SDK v3 command's operation schema: `[9, namespace, name, traits, input, output]`. */
export function operationSchema(command: object): OperationSchema | undefined {
  const op = (command as { schema?: unknown }).schema;
  if (!Array.isArray(op) || op[0] !== 9) return undefined;
  return { input: NormalizedSchema.of(op[4] as SchemaRef), output: NormalizedSchema.of(op[5] as SchemaRef) };
}

const capitalized = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** Each structure member by its PascalCase name (what a state machine writes). */
function membersOf(schema: NormalizedSchema): Map<string, readonly [string, NormalizedSchema]> {
  const members = new Map<string, readonly [string, NormalizedSchema]>();
  for (const [name, member] of schema.structIterator()) members.set(capitalized(name), [name, member]);
  return members;
}

/** A task's parameter value as the SDK takes it (structure members in the model's casing). */
export function toModel(value: Json, schema: NormalizedSchema): unknown {
  if (value === null || typeof value !== 'object') {
    // A timestamp member given as text (ISO 8601) or as a number: epoch seconds as on the wire of
    // AWS's JSON protocols, or milliseconds as Step Functions returns them (too large for seconds).
    if (schema.isTimestampSchema() && (typeof value === 'number' || typeof value === 'string')) {
      return new Date(typeof value === 'number' && value < 1e11 ? value * 1000 : value);
    }
    return value;
  }
  if (Array.isArray(value)) {
    if (!schema.isListSchema()) return value;
    const item = schema.getValueSchema();
    return value.map((v) => toModel(v, item));
  }
  if (schema.isMapSchema()) {
    const item = schema.getValueSchema();
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toModel(v, item)]));
  }
  if (!schema.isStructSchema()) return value;
  const members = membersOf(schema);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const member = members.get(capitalized(key));
    if (member) out[member[0]] = toModel(v, member[1]);
    else out[key] = v;
  }
  return out;
}

/**
 * An SDK result as Step Functions returns it: structure members in PascalCase, timestamps as
 * epoch milliseconds (the AWS SDK for Java's JSON, as in AWS-recorded `.sync` outputs), binary
 * members as base64. The SDK's `$metadata` is left out.
 */
export function fromModel(value: unknown, schema: NormalizedSchema | undefined): Json {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.getTime();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object') return value as Json;
  if (Array.isArray(value)) {
    const item = schema?.isListSchema() ? schema.getValueSchema() : undefined;
    return value.map((v) => fromModel(v, item));
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([k, v]) => v !== undefined && k !== '$metadata',
  );
  if (schema?.isMapSchema()) {
    const item = schema.getValueSchema();
    return Object.fromEntries(entries.map(([k, v]) => [k, fromModel(v, item)]));
  }
  const members = schema?.isStructSchema() ? schema.getMemberSchemas() : undefined;
  const out: Record<string, Json> = {};
  for (const [key, v] of entries) {
    const member = members?.[key];
    out[member ? capitalized(key) : key] = fromModel(v, member);
  }
  return out;
}

/**
 * For an SDK package with no model schema (EMR on EKS's): structure members are converted by
 * name, PascalCase ⇄ the service's camelCase (`toWire`), except the keys of the members named in
 * `maps` (tags, Spark properties), which are the user's and keep their case.
 */
export function byName(value: Json, toWire: boolean, maps: ReadonlySet<string>): Json {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => byName(v, toWire, maps));
  const out: Record<string, Json> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = toWire ? key.charAt(0).toLowerCase() + key.slice(1) : capitalized(key);
    out[name] = maps.has(capitalized(key)) ? v : byName(v, toWire, maps);
  }
  return out;
}
