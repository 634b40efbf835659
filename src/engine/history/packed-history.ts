import type { Json } from '../../asl/index.ts';
import { type HistoryEvent, NOT_TRUNCATED } from './event.ts';
import type { DetailsMember } from './event-makers.ts';
import type { Payload } from './payloads.ts';

/**
 * What every event of one kind has in common: its type, its details member and that member's
 * keys, in order, with the values that are the same shared object in every such event (the
 * `inputDetails` of every event that has one).
 */
interface Shape {
  readonly id: number;
  readonly type: string;
  readonly member: string | undefined;
  readonly keys: readonly string[];
  /** Per key, the value every event of the shape has (NOT_SHARED: each its own). */
  readonly shared: readonly unknown[];
  /** How many values each event of the shape has of its own (the NOT_SHARED ones). */
  readonly own: number;
}

/**
 * A closed history as one flat array (or, when long, an array of them, each of CHUNK events): the
 * first event's timestamp (less the packer's epoch), then per event a head (its shape's number
 * times 4, plus 1 if its previous event is not the one before it, plus 2 if its timestamp is not
 * the previous event's), that previous event's id and the difference of the timestamps when they
 * are flagged, and its details' values but the shared ones. Or the events as they were, when one
 * of them is not in the form packing keeps exactly (`pack`).
 */
export type PackedHistory = readonly unknown[];

/** A history packed as it is written (`HistoryPacker.write`): its chunks so far. */
export interface Packing {
  /** The chunks filled (CHUNK events each), before `slots`; undefined while there is one. */
  chunks: unknown[][] | undefined;
  /** The chunk being written, and how many of its slots are used. */
  slots: unknown[];
  used: number;
  /** How many slots `slots` was made with (a history alike to the latest one fills them all). */
  room: number;
  /** Events in `slots`. */
  count: number;
  /** The timestamp of the latest event written. */
  time: number;
}

const NOT_SHARED = Symbol('not shared');

/**
 * An event whose details are one or two values of its own then constants every such event shares
 * (NOT_TRUNCATED): a state's entry or exit (`<Type>StateEntered`, `<Type>StateExited` without
 * variables: its name and its input or output), a Lambda task's scheduled event (its function and
 * its input) or a Lambda or activity task's succeeded one (its output alone). Its details member,
 * and the details object it stands for (made only to find its shape, or where the history keeps
 * objects): `name` then `payload` as its own values, or `payload` alone.
 */
export interface ValuesEntry {
  readonly member: DetailsMember;
  details(name: string, payload: Payload): object;
}

/** Objects every event of a kind shares: one pointer in its shape rather than one in each event. */
const SHARED: ReadonlySet<unknown> = new Set([NOT_TRUNCATED]);

/** Shapes of an engine's events are few (event types times their optional fields); past this, none is added. */
const MAX_SHAPES = 4096;

const BASE = ['id', 'previousEventId', 'timestamp', 'type'] as const;

/**
 * Events per packed array: a longer history is packed as several, each under V8's largest
 * regular object (128 KB), which a large one outgrows at great cost to the packing (measured: a
 * 40,000-event history packed in one array cost its Standard choice-loop 40% of its CPU time).
 */
const CHUNK = 2048;

/** The most slots a history packed as it is written starts with room for (a chunk's, about). */
const MAX_EXPECTED = 3 * CHUNK;

/**
 * Keeps closed executions' histories compactly when nothing else has them (an engine without a
 * store): an event object, its details object and its timestamp cost ~130 bytes; packed, a state
 * event costs ~24 bytes (a head and its two values). The strings (payloads, names) are shared
 * with the events, not copied. `unpack` gives events equal to the packed ones, keys in the same
 * order (issue 18).
 */
export class HistoryPacker {
  private readonly shapes: Shape[] = [];
  /** The shapes of each event type (usually one). */
  private readonly byType = new Map<string, Shape[]>();
  /** The shape each type had last. */
  private readonly latest = new Map<string, Shape>();

  pack(events: readonly HistoryEvent[]): PackedHistory {
    if (events.length === 0) return events;
    if (events.length <= CHUNK) return this.#chunk(events, 0, events.length) ?? events;
    const chunks: (readonly unknown[])[] = [];
    for (let from = 0; from < events.length; from += CHUNK) {
      const chunk = this.#chunk(events, from, Math.min(events.length, from + CHUNK));
      if (!chunk) return events;
      chunks.push(chunk);
    }
    return chunks;
  }

  /** Events `from` to `to` packed, or undefined if one of them is not in a form packing keeps exactly. */
  #chunk(events: readonly HistoryEvent[], from: number, to: number): unknown[] | undefined {
    const used = this.#pack(events, from, to, this.scratch);
    // A copy of exactly the slots used: an array sized beforehand for the most an event may take
    // keeps its whole length when more than half of it is used (V8 trims only below), which
    // cost a third of every packed history.
    return used < 0 ? undefined : this.scratch.slice(0, used);
  }

  /**
   * The first timestamp packed: each history's first is kept as its difference from it, a small
   * integer within 24 days of it (V8 keeps such a number in the slot; a time in epoch ms takes a
   * 16-byte box of its own). Checked to give back the same time, as every delta is.
   */
  private epoch: number | undefined;

  /** Where `#pack` writes (grown by it as needed), reused by every chunk. */
  private readonly scratch: unknown[] = [];

  /**
   * Packs events `from` to `to` into `out`: how many slots it used, or -1 if one of them is not
   * in a form packing keeps exactly (the histories not packed as they were written: those that
   * replayed, or turned to objects).
   */
  #pack(events: readonly HistoryEvent[], from: number, to: number, out: unknown[]): number {
    let used = 0;
    let previous = events[from]!.timestamp;
    const epoch = (this.epoch ??= previous);
    const first = previous - epoch;
    if (!Object.is(first + epoch, previous)) return -1;
    out[used++] = first;
    for (let i = from; i < to; i++) {
      const e = events[i]!;
      // Its fields, which must be the four of every event, in order, and at most one more.
      let n = 0;
      let member: string | undefined;
      for (const key in e) {
        if (n === 4) member = key;
        else if (n > 4 || key !== BASE[n]) return -1;
        n++;
      }
      const type = e.type;
      const timestamp = e.timestamp;
      const delta = timestamp - previous;
      if (
        n < 4 ||
        e.id !== i + 1 ||
        typeof type !== 'string' ||
        typeof e.previousEventId !== 'number' ||
        !Object.is(previous + delta, timestamp) ||
        !literal(e)
      )
        return -1;
      previous = timestamp;
      const details = member === undefined ? undefined : e[member as `${string}EventDetails`];
      if (member !== undefined && !literal(details)) return -1;
      used = this.#put(out, used, e.previousEventId, e.previousEventId === i, delta, type, member, details);
      if (used < 0) return -1;
    }
    return used;
  }

  /**
   * Appends one event to a history packed as it is written (`Packing`), in the form `pack` gives:
   * false, with nothing written, when packing would not keep it exactly (its caller then keeps
   * objects). The event is given as its fields: no event object is made.
   */
  write(
    p: Packing,
    id: number,
    previousEventId: number,
    timestamp: number,
    type: string,
    member: string | undefined,
    details: object | undefined,
  ): boolean {
    // A member whose details are not a plain object (or undefined) would come back as `{}`.
    if (member !== undefined ? !literal(details) : details !== undefined) return false;
    let used = this.#begin(p, timestamp);
    if (used < 0) return false;
    const delta = timestamp - (p.count === 0 ? timestamp : p.time);
    used = this.#put(
      p.slots,
      used,
      previousEventId,
      previousEventId === id - 1,
      delta,
      type,
      member,
      details,
    );
    return used >= 0 && this.#end(p, used, timestamp);
  }

  /**
   * `write` of an event of a `ValuesEntry`, made of its values: no details object to build and
   * read back by key, for two of a Pass state's three events (pass-chain Standard: 5.7% fewer
   * instructions, callgrind) and two of a Lambda task's five.
   */
  writeValues(
    p: Packing,
    id: number,
    previousEventId: number,
    timestamp: number,
    type: string,
    entry: ValuesEntry,
    name: string,
    payload: Payload,
  ): boolean {
    const shape = this.valuesShapes.get(type) ?? this.#valuesShape(type, entry, name, payload);
    if (shape === undefined || shape.member !== entry.member) return false;
    let used = this.#begin(p, timestamp);
    if (used < 0) return false;
    const delta = timestamp - (p.count === 0 ? timestamp : p.time);
    const out = p.slots;
    const chained = previousEventId === id - 1;
    out[used] = headOf(shape, chained, delta);
    used = links(out, used + 1, chained, previousEventId, delta);
    if (shape.own === 2) out[used++] = name;
    out[used++] = payload;
    return this.#end(p, used, timestamp);
  }

  /** The shape of each type of `ValuesEntry` event (`writeValues`). */
  private readonly valuesShapes = new Map<string, Shape>();

  /**
   * The shape of `entry`'s events of `type`, if its own values are `name` and `payload` (or
   * `payload` alone) and the one value left is shared by every such event (as NOT_TRUNCATED is).
   */
  #valuesShape(type: string, entry: ValuesEntry, name: string, payload: Payload): Shape | undefined {
    const details = entry.details(name, payload) as Record<string, unknown>;
    const shape = this.#shapeOf(type, entry.member, details);
    if (!shape) return undefined;
    // Its own values first, then one shared: `own` counts the values not shared.
    const { keys, shared, own } = shape;
    if ((own !== 1 && own !== 2) || keys.length !== own + 1 || shared[own] === NOT_SHARED) return undefined;
    if (details[keys[own - 1]!] !== payload || (own === 2 && details[keys[0]!] !== name)) return undefined;
    this.valuesShapes.set(type, shape);
    return shape;
  }

  /**
   * Where the next event goes in `p` (a new chunk after CHUNK events, which starts with its first
   * time), or -1 when that time would not come back exactly.
   */
  #begin(p: Packing, timestamp: number): number {
    if (p.count === CHUNK) {
      (p.chunks ??= []).push(p.slots.slice(0, p.used));
      p.slots = slotsFor(this.expected);
      p.room = this.expected;
      p.used = 0;
      p.count = 0;
    }
    if (p.count === 0) {
      const epoch = (this.epoch ??= timestamp);
      const first = timestamp - epoch;
      // A clock's reading is a finite number: `===` (inlined) tells what Object.is (a call) would.
      if (first + epoch !== timestamp) return -1;
      p.slots[p.used] = first;
      return p.used + 1;
    }
    const delta = timestamp - p.time;
    return p.time + delta === timestamp ? p.used : -1;
  }

  /** The event is written up to slot `used`. */
  #end(p: Packing, used: number, timestamp: number): true {
    p.time = timestamp;
    p.used = used;
    p.count++;
    return true;
  }

  /**
   * Writes one event into `out` from slot `used`: its head (its shape's number times 4, plus 1 if
   * its previous event is not the one before it, plus 2 if its time is not the previous event's),
   * then that previous event's id and the time's difference when flagged, and its details' values
   * but the shared ones. Gives the slots used then, or -1 when its shape would be one too many.
   */
  #put(
    out: unknown[],
    used: number,
    previousEventId: number,
    chained: boolean,
    delta: number,
    type: string,
    member: string | undefined,
    details: object | undefined,
  ): number {
    const at = used;
    used = links(out, used + 1, chained, previousEventId, delta);
    const valuesAt = used;
    const values = details as Record<string, unknown> | undefined;
    // Its values, checked meanwhile against the latest shape of its type (almost always its own).
    const latest = this.latest.get(type);
    let fits = latest !== undefined && latest.member === member;
    let k = 0;
    for (const key in values) {
      const value = values[key];
      if (fits) {
        const shared = latest!.shared[k];
        if (latest!.keys[k] !== key || (shared !== NOT_SHARED && shared !== value)) fits = false;
        else if (shared === NOT_SHARED) out[used++] = value;
      }
      k++;
    }
    let shape = latest!;
    if (!fits || k !== shape.keys.length) {
      const found = this.#shapeOf(type, member, details);
      if (!found) return -1;
      shape = found;
      used = valuesAt;
      for (let j = 0; j < shape.keys.length; j++)
        if (shape.shared[j] === NOT_SHARED) out[used++] = values![shape.keys[j]!];
    }
    out[at] = headOf(shape, chained, delta);
    return used;
  }

  /** The slots a history packed as it is written starts with room for: the latest one's. */
  private expected = 0;

  /** A history to `write` into. */
  packing(): Packing {
    const room = this.expected;
    return { chunks: undefined, slots: slotsFor(room), used: 0, room, count: 0, time: 0 };
  }

  /**
   * What `write` packed, as `pack` would have: its slots as they are when it filled exactly the
   * room it was made with (a history alike to the latest one), else copied to their exact length.
   * The copy was a second array per history, each one surviving scavenges as the first had.
   */
  written(p: Packing): PackedHistory {
    const last = p.used === p.room ? p.slots : p.slots.slice(0, p.used);
    // The next history starts with room for as many slots (most are alike): grown from empty,
    // its array was copied ten times over (pass-chain: 45% more scavenges).
    this.expected = Math.min(p.used, MAX_EXPECTED);
    if (p.chunks === undefined) return last;
    return [...p.chunks.map((chunk) => chunk.slice()), last];
  }

  /**
   * The time of event `id` of a history packed as it is written, read from its chunk's first time
   * and the differences after it (undefined if it has no such event).
   */
  timeOfWritten(p: Packing, id: number): number | undefined {
    const filled = p.chunks?.length ?? 0;
    const index = id - 1;
    const chunk = Math.floor(index / CHUNK);
    if (index < 0 || chunk > filled || (chunk === filled && index - chunk * CHUNK >= p.count))
      return undefined;
    const slots = chunk < filled ? p.chunks![chunk]! : p.slots;
    let timestamp = (slots[0] as number) + this.epoch!;
    let at = 1;
    for (let e = chunk * CHUNK; ; e++) {
      const head = slots[at++] as number;
      if (head & 1) at++;
      if (head & 2) timestamp += slots[at++] as number;
      if (e === index) return timestamp;
      at += this.shapes[head >> 2]!.own;
    }
  }

  /** The events `write` packed so far. */
  unpackWritten(p: Packing): HistoryEvent[] {
    const last = p.slots.slice(0, p.used);
    return this.unpack(p.chunks === undefined ? last : [...p.chunks, last]);
  }

  unpack(history: PackedHistory): HistoryEvent[] {
    const events: HistoryEvent[] = [];
    const first = history[0];
    if (typeof first === 'number') this.#unpack(history, events);
    else if (Array.isArray(first))
      for (const chunk of history) this.#unpack(chunk as readonly unknown[], events);
    else events.push(...(history as readonly HistoryEvent[]));
    return events;
  }

  #unpack(p: readonly unknown[], events: HistoryEvent[]): void {
    let timestamp = (p[0] as number) + this.epoch!;
    for (let at = 1; at < p.length;) {
      const head = p[at++] as number;
      const { type, member, keys, shared } = this.shapes[head >> 2]!;
      const id = events.length + 1;
      const previousEventId = head & 1 ? (p[at++] as number) : id - 1;
      if (head & 2) timestamp += p[at++] as number;
      if (member === undefined) {
        events.push({ id, previousEventId, timestamp, type });
        continue;
      }
      const details: Record<string, Json> = {};
      for (let k = 0; k < keys.length; k++) {
        const value = shared[k];
        details[keys[k]!] = (value === NOT_SHARED ? p[at++] : value) as Json;
      }
      events.push({ id, previousEventId, timestamp, type, [member]: details } as HistoryEvent);
    }
  }

  /** The shape of an event of `type` with `details`, made if new; undefined past MAX_SHAPES. */
  #shapeOf(type: string, member: string | undefined, details: object | undefined): Shape | undefined {
    const values = (details ?? {}) as Record<string, unknown>;
    const keys = Object.keys(values);
    const same = (s: Shape): boolean =>
      s.member === member &&
      s.keys.length === keys.length &&
      s.keys.every(
        (key, i) => key === keys[i] && (s.shared[i] === NOT_SHARED || s.shared[i] === values[key]),
      );
    let shape = this.byType.get(type)?.find(same);
    if (!shape) {
      if (this.shapes.length >= MAX_SHAPES) return undefined;
      const shared = keys.map((key) => (SHARED.has(values[key]) ? values[key] : NOT_SHARED));
      const own = shared.filter((value) => value === NOT_SHARED).length;
      shape = { id: this.shapes.length, type, member, keys, shared, own };
      this.shapes.push(shape);
      const ofType = this.byType.get(type);
      if (ofType) ofType.push(shape);
      else this.byType.set(type, [shape]);
    }
    this.latest.set(type, shape);
    return shape;
  }
}

/**
 * An event's head: its shape's number times 4, plus 1 if its previous event is not the one before
 * it, plus 2 if its time is not the previous event's (`links` writes those two after it).
 */
function headOf(shape: Shape, chained: boolean, delta: number): number {
  return shape.id * 4 + (chained ? 0 : 1) + (delta === 0 ? 0 : 2);
}

/**
 * An array of `room` slots for a history packed as it is written, of the kind that holds any
 * value. V8 makes a new array of small integers, and an array of over 8 KB never learns
 * from those made before it: each history's was copied whole twice, to doubles at its first time
 * difference (the difference of two times in epoch ms is a double to V8, whatever its value) and
 * back to values at its first string (task-chain Standard: 1,200 slots, ~37,000 instructions a
 * history, `--trace-elements-transitions`). Storing anything else into it first changes its kind
 * alone.
 */
function slotsFor(room: number): unknown[] {
  const slots = new Array<unknown>(room);
  // An empty one grows from nothing: copies of a few slots.
  if (room > 0) slots[0] = undefined;
  return slots;
}

/** Writes from slot `used` the previous event's id and the time's difference, each when its head flags it. */
function links(
  out: unknown[],
  used: number,
  chained: boolean,
  previousEventId: number,
  delta: number,
): number {
  if (!chained) out[used++] = previousEventId;
  if (delta !== 0) out[used++] = delta;
  return used;
}

/**
 * An object made by a literal (or JSON.parse), as the engine makes every event and details
 * object: for-in then sees exactly the keys unpack rebuilds, and the copy is equal to it. Asked of
 * its `constructor` rather than of Object.getPrototypeOf, which V8 answers in its runtime for
 * objects of many shapes (15% of what packing cost, by callgrind).
 */
function literal(value: unknown): value is object {
  return (
    typeof value === 'object' && value !== null && (value as { constructor?: unknown }).constructor === Object
  );
}
