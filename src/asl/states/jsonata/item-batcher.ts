import type { Json, JsonObject } from '../../json.ts';
import type { JsonataItemBatcher } from '../../definition/jsonata-fields.ts';
import type { JsonataScope } from '../../query/jsonata/index.ts';
import { valueOf } from '../../query/jsonata/index.ts';
import { batchItems } from '../batch-items.ts';
import { integerField } from './jsonata-io.ts';

/**
 * A JSONata Map's ItemBatcher applied to its selected items: MaxItemsPerBatch and
 * MaxInputBytesPerBatch may be expressions that must give positive integers, and BatchInput may
 * be an expression or hold expressions (AWS guide, "ItemBatcher (Map)"), evaluated once with
 * `$states.input` and shared by every batch. A bad value is a States.QueryEvaluationError.
 */
export async function jsonataBatchesOf(
  batcher: JsonataItemBatcher,
  items: readonly Json[],
  scope: JsonataScope,
): Promise<JsonObject[]> {
  const at = (field: string) => `ItemBatcher/${field}`;
  const maxItemsPerBatch = await integerField(
    'MaxItemsPerBatch',
    batcher.maxItemsPerBatch,
    scope,
    1,
    at('MaxItemsPerBatch'),
  );
  const maxInputBytesPerBatch = await integerField(
    'MaxInputBytesPerBatch',
    batcher.maxInputBytesPerBatch,
    scope,
    1,
    at('MaxInputBytesPerBatch'),
  );
  const batchInput = batcher.batchInput === undefined ? undefined : await valueOf(batcher.batchInput, scope);
  return batchItems(items, { maxItemsPerBatch, maxInputBytesPerBatch, batchInput });
}
