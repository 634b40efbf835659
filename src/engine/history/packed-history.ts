import type { Json } from '../../asl/index.ts';
import type { HistoryEvent } from './event.ts';

/**
 * What every event of one kind has in common: its type, its details member and that member's
 * keys, in order. Events are packed as their shape's number followed by their own values.
 */
interface Shape {
  readonly type: string;
  readonly member: string | undefined;
  readonly keys: readonly string[];
}

/**
 * A closed history as one flat array: [first timestamp, then per event its shape, previous event
 * id, timestamp less the previous event's, and its details' values]. Or the events as they were,
 * when one of them is not in the form packing keeps exactly (see `packable`).
 */
export type PackedHistory = { readonly packed: readonly unknown[] } | readonly HistoryEvent[];

/** Shapes of an engine's events are few (event types times their optional fields); past this, none is added. */
const MAX_SHAPES = 4096;

const BASE = ['id', 'previousEventId', 'timestamp', 'type'] as const;

/**
 * Keeps closed executions' histories compactly when nothing else has them (an engine without a
 * store): an event object, its details object and its timestamp cost ~130 bytes; packed, its
 * values cost 8 bytes each (~45 bytes a state event). The strings (payloads, names) are shared
 * with the events, not copied. `unpack` gives events equal to the packed ones, keys in the same
 * order (issue 18).
 */
export class HistoryPacker {
  readonly #shapes: Shape[] = [];
  /** The shapes of each event type (usually one). */
  readonly #byType = new Map<string, number[]>();

  pack(events: readonly HistoryEvent[]): PackedHistory {
    let previous = events[0]?.timestamp ?? 0;
    // Begun with a non-number: an array of numbers first would hold doubles, each boxed on its
    // own once a string joins them.
    const out: unknown[] = [undefined];
    out[0] = previous;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const shape = e.id === i + 1 ? this.#shapeOf(e) : -1;
      const delta = e.timestamp - previous;
      if (shape < 0 || previous + delta !== e.timestamp) return events;
      previous = e.timestamp;
      out.push(shape, e.previousEventId, delta);
      const { member } = this.#shapes[shape]!;
      if (member === undefined) continue;
      const details = e[member as `${string}EventDetails`]!;
      for (const key in details) out.push(details[key]);
    }
    // An exact copy: the array grown by push keeps up to half again as many slots.
    return { packed: out.slice() };
  }

  unpack(history: PackedHistory): HistoryEvent[] {
    if (!('packed' in history)) return [...history];
    const p = history.packed;
    const events: HistoryEvent[] = [];
    let timestamp = p[0] as number;
    for (let at = 1; at < p.length; ) {
      const { type, member, keys } = this.#shapes[p[at] as number]!;
      const previousEventId = p[at + 1] as number;
      timestamp += p[at + 2] as number;
      at += 3;
      const id = events.length + 1;
      if (member === undefined) {
        events.push({ id, previousEventId, timestamp, type });
        continue;
      }
      const details: Record<string, Json> = {};
      for (const key of keys) details[key] = p[at++] as Json;
      events.push({ id, previousEventId, timestamp, type, [member]: details } as HistoryEvent);
    }
    return events;
  }

  /** The number of the event's shape, or -1 if packing would not give it back exactly. */
  #shapeOf(e: HistoryEvent): number {
    if (Object.getPrototypeOf(e) !== Object.prototype) return -1;
    let member: string | undefined;
    let n = 0;
    for (const key in e) {
      if (n < BASE.length) {
        if (key !== BASE[n]) return -1;
      } else if (n === BASE.length) member = key;
      else return -1;
      n++;
    }
    if (n < BASE.length || typeof e.type !== 'string' || typeof e.previousEventId !== 'number') return -1;
    const details = member === undefined ? undefined : e[member as `${string}EventDetails`];
    if (member !== undefined && !plain(details)) return -1;
    const candidates = this.#byType.get(e.type);
    if (candidates) for (const s of candidates) if (this.#fits(this.#shapes[s]!, member, details)) return s;
    if (this.#shapes.length >= MAX_SHAPES) return -1;
    const keys = details === undefined ? [] : Object.keys(details);
    const id = this.#shapes.push({ type: e.type, member, keys }) - 1;
    if (candidates) candidates.push(id);
    else this.#byType.set(e.type, [id]);
    return id;
  }

  #fits(shape: Shape, member: string | undefined, details: object | undefined): boolean {
    if (shape.member !== member) return false;
    if (details === undefined) return true;
    const keys = shape.keys;
    let n = 0;
    for (const key in details) if (keys[n++] !== key) return false;
    return n === keys.length;
  }
}

/** An object whose enumerable keys are its own (for-in sees exactly what unpack rebuilds). */
function plain(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
