/**
 * A Map for entries that come and go all the time (the executions running now), whose deleted
 * values are let go at once.
 *
 * V8 replaces a Map's table whenever it grows or fills up with deleted entries, and allocates the
 * new table in the generation of the one it replaces: in the old generation once the Map has been
 * there a while. The table it replaces stays there, dead, until the next full GC, and still points
 * at every value it held; the scavenger takes those pointers as roots. So every execution running
 * at one of those moments (one every few dozen starts) survived every scavenge after its end, and
 * was copied and promoted with all it held: many-small Standard, 100 in flight, kept 2,100 bytes
 * per closed execution through scavenges that a full GC freed (issue 18; about 370 with this).
 *
 * Here the Map holds a small slot per entry, emptied when its entry is deleted: a dead table
 * keeps the slot, not the value.
 */
export class ReleasingMap<K, V> {
  private readonly slots = new Map<K, { value: V | undefined }>();

  get size(): number {
    return this.slots.size;
  }

  get(key: K): V | undefined {
    return this.slots.get(key)?.value;
  }

  has(key: K): boolean {
    return this.slots.has(key);
  }

  set(key: K, value: V): this {
    const slot = this.slots.get(key);
    if (slot) slot.value = value;
    else this.slots.set(key, { value });
    return this;
  }

  delete(key: K): boolean {
    const slot = this.slots.get(key);
    if (!slot) return false;
    slot.value = undefined;
    return this.slots.delete(key);
  }

  *values(): IterableIterator<V> {
    for (const slot of this.slots.values()) yield slot.value as V;
  }
}
