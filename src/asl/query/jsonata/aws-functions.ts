import { createHash } from 'node:crypto';
import jsonata from 'jsonata';
import type { Json } from '../../json.ts';
import { JavaRandom } from '../intrinsics/index.ts';
import type { JsonataScope } from './jsonata-scope.ts';

/**
 * The functions Step Functions adds to JSONata (AWS guide, "Transforming data with JSONata":
 * $partition, $range, $hash, $random, $uuid, $parse), plus $now and $millis read from the step's
 * time instead of the wall clock, so that a replayed step evaluates the same way.
 */

/**
 * An error of one of these functions. It carries no JSONata code: JSONata would replace the
 * message of a code it knows with its own text.
 */
function fail(message: string): never {
  throw new Error(message);
}

/** JSONata unwraps a one-item sequence to the item, as AWS's $range(1, 9, 9) returns 1. */
function sequence(items: Json[]): Json[] {
  return Object.defineProperty(items, 'sequence', { value: true });
}

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function partition(array: unknown, size: unknown): Json[] {
  if (!Array.isArray(array)) fail('The first argument of $partition must be an array');
  if (!isInteger(size) || size <= 0) fail('The chunk size of $partition must be a positive integer');
  const chunks: Json[] = [];
  for (let i = 0; i < array.length; i += size) chunks.push((array as Json[]).slice(i, i + size));
  return chunks;
}

/** AWS guide: like States.ArrayRange, at most 1000 items. */
const MAX_RANGE_ITEMS = 1000;

function range(start: unknown, end: unknown, step: unknown): Json[] {
  if (!isInteger(start) || !isInteger(end) || !isInteger(step) || step === 0) {
    fail('The arguments of $range must be integers and the step must not be 0');
  }
  const count = Math.max(0, Math.floor((end - start) / step) + 1);
  if (count > MAX_RANGE_ITEMS) fail(`$range cannot produce more than ${MAX_RANGE_ITEMS} items`);
  return sequence(Array.from({ length: count }, (_, i) => start + i * step));
}

/** The algorithms AWS accepts, spelled exactly so. */
const ALGORITHMS: ReadonlyMap<string, string> = new Map([
  ['MD5', 'md5'],
  ['SHA-1', 'sha1'],
  ['SHA-256', 'sha256'],
  ['SHA-384', 'sha384'],
  ['SHA-512', 'sha512'],
]);

function hash(data: unknown, algorithm: unknown): string {
  const name = typeof algorithm === 'string' ? ALGORITHMS.get(algorithm) : undefined;
  if (name === undefined) {
    fail(`$hash supports the algorithms ${[...ALGORITHMS.keys()].join(', ')}`);
  }
  if (data === undefined) fail('The first argument of $hash is missing');
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return createHash(name).update(text, 'utf8').digest('hex');
}

function parse(text: unknown): Json {
  if (typeof text !== 'string') fail('The argument of $parse must be a string');
  try {
    return JSON.parse(text) as Json;
  } catch {
    return fail(`$parse could not parse the string as JSON: ${text}`);
  }
}

// Built once: $now formats the step's time with JSONata's own $fromMillis.
const formatMillis = jsonata('$fromMillis($ms, $picture, $timezone)');

const cache = new WeakMap<JsonataScope, Readonly<Record<string, unknown>>>();

/**
 * The bindings every expression of a step sees besides `$states` and the workflow variables,
 * made once per scope (the fields of one state visit share them).
 */
export function awsFunctions(scope: JsonataScope): Readonly<Record<string, unknown>> {
  let functions = cache.get(scope);
  if (functions === undefined) {
    functions = makeFunctions(scope);
    cache.set(scope, functions);
  }
  return functions;
}

function makeFunctions(scope: JsonataScope): Record<string, unknown> {
  return {
    // AWS's guide has $parse replace $eval, which Step Functions does not offer: calling it is
    // "T1006: Attempted to invoke a non-function", as for any unknown function.
    eval: undefined,
    partition,
    range,
    hash,
    parse,
    uuid: () => scope.uuid(),
    random: (seed?: unknown) => {
      if (seed === undefined) return scope.random();
      if (typeof seed !== 'number') fail('The seed of $random must be a number');
      return new JavaRandom(seed).nextDouble();
    },
    millis: () => scope.now,
    now: (picture?: unknown, timezone?: unknown) =>
      formatMillis.evaluate(undefined, { ms: scope.now, picture, timezone }),
  };
}
