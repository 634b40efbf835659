import type { Json, JsonObject } from '../../json.ts';
import type { StepEnv } from '../../decision.ts';
import type { JsonataScope, JsonataValue } from '../../query/jsonata/index.ts';
import { QueryEvaluationFailure, valueOf } from '../../query/jsonata/index.ts';

/**
 * The `$states` of one evaluation: the state's raw input and the context object, plus `result`
 * (after a Task, Parallel or Map) or `errorOutput` (in a Catch) where AWS provides them.
 */
export function jsonataScope(env: StepEnv, input: Json, extra?: JsonObject): JsonataScope {
  const states: JsonObject = { input, context: env.context, ...extra };
  return { states, variable: env.variable, random: env.random, uuid: env.uuid, now: env.now };
}

/** A field's value, or `dflt` when the state does not have the field. */
export async function fieldValue(
  value: JsonataValue | undefined,
  scope: JsonataScope,
  dflt: Json,
): Promise<Json> {
  return value === undefined ? dflt : valueOf(value, scope);
}

const NOTHING_ASSIGNED: { readonly assigned?: JsonObject } = Object.freeze({});

/** Assign as the part of a decision that carries it; every expression sees the variables from before. */
export async function jsonataAssignment(
  assign: JsonataValue | undefined,
  scope: JsonataScope,
): Promise<{ readonly assigned?: JsonObject }> {
  if (assign === undefined) return NOTHING_ASSIGNED;
  return { assigned: (await valueOf(assign, scope)) as JsonObject };
}

const shown = (v: Json): string => JSON.stringify(v);

/**
 * A numeric field (TimeoutSeconds, Seconds, MaxConcurrency, ...) that a JSONata state may give as
 * an expression: its value must be an integer of at least `min`. `location` names a nested field
 * ("ItemBatcher/MaxItemsPerBatch") in the failure.
 */
export async function integerField(
  name: string,
  value: JsonataValue | undefined,
  scope: JsonataScope,
  min: number,
  location = name,
): Promise<number | undefined> {
  if (value === undefined) return undefined;
  const v = await valueOf(value, scope);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    const wanted = min > 0 ? 'a positive integer' : 'a non-negative integer';
    throw new QueryEvaluationFailure(`The ${name} field must be ${wanted}, but was: ${shown(v)}`, location);
  }
  return v;
}

/** A field whose value must be a string (Fail's Error and Cause, Wait's Timestamp). */
export async function stringField(
  name: string,
  value: JsonataValue | undefined,
  scope: JsonataScope,
): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const v = await valueOf(value, scope);
  if (typeof v !== 'string') {
    throw new QueryEvaluationFailure(`The ${name} field must be a string, but was: ${shown(v)}`, name);
  }
  return v;
}
