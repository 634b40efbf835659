import type { Json, JsonObject } from '../json.ts';
import type { ItemBatcher } from '../definition/state.ts';
import type { Scope } from '../query/scope.ts';
import { batchItems } from './batch-items.ts';
import { positiveMapIntegerAt } from './numeric-field.ts';

/**
 * A JSONPath Map's ItemBatcher applied to its selected items: the limits are read first, then
 * BatchInput is evaluated once against the state's effective input (it sees `$$` but not
 * `$$.Map.Item`, which belongs to ItemSelector) and shared by every batch.
 */
export function batchesOf(batcher: ItemBatcher, items: readonly Json[], scope: Scope): JsonObject[] {
  return batchItems(items, {
    maxItemsPerBatch: positiveMapIntegerAt('MaxItemsPerBatch', batcher.maxItemsPerBatch, scope),
    maxInputBytesPerBatch: positiveMapIntegerAt(
      'MaxInputBytesPerBatch',
      batcher.maxInputBytesPerBatch,
      scope,
    ),
    batchInput: batcher.batchInput?.(scope),
  });
}
