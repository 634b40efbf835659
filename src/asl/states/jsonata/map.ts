import type { Json } from '../../json.ts';
import type { Decision, ItemReadSpec, ResultWriteSpec, StepEnv } from '../../decision.ts';
import type { JsonataFields } from '../../definition/jsonata-fields.ts';
import type { MapState } from '../../definition/state.ts';
import type { ErrorValue } from '../../errors/failure.ts';
import type { JsonataScope, JsonataValue } from '../../query/jsonata/index.ts';
import { QueryEvaluationFailure, valueOf } from '../../query/jsonata/index.ts';
import { mapItemsOf, notIterable } from '../map-items.ts';
import { mapRunError } from '../map-run-error.ts';
import { jsonataBatchesOf } from './item-batcher.ts';
import { batchSizes } from '../batch-items.ts';
import { resultWriteSpec, writerOf } from '../item-reader.ts';
import { fieldValue, integerField, jsonataScope } from './jsonata-io.ts';

/**
 * A JSONata Map: Items (an array or an expression; default the raw input), then ItemSelector per
 * item with `$states.context.Map.Item` (AWS guide, "Map state"), MaxConcurrency and the
 * tolerated-failure thresholds, each literal or an expression, and a distributed Map's ItemBatcher.
 */
export async function enterJsonataMap(
  state: MapState,
  fields: JsonataFields,
  input: Json,
  env: StepEnv,
  read?: readonly Json[],
  offset = 0,
): Promise<Decision> {
  const scope = jsonataScope(env, input);
  const reader = state.itemReader;
  // An ItemReader's items replace Items; the engine reads them first (see map.ts).
  if (reader && !read) return readerDecision(state, fields, env, scope);
  const selected = read ? (read as Json[]) : await fieldValue(fields.items, scope, input);
  // Recorded: scenarios/test_map_state_items_input_types.* (States.QueryEvaluationError), the
  // object case included: without Items, a JSONata Map whose input is an object fails on AWS. An
  // Items that selects an object iterates its key-value pairs (see map-items.ts).
  const objects = read !== undefined || fields.items !== undefined;
  const items = objects || Array.isArray(selected) ? mapItemsOf(selected) : undefined;
  if (!items) throw new QueryEvaluationFailure(notIterable(selected));
  const maxConcurrency = (await integerField('MaxConcurrency', fields.maxConcurrency, scope, 0)) ?? 0;

  let count: number | undefined;
  let percentage: number | undefined;
  let runError: ErrorValue | undefined;
  try {
    count = await integerField('ToleratedFailureCount', fields.toleratedFailureCount, scope, 0);
    percentage = await percentageOf(fields, scope);
  } catch (e) {
    // As for JSONPath: a Map Run checks its thresholds after MapStateStarted.
    runError = mapRunError(state, env, e);
  }

  const selector = fields.itemSelector;
  let itemInputs: Json[] = items.inputs;
  if (selector) {
    itemInputs = [];
    for (let index = 0; index < items.inputs.length; index++) {
      const context = { ...env.context, Map: { Item: { ...items.item(index), Index: offset + index } } };
      const itemEnv: StepEnv = {
        context,
        enteredEventId: env.enteredEventId,
        now: env.now,
        variable: env.variable,
        random: env.random,
        uuid: env.uuid,
      };
      itemInputs.push(await valueOf(selector, jsonataScope(itemEnv, input)));
    }
  }
  // ItemBatcher groups the selected items: each batch is one child (ASL spec, "Processing Items").
  let childInputs: readonly Json[] = itemInputs;
  if (fields.itemBatcher && state.mode === 'DISTRIBUTED' && !runError) {
    try {
      childInputs = await jsonataBatchesOf(fields.itemBatcher, itemInputs, scope);
    } catch (e) {
      runError = mapRunError(state, env, e);
    }
  }
  return {
    kind: 'map',
    items: childInputs,
    ...(childInputs === itemInputs ? {} : { batchSizes: batchSizes(childInputs) }),
    maxConcurrency,
    toleratedFailureCount: count,
    toleratedFailurePercentage: percentage,
    runError,
    ...writerOf(runError ? undefined : await writeSpec(state, scope)),
  };
}

async function writeSpec(state: MapState, scope: JsonataScope): Promise<ResultWriteSpec | undefined> {
  const args = state.resultWriter?.arguments;
  return resultWriteSpec(state, args ? await valueOf(args, scope) : undefined);
}

/** A JSONata Map that reads its items: Arguments and MaxItems may be expressions. */
async function readerDecision(
  state: MapState,
  fields: JsonataFields,
  env: StepEnv,
  scope: JsonataScope,
): Promise<Decision> {
  const reader = state.itemReader!;
  const maxConcurrency = (await integerField('MaxConcurrency', fields.maxConcurrency, scope, 0)) ?? 0;
  let count: number | undefined;
  let percentage: number | undefined;
  let runError: ErrorValue | undefined;
  let spec: ItemReadSpec | undefined;
  try {
    count = await integerField('ToleratedFailureCount', fields.toleratedFailureCount, scope, 0);
    percentage = await percentageOf(fields, scope);
    const max = reader.maxItems;
    spec = {
      resource: reader.resource,
      parameters: reader.arguments ? await valueOf(reader.arguments, scope) : {},
      readerConfig: reader.readerConfig,
      maxItems:
        max === undefined || typeof max === 'number'
          ? max
          : await integerField(
              'MaxItems',
              max as JsonataValue,
              scope,
              Number.MIN_SAFE_INTEGER,
              'ItemReader/ReaderConfig/MaxItems',
            ),
    };
  } catch (e) {
    runError = mapRunError(state, env, e);
  }
  return {
    kind: 'map',
    items: [],
    maxConcurrency,
    toleratedFailureCount: count,
    toleratedFailurePercentage: percentage,
    runError,
    reader: spec,
    ...writerOf(runError ? undefined : await writeSpec(state, scope)),
  };
}

async function percentageOf(
  fields: JsonataFields,
  scope: ReturnType<typeof jsonataScope>,
): Promise<number | undefined> {
  if (fields.toleratedFailurePercentage === undefined) return undefined;
  const v = await valueOf(fields.toleratedFailurePercentage, scope);
  if (typeof v !== 'number' || v < 0 || v > 100) {
    throw new QueryEvaluationFailure(
      `The ToleratedFailurePercentage field must be a number between 0 and 100, but was: ${JSON.stringify(v)}`,
      'ToleratedFailurePercentage',
    );
  }
  return v;
}
