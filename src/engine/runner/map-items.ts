import type { Decision, ErrorValue, ItemReadSpec, Json } from '../../asl/index.ts';
import { StatesErrors } from '../../asl/index.ts';
import type { MapData, MapOrigin } from '../../integrations/index.ts';

/**
 * The most items read that a Map Run keeps as read (its record's `itemsRead`, for a saved test):
 * enough for a test's data, not a data set's.
 */
export const KEPT_ITEMS_READ = 1000;

/** A child's input and how many items it holds (several with ItemBatcher). */
export interface MapItem {
  readonly input: Json;
  readonly size: number;
}

/** asl's `mapItemsRead`: ItemSelector and ItemBatcher over items read, the first at `offset`. */
export type ItemSelect = (items: readonly Json[], offset: number) => Decision | Promise<Decision>;

/**
 * The children's inputs of a Map as they become known: all at once for the items of its input,
 * part after part while an ItemReader reads (the reader waits while `highWater` inputs are ready,
 * so memory holds what MaxConcurrency runs, not the data set).
 */
export class MapItems {
  #queue: MapItem[] = [];
  #head = 0;
  #ended = false;
  #failure: ErrorValue | undefined;
  #room: (() => void) | undefined;
  /** Items (not batches) known so far. */
  items = 0;
  /** Children (batches) known so far. */
  children = 0;
  /** The items as the reader read them, while at most KEPT_ITEMS_READ; undefined past that. */
  itemsRead: Json[] | undefined = [];
  /** Told when inputs arrive, or the reading ends. */
  onChange: () => void = () => {};

  /** The inputs of a Map over its state input (or already read). */
  static of(inputs: readonly Json[], sizes: readonly number[] | undefined): MapItems {
    const items = new MapItems();
    items.#push(inputs, sizes);
    items.#ended = true;
    return items;
  }

  get ended(): boolean {
    return this.#ended;
  }

  get failure(): ErrorValue | undefined {
    return this.#failure;
  }

  /** Inputs ready to start. */
  get ready(): number {
    return this.#queue.length - this.#head;
  }

  take(): MapItem | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const item = this.#queue[this.#head++];
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    if (this.#room) this.#room();
    return item;
  }

  /** What was never taken (the PENDING children of a run that ended early). */
  rest(): MapItem[] {
    const rest = this.#queue.slice(this.#head);
    this.#queue = [];
    this.#head = 0;
    return rest;
  }

  #push(inputs: readonly Json[], sizes: readonly number[] | undefined): void {
    for (let i = 0; i < inputs.length; i++) {
      const size = sizes?.[i] ?? 1;
      this.#queue.push({ input: inputs[i] ?? null, size });
      this.items += size;
    }
    this.children += inputs.length;
  }

  #fail(failure: ErrorValue): void {
    this.#failure = failure;
    this.#ended = true;
    this.onChange();
  }

  /**
   * Reads a distributed Map's items through its ItemReader (Amazon S3), part after part, and
   * `select`s each part as the state's ItemSelector and ItemBatcher say. A batch may span parts:
   * the last batch of a part is held back and formed again with the next part.
   */
  async read(
    data: Partial<MapData>,
    origin: MapOrigin,
    spec: ItemReadSpec,
    select: ItemSelect,
    signal: AbortSignal,
    highWater: () => number,
  ): Promise<void> {
    if (!data.readItems) {
      return this.#fail({
        error: StatesErrors.ItemReaderFailed,
        cause: `Stepwise cannot read items with '${spec.resource}' here: it has no Amazon S3 access.`,
      });
    }
    const read = await data.readItems({ ...spec, signal, origin });
    if (!read.ok) return this.#fail(read);
    let carry: readonly Json[] = [];
    let offset = 0;
    const selected = async (raw: readonly Json[], last: boolean): Promise<boolean> => {
      const d = await select(raw, offset);
      if (d.kind === 'error') {
        this.#fail({ error: d.error, cause: d.cause });
        return false;
      }
      if (d.kind !== 'map') throw new Error(`a ${d.kind} decision over the items read`);
      if (d.runError) {
        this.#fail(d.runError);
        return false;
      }
      const sizes = d.batchSizes;
      // The last batch may take items of the next part: it is formed again with them.
      const held = sizes && !last ? (sizes.at(-1) ?? 0) : 0;
      const n = held ? d.items.length - 1 : d.items.length;
      this.#push(d.items.slice(0, n), sizes?.slice(0, n));
      carry = held ? raw.slice(raw.length - held) : [];
      offset += raw.length - held;
      this.onChange();
      return true;
    };
    for await (const part of read.items) {
      if (signal.aborted) return;
      if (part.items === undefined) return this.#fail(part);
      this.#keep(part.items);
      if (!(await selected(carry.length ? [...carry, ...part.items] : part.items, false))) return;
      while (this.ready >= highWater() && !signal.aborted) {
        await new Promise<void>((resolve) => (this.#room = resolve));
        this.#room = undefined;
      }
    }
    if (signal.aborted) return;
    if (carry.length && !(await selected(carry, true))) return;
    this.#ended = true;
    this.onChange();
  }

  #keep(items: readonly Json[]): void {
    const kept = this.itemsRead;
    if (kept && kept.length + items.length <= KEPT_ITEMS_READ) kept.push(...items);
    else this.itemsRead = undefined;
  }

  /** Wakes a reader waiting for room (the Map Run ended early). */
  release(): void {
    this.#room?.();
  }
}
