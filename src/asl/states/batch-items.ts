import type { Json, JsonObject } from '../json.ts';

/**
 * The largest batch: 256 KiB. Without MaxInputBytesPerBatch a child gets as many items as fit in
 * it, and MaxInputBytesPerBatch cannot go above it (AWS guide, "ItemBatcher (Map)").
 */
export const MAX_INPUT_BYTES_PER_BATCH = 262_144;

/** The evaluated ItemBatcher fields; a limit left undefined does not apply. */
export interface BatchLimits {
  readonly maxItemsPerBatch: number | undefined;
  readonly maxInputBytesPerBatch: number | undefined;
  /** Present in every child input when the ItemBatcher has a BatchInput. */
  readonly batchInput: Json | undefined;
}

const bytesOf = (value: Json): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * Groups the selected items, in order, into the inputs of the child executions:
 * `{"BatchInput": ..., "Items": [...]}` (AWS guide, "ItemBatcher (Map)"; ASL spec, "Processing
 * Items": ItemSelector first, then ItemBatcher). A batch closes before the item that would take
 * it past MaxItemsPerBatch or past the byte limit, counted on the child input as sent (envelope,
 * BatchInput and separators included), so no child input exceeds it. An item too large for any
 * batch still gets one of its own: it cannot be split, and what AWS does then is not documented.
 */
export function batchItems(items: readonly Json[], limits: BatchLimits): JsonObject[] {
  const { maxItemsPerBatch, batchInput } = limits;
  const maxBytes = Math.min(
    limits.maxInputBytesPerBatch ?? MAX_INPUT_BYTES_PER_BATCH,
    MAX_INPUT_BYTES_PER_BATCH,
  );
  const child = (batch: Json[]): JsonObject =>
    batchInput === undefined ? { Items: batch } : { BatchInput: batchInput, Items: batch };
  const emptyBytes = bytesOf(child([]));

  const batches: JsonObject[] = [];
  let batch: Json[] = [];
  let bytes = emptyBytes;
  for (const item of items) {
    const itemBytes = bytesOf(item);
    // Every item after the first adds a comma.
    const full =
      batch.length > 0 &&
      ((maxItemsPerBatch !== undefined && batch.length >= maxItemsPerBatch) ||
        bytes + 1 + itemBytes > maxBytes);
    if (full) {
      batches.push(child(batch));
      batch = [];
      bytes = emptyBytes;
    }
    bytes += (batch.length > 0 ? 1 : 0) + itemBytes;
    batch.push(item);
  }
  if (batch.length > 0) batches.push(child(batch));
  return batches;
}

/** How many items each child input made by `batchItems` holds. */
export function batchSizes(batches: readonly Json[]): number[] {
  return batches.map((b) => {
    const items = b !== null && typeof b === 'object' && !Array.isArray(b) ? b['Items'] : undefined;
    return Array.isArray(items) ? items.length : 1;
  });
}
