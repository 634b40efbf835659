import type { Json, JsonObject } from '../json.ts';
import { isJsonObject } from '../json.ts';
import type { JsonataValue } from '../query/jsonata/index.ts';
import { compileJsonataValue } from '../query/jsonata/index.ts';

/** A Choice rule of a JSONata state: Condition, and its own Output/Assign. */
export interface JsonataRule {
  readonly condition: JsonataValue;
  readonly output: JsonataValue | undefined;
  readonly assign: JsonataValue | undefined;
}

/** A catcher's JSONata fields, evaluated with `$states.errorOutput`. */
export interface JsonataCatcher {
  readonly output: JsonataValue | undefined;
  readonly assign: JsonataValue | undefined;
}

/**
 * A JSONata Map's ItemBatcher: each limit a literal or an expression, BatchInput any JSON with
 * expressions inside (AWS guide, "ItemBatcher (Map)"). Named "ItemBatcher/<field>" in failures.
 */
export interface JsonataItemBatcher {
  readonly maxItemsPerBatch: JsonataValue | undefined;
  readonly maxInputBytesPerBatch: JsonataValue | undefined;
  readonly batchInput: JsonataValue | undefined;
}

/**
 * The fields of a JSONata state, compiled once. Which ones a state type has is checked by
 * validation; absent fields are undefined. Literal numbers (TimeoutSeconds: 5) compile to
 * constants, so every field is read the same way.
 */
export interface JsonataFields {
  readonly arguments: JsonataValue | undefined;
  readonly output: JsonataValue | undefined;
  readonly assign: JsonataValue | undefined;
  readonly items: JsonataValue | undefined;
  readonly itemSelector: JsonataValue | undefined;
  readonly seconds: JsonataValue | undefined;
  readonly timestamp: JsonataValue | undefined;
  readonly timeoutSeconds: JsonataValue | undefined;
  readonly heartbeatSeconds: JsonataValue | undefined;
  readonly credentials: JsonataValue | undefined;
  readonly maxConcurrency: JsonataValue | undefined;
  readonly toleratedFailureCount: JsonataValue | undefined;
  readonly toleratedFailurePercentage: JsonataValue | undefined;
  readonly itemBatcher: JsonataItemBatcher | undefined;
  readonly error: JsonataValue | undefined;
  readonly cause: JsonataValue | undefined;
  readonly rules: readonly JsonataRule[];
  readonly catchers: readonly JsonataCatcher[];
}

const field = (o: JsonObject, name: string, location = name): JsonataValue | undefined =>
  o[name] === undefined ? undefined : compileJsonataValue(o[name], location);

function itemBatcher(v: Json | undefined): JsonataItemBatcher | undefined {
  if (!isJsonObject(v)) return undefined;
  return {
    maxItemsPerBatch: field(v, 'MaxItemsPerBatch', 'ItemBatcher/MaxItemsPerBatch'),
    maxInputBytesPerBatch: field(v, 'MaxInputBytesPerBatch', 'ItemBatcher/MaxInputBytesPerBatch'),
    batchInput: field(v, 'BatchInput', 'ItemBatcher/BatchInput'),
  };
}

const objects = (v: Json | undefined): JsonObject[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);

export function compileJsonataFields(s: JsonObject): JsonataFields {
  return {
    arguments: field(s, 'Arguments'),
    output: field(s, 'Output'),
    assign: field(s, 'Assign'),
    items: field(s, 'Items'),
    itemSelector: field(s, 'ItemSelector'),
    seconds: field(s, 'Seconds'),
    timestamp: field(s, 'Timestamp'),
    timeoutSeconds: field(s, 'TimeoutSeconds'),
    heartbeatSeconds: field(s, 'HeartbeatSeconds'),
    credentials: field(s, 'Credentials'),
    maxConcurrency: field(s, 'MaxConcurrency'),
    toleratedFailureCount: field(s, 'ToleratedFailureCount'),
    toleratedFailurePercentage: field(s, 'ToleratedFailurePercentage'),
    itemBatcher: itemBatcher(s['ItemBatcher']),
    error: field(s, 'Error'),
    cause: field(s, 'Cause'),
    // A rule's and a catcher's fields are named under their index: "Choices[0]/Condition",
    // "Catch[1]/Output/v" (floci #2689, measured on AWS).
    rules: objects(s['Choices']).map((rule, i) => ({
      condition: field(rule, 'Condition', `Choices[${i}]/Condition`) ?? { constant: false },
      output: field(rule, 'Output', `Choices[${i}]/Output`),
      assign: field(rule, 'Assign', `Choices[${i}]/Assign`),
    })),
    catchers: objects(s['Catch']).map((c, i) => ({
      output: field(c, 'Output', `Catch[${i}]/Output`),
      assign: field(c, 'Assign', `Catch[${i}]/Assign`),
    })),
  };
}
