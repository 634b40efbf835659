import type { HistoryEvent } from './event.ts';
import { type DetailsMember, MAKERS, plainEvent } from './event-makers.ts';
import { type HistoryPacker, type PackedHistory, type Packing, type ValuesEntry } from './packed-history.ts';
import { type Payload, writePayloads } from './payloads.ts';

/**
 * A line of events in one history: the top level, a Parallel branch or a Map iteration.
 * `previousEventId` of an event is the last event of its own thread, as on AWS, so that
 * interleaved branches still chain correctly.
 */
export interface Thread {
  last: number;
  /** Distributed Map children run as their own executions: their events stay out of the parent. */
  readonly silent: boolean;
}

type Details = Record<string, HistoryEvent[`${string}EventDetails`]>;
const NONE: readonly HistoryEvent[] = Object.freeze([]);
/** Events past which a closed execution's list is emptied (`release`). */
const LONG_HISTORY = 2048;

/**
 * What tells siblings with the same previous event apart: the first state of each Parallel
 * branch (state names are unique in a machine) and each Map iteration (its index).
 */
function discriminator(details: Details | undefined): string {
  if (!details) return '';
  for (const key in details) {
    const d = details[key];
    if (!d) continue;
    const name = d['name'];
    const index = d['index'];
    return `${typeof name === 'string' ? name : ''}/${typeof index === 'number' ? index : ''}`;
  }
  return '';
}

function detailsOf(e: HistoryEvent): Details {
  const out: Details = {};
  for (const key in e) if (key.endsWith('EventDetails')) out[key] = e[key as `${string}EventDetails`];
  return out;
}

/** What a replay matches a recorded event by: its previous event, type and sibling discriminator. */
export function replayKey(e: HistoryEvent): string {
  return `${e.previousEventId} ${e.type} ${discriminator(detailsOf(e))}`;
}

/**
 * The events of one execution. Given the recorded events of an execution that was interrupted
 * (a crash, a restart), it replays: an append whose event was recorded (same thread position,
 * type and sibling discriminator) adopts that event, id and timestamp included, instead of
 * writing a new one; past the recorded frontier it appends after the last id. So re-running the
 * same driver over a history continues it without applying any transition twice.
 */
export class History {
  /** Its events as appended: in a history that records payloads as values, some still are. */
  readonly appended: HistoryEvent[];
  /** Whether its payloads may be recorded as values (payloads.ts). */
  readonly valued: boolean;
  /** How many of its events have their payloads' texts. */
  private texts = 0;
  /** Recorded events not adopted yet, by previousEventId (none for a new execution). */
  private readonly pending: Map<number, HistoryEvent[]> | undefined;
  private written: ((event: HistoryEvent) => void) | undefined;
  private full: { readonly at: number; readonly reached: (id: number) => void } | undefined;
  /** The event the latest append wrote or adopted (undefined after a silent one, or packed). */
  latest: HistoryEvent | undefined;
  /**
   * A history nobody reads as it is written and that replays nothing is packed as it is written
   * (packed-history.ts: `write`), without event objects, until an event does not pack (then it
   * keeps objects from there on): what packing a closed history cost, and its events' objects,
   * were a fifth of a Standard Task's CPU (task-chain).
   */
  private readonly packer: HistoryPacker | undefined;
  private packing: Packing | undefined;
  /**
   * When packed: how many events, and the latest one's id, type and time (an earlier one's is read
   * from the packing: `timeOf`, when a retry waits from its failure, which is almost always the
   * latest event; a list of every event's time cost a push per event and 8 bytes each).
   */
  private size = 0;
  private latestId = 0;
  private latestType = '';
  private latestTime = 0;
  /** Ids up to this one were recorded before this history was made: replayed, not new. */
  private readonly recorded: number;
  /**
   * The state transitions made (not replayed): states entered and retries, which the execution
   * counts as it makes them (the metrics read it: AWS bills Standard executions by them).
   */
  transitions = 0;

  /**
   * `shown` is the whole history when it holds more than what is replayed (a redriven execution
   * keeps its failed attempts' events); new events then get ids after its last one.
   */
  constructor(
    recorded: readonly HistoryEvent[] = [],
    written?: (event: HistoryEvent) => void,
    shown: readonly HistoryEvent[] = recorded,
    /** Told (after `written`) when the event with id `at` is appended: the quota is reached. */
    full?: { readonly at: number; readonly reached: (id: number) => void },
    /** Its payloads may be recorded as values (payloads.ts): nobody is told of its events as written. */
    valued = false,
    /** Packs its events as they are written, when it replays nothing and nobody is told of them. */
    packer?: HistoryPacker,
  ) {
    this.valued = valued;
    this.packer = packer;
    if (packer && shown.length === 0 && written === undefined) {
      this.packing = packer.packing();
    }
    this.appended = shown.length === 0 ? [] : [...shown];
    this.recorded = shown.length;
    this.written = written;
    this.full = full;
    // Most histories replay nothing (every new execution): no map for them.
    if (recorded.length === 0) return;
    const pending = (this.pending = new Map<number, HistoryEvent[]>());
    for (const e of recorded) {
      const list = pending.get(e.previousEventId);
      if (list) list.push(e);
      else pending.set(e.previousEventId, [e]);
    }
  }

  /**
   * Its events as AWS gives them: the payloads recorded as values since the last read are written
   * as texts first.
   */
  get events(): readonly HistoryEvent[] {
    const packing = this.packing;
    if (packing !== undefined) {
      const unpacked = this.packer!.unpackWritten(packing);
      writePayloads(unpacked);
      return unpacked;
    }
    const events = this.appended;
    if (this.valued && this.texts < events.length) {
      writePayloads(events, this.texts);
      this.texts = events.length;
    }
    return events;
  }

  /** True while some recorded event has not been reached again by the replay. */
  get replaying(): boolean {
    return this.pending !== undefined && this.pending.size > 0;
  }

  /**
   * After the closing event nothing more is recorded, whatever branch is still unwinding. A
   * closed execution kept in memory then holds its events only, not the callback.
   */
  seal(): void {
    this.sealed = true;
    this.written = undefined;
    this.full = undefined;
  }

  private sealed = false;

  /**
   * The execution closed and its owner has its events (the store, a packed copy, its observers):
   * a long list is emptied. A long execution's list has been promoted to the old generation (or
   * made there, past 128 KB); left full there, dead, it kept every event it held alive through
   * each scavenge until the next full collection (choice-loop: 3.3 MB an execution, 1.4 MB after;
   * bench/scavenge-survival.ts). A short one is left as it is: emptying every list cost parallel
   * Standard 4% more instructions (callgrind), the long ones' 14% fewer in choice-loop.
   */
  release(): void {
    if (this.appended.length > LONG_HISTORY) this.appended.length = 0;
  }

  append(thread: Thread, timestamp: number, type: string, details?: Details): number {
    if (thread.silent || this.sealed) {
      this.latest = undefined;
      this.latestId = 0;
      return thread.last;
    }
    if (this.packing !== undefined) {
      // Its one details member, if it has exactly one (else it is kept as an object).
      let member: string | undefined;
      let count = 0;
      for (const key in details) {
        member = key;
        count++;
      }
      if (count <= 1) {
        const id = this.size + 1;
        const d = member === undefined ? undefined : details![member];
        if (this.packer!.write(this.packing, id, thread.last, timestamp, type, member, d)) {
          return this.wrote(thread, id, timestamp, type);
        }
      }
      this.unpacked();
    }
    if (this.pending !== undefined && this.pending.size > 0) {
      const found = this.adoptPending(thread.last, type, details);
      if (found) {
        this.latest = found;
        thread.last = found.id;
        return found.id;
      }
    }
    const id = this.appended.length + 1;
    // An event without details (LambdaFunctionStarted at every Lambda task) is a plain one:
    // spreading `undefined` still goes through the runtime's object clone.
    return this.pushEvent(
      thread,
      id,
      details === undefined
        ? plainEvent(id, thread.last, timestamp, type)
        : { id, previousEventId: thread.last, timestamp, type, ...details },
    );
  }

  /**
   * `append` with the event's details member given apart: the hot paths (every state entered and
   * exited) build no wrapper object to spread. The event has the same fields in the same order.
   */
  appendWith(
    thread: Thread,
    timestamp: number,
    type: string,
    member: DetailsMember,
    details: Details[string],
  ): number {
    if (thread.silent || this.sealed || (this.pending !== undefined && this.pending.size > 0)) {
      return this.append(thread, timestamp, type, { [member]: details });
    }
    const packing = this.packing;
    if (packing !== undefined) {
      const id = this.size + 1;
      if (this.packer!.write(packing, id, thread.last, timestamp, type, member, details)) {
        return this.wrote(thread, id, timestamp, type);
      }
      this.unpacked();
    }
    const id = this.appended.length + 1;
    const make = MAKERS[member];
    if (make) return this.pushEvent(thread, id, make(id, thread.last, timestamp, type, details));
    // The rarer events: a computed member still allocates all five fields in place (one added
    // afterwards would need a separate property store).
    const event = { id, previousEventId: thread.last, timestamp, type, [member]: details } as HistoryEvent;
    return this.pushEvent(thread, id, event);
  }

  /**
   * An event of a `ValuesEntry` (a state's entry or exit, a Lambda task's scheduled or succeeded
   * event): `appendWith(…, entry.member, entry.details(name, payload))`, but a history packed as
   * it is written packs its values without making the details object.
   */
  appendValues(
    thread: Thread,
    timestamp: number,
    type: string,
    entry: ValuesEntry,
    name: string,
    payload: Payload,
  ): number {
    const packing = this.packing;
    if (packing !== undefined && !thread.silent && !this.sealed && !this.replaying) {
      const id = this.size + 1;
      if (this.packer!.writeValues(packing, id, thread.last, timestamp, type, entry, name, payload)) {
        return this.wrote(thread, id, timestamp, type);
      }
    }
    return this.appendWith(
      thread,
      timestamp,
      type,
      entry.member,
      entry.details(name, payload) as Details[string],
    );
  }

  /**
   * `id` is the event's, given apart: events come in many shapes (one per details member), so
   * reading it back from the event is a megamorphic load.
   */
  private pushEvent(thread: Thread, id: number, event: HistoryEvent): number {
    this.appended.push(event);
    this.latest = event;
    thread.last = id;
    this.written?.(event);
    if (id === this.full?.at) this.full.reached(id);
    return id;
  }

  /** A packed event written: the thread and the latest event move on to it. */
  private wrote(thread: Thread, id: number, timestamp: number, type: string): number {
    this.size = id;
    this.latestId = id;
    this.latestType = type;
    this.latestTime = timestamp;
    thread.last = id;
    if (id === this.full?.at) this.full.reached(id);
    return id;
  }

  /** An event does not pack: the events so far become objects, and so will the next ones. */
  private unpacked(): void {
    const events = this.packer!.unpackWritten(this.packing!);
    this.packing = undefined;
    for (const e of events) this.appended.push(e);
    this.latest = this.latestId === 0 ? undefined : this.appended[this.latestId - 1];
  }

  /**
   * Its events as a list that grows as they are written, for a reader that comes back to it (an
   * observer told of them later): kept as objects from now on. Payloads may be values (payloads.ts).
   */
  growing(): readonly HistoryEvent[] {
    if (this.packing !== undefined) this.unpacked();
    return this.appended;
  }

  /** Its events packed as they were written, or undefined when it keeps them as objects. */
  packed(): PackedHistory | undefined {
    return this.packing && this.packer!.written(this.packing);
  }

  /** The time of event `id` (one of this history's). */
  timeOf(id: number): number | undefined {
    const packing = this.packing;
    if (packing === undefined) return this.appended[id - 1]?.timestamp;
    return id === this.latestId ? this.latestTime : this.packer!.timeOfWritten(packing, id);
  }

  /** Whether the event `id` (an append's) was written now, not adopted from the recorded ones. */
  fresh(id: number): boolean {
    return id > this.recorded;
  }

  /**
   * The time of the thread's last event (of `type`, if given) when it is also the history's latest
   * and was written now (not adopted from the recorded ones): a reading of the clock that nothing
   * has been written after, which a caller in the same turn may reuse instead of reading it again.
   */
  lastWrittenAt(thread: Thread, type?: string): number | undefined {
    if (this.packing !== undefined) {
      return this.latestId === thread.last && (type === undefined || this.latestType === type)
        ? this.latestTime
        : undefined;
    }
    const latest = this.latest;
    return latest !== undefined &&
      this.appended[thread.last - 1] === latest &&
      this.fresh(thread.last) &&
      (type === undefined || latest.type === type)
      ? latest.timestamp
      : undefined;
  }

  /** Recorded events that follow the thread's last event and have not been replayed yet. */
  recordedNext(thread: Thread): readonly HistoryEvent[] {
    return thread.silent ? NONE : (this.pending?.get(thread.last) ?? NONE);
  }

  /** Adopts a recorded event found with `recordedNext`, as it is. */
  adopt(thread: Thread, event: HistoryEvent): void {
    this.append(thread, event.timestamp, event.type, detailsOf(event));
  }

  private adoptPending(
    previous: number,
    type: string,
    details: Details | undefined,
  ): HistoryEvent | undefined {
    const pending = this.pending;
    const list = pending?.get(previous);
    if (!pending || !list) return undefined;
    // Always compared: a sibling branch's recorded first event may be the only one left.
    const key = discriminator(details);
    const at = list.findIndex((e) => e.type === type && discriminator(detailsOf(e)) === key);
    if (at < 0) return undefined;
    const [found] = list.splice(at, 1);
    if (list.length === 0) pending.delete(previous);
    return found;
  }

  get lastId(): number {
    return this.packing !== undefined ? this.size : this.appended.length;
  }
}
