import type { Json } from '../json.ts';
import type { Decision, StepEnv } from '../decision.ts';
import type { MapState } from '../definition/state.ts';
import type { ErrorValue } from '../errors/failure.ts';
import { AslFailure } from '../errors/failure.ts';
import type { Scope } from '../query/scope.ts';
import { StatesErrors } from '../errors/names.ts';
import { scopeOf, selectPath, transitionWith } from '../io.ts';
import { batchesOf } from './item-batcher.ts';
import { batchSizes } from './batch-items.ts';
import { itemReadSpec, jsonPathWriteSpec, writerOf } from './item-reader.ts';
import { mapItemsOf, notIterable } from './map-items.ts';
import { mapRunError } from './map-run-error.ts';
import { floatAt, integerAt } from './numeric-field.ts';

const runtime = (message: string) => new AslFailure(StatesErrors.Runtime, message);

/**
 * `read`: the items an ItemReader read (the second call, after the engine read them). With an
 * ItemReader, ItemsPath is not applied: the items are the reader's (AWS-recorded: LocalStack's
 * test_map_item_reader_base_json_with_items_path).
 */
export function enterMap(
  state: MapState,
  input: Json,
  env: StepEnv,
  read?: readonly Json[],
  offset = 0,
): Decision {
  const effective = selectPath(state.inputPath, input, env);
  const scope = scopeOf(effective, env);
  if (state.itemReader && !read) return readerDecision(state, env, scope);
  const selected: Json = read
    ? (read as Json[])
    : state.itemsPath
      ? selectPath(state.itemsPath, effective, env)
      : effective;
  const items = mapItemsOf(selected);
  if (!items) throw runtime(notIterable(selected));
  const maxConcurrency = integerAt('MaxConcurrency', state.maxConcurrency, scope);
  if (maxConcurrency < 0) throw runtime('MaxConcurrency cannot be negative.');

  let tolerance: Tolerance = { count: undefined, percentage: undefined };
  let runError: ErrorValue | undefined;
  try {
    tolerance = toleranceOf(state, scope);
  } catch (e) {
    runError = mapRunError(state, env, e);
  }

  const selector = state.itemSelector;
  const itemInputs = selector
    ? items.inputs.map((_, index) =>
        // $$.Map.Item is visible to ItemSelector only (AWS guide, "Map state").
        selector({
          input: scope.input,
          context: { ...env.context, Map: { Item: { ...items.item(index), Index: offset + index } } },
          variable: scope.variable,
          random: scope.random,
          uuid: scope.uuid,
        }),
      )
    : items.inputs;
  // ItemBatcher groups the selected items: each batch is one child (ASL spec, "Processing Items").
  let childInputs: readonly Json[] = itemInputs;
  if (state.itemBatcher && !runError) {
    try {
      childInputs = batchesOf(state.itemBatcher, itemInputs, scope);
    } catch (e) {
      runError = mapRunError(state, env, e);
    }
  }
  return {
    kind: 'map',
    items: childInputs,
    ...(childInputs === itemInputs ? {} : { batchSizes: batchSizes(childInputs) }),
    maxConcurrency,
    toleratedFailureCount: tolerance.count,
    toleratedFailurePercentage: tolerance.percentage,
    runError,
    ...writerOf(runError ? undefined : jsonPathWriteSpec(state, scope)),
  };
}

/** A Map that reads its items: the run's settings now, the items when the engine has read them. */
function readerDecision(state: MapState, env: StepEnv, scope: Scope): Decision {
  const maxConcurrency = integerAt('MaxConcurrency', state.maxConcurrency, scope);
  if (maxConcurrency < 0) throw runtime('MaxConcurrency cannot be negative.');
  let tolerance: Tolerance = { count: undefined, percentage: undefined };
  let runError: ErrorValue | undefined;
  let reader;
  try {
    tolerance = toleranceOf(state, scope);
    reader = itemReadSpec(state, scope);
  } catch (e) {
    runError = mapRunError(state, env, e);
  }
  return {
    kind: 'map',
    items: [],
    maxConcurrency,
    toleratedFailureCount: tolerance.count,
    toleratedFailurePercentage: tolerance.percentage,
    runError,
    reader,
    ...writerOf(runError ? undefined : jsonPathWriteSpec(state, scope)),
  };
}

interface Tolerance {
  count: number | undefined;
  percentage: number | undefined;
}

function toleranceOf(state: MapState, scope: Scope): Tolerance {
  let count: number | undefined;
  if (state.toleratedFailureCount !== undefined) {
    count = integerAt('ToleratedFailureCount', state.toleratedFailureCount, scope);
    if (count < 0) throw runtime('ToleratedFailureCount cannot be negative.');
  }
  let percentage: number | undefined;
  if (state.toleratedFailurePercentage !== undefined) {
    percentage = floatAt('ToleratedFailurePercentage', state.toleratedFailurePercentage, scope);
    if (percentage < 0 || percentage > 100)
      throw runtime('ToleratedFailurePercentage must be between 0 and 100.');
  }
  return { count, percentage };
}

/** `outputs` are the iteration outputs in item order. */
export function completeMap(state: MapState, input: Json, outputs: readonly Json[], env: StepEnv): Decision {
  return transitionWith(state, input, outputs as Json[], env);
}
