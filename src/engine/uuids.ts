/** Random bytes read at a time: the UUIDs of 256 calls. */
const POOL_BYTES = 4096;

/** Per byte value, its two hex digits as character codes. */
const HEX = new Uint8Array(512);
for (let b = 0; b < 256; b++) {
  const digits = b.toString(16).padStart(2, '0');
  HEX[2 * b] = digits.charCodeAt(0);
  HEX[2 * b + 1] = digits.charCodeAt(1);
}

/** Where each of the 16 bytes' digits go in `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`. */
const AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/**
 * Version 4 UUIDs (RFC 9562) made of the random bytes that `fill` writes (the server passes
 * `crypto.randomFillSync`), read 4 KB at a time. Each is written into a buffer and read out as
 * one flat string: `crypto.randomUUID` builds its text by concatenation, a tree of ~20 strings
 * (~600 bytes of garbage) that the engine then flattens (flat.ts) — measured 250 ns a UUID
 * against ~95 here, and an Express start takes two.
 */
export function uuidsFrom(fill: (bytes: Uint8Array) => void): () => string {
  const pool = new Uint8Array(POOL_BYTES);
  let next = POOL_BYTES;
  const text = Buffer.alloc(36, '-');
  return () => {
    if (next + 16 > POOL_BYTES) {
      fill(pool);
      next = 0;
    }
    for (let i = 0; i < 16; i++) {
      let b = pool[next + i]!;
      if (i === 6)
        b = (b & 0x0f) | 0x40; // the version, 4
      else if (i === 8) b = (b & 0x3f) | 0x80; // the variant, 10xx
      const at = AT[i]!;
      text[at] = HEX[2 * b]!;
      text[at + 1] = HEX[2 * b + 1]!;
    }
    next += 16;
    return text.toString('latin1', 0, 36);
  };
}
