import type { Decision, ErrorValue, ItemReadSpec, Json } from '../../asl/index.ts';
import { StatesErrors } from '../../asl/index.ts';
import type { MapData } from '../../integrations/index.ts';

export type ItemsRead =
  | { readonly ok: true; readonly items: readonly Json[]; readonly batchSizes: readonly number[] | undefined }
  | ({ readonly ok: false } & ErrorValue);

/**
 * A distributed Map's items from its ItemReader, through the integrations (Amazon S3), then
 * `select`ed as the state's ItemSelector and ItemBatcher say (asl's `mapItemsRead`).
 */
export async function readMapItems(
  data: Partial<MapData>,
  spec: ItemReadSpec,
  select: (items: readonly Json[]) => Decision | Promise<Decision>,
  signal: AbortSignal,
): Promise<ItemsRead> {
  if (!data.readItems) {
    return {
      ok: false,
      error: StatesErrors.ItemReaderFailed,
      cause: `Stepwise cannot read items with '${spec.resource}' here: it has no Amazon S3 access.`,
    };
  }
  const read = await data.readItems({ ...spec, signal });
  if (!read.ok) return read;
  const selected = await select(read.items);
  if (selected.kind === 'error') return { ok: false, error: selected.error, cause: selected.cause };
  if (selected.kind !== 'map') throw new Error(`a ${selected.kind} decision over the items read`);
  if (selected.runError) return { ok: false, ...selected.runError };
  return { ok: true, items: selected.items, batchSizes: selected.batchSizes };
}
