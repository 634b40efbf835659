/** Per byte value, its two hex digits. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * The name of a Standard execution started without one: a UUID, as AWS's (StartExecution: "If you
 * don't provide a name for the execution, Step Functions automatically generates a UUID"), of
 * version 7 (RFC 9562): its first 48 bits are the start time (epoch ms), the rest are `random`'s,
 * a version 4 UUID. Names, and the ARNs ending with them, then grow with time: the store appends
 * an execution's row and history at the end of its indexes, where a random name wrote a random
 * page of each per start (issue 18, measured: about half of SQLite's CPU per durable start).
 */
export function orderedName(now: number, random: string): string {
  // The time's 48 bits as 16 and 32: `toString(16)` of a number past 2^31 takes a floating-point
  // modulo per digit (~2,000 instructions a name, 1.6% of many-small Standard's, callgrind).
  const ms = Math.max(0, Math.floor(now));
  const high = Math.floor(ms / 2 ** 32) & 0xffff;
  const low = ms >>> 0;
  const time =
    HEX[high >>> 8]! +
    HEX[high & 0xff]! +
    HEX[low >>> 24]! +
    HEX[(low >>> 16) & 0xff]! +
    '-' +
    HEX[(low >>> 8) & 0xff]! +
    HEX[low & 0xff]!;
  // random: xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; its variant (V) and 74 random bits are kept.
  return `${time}-7${random.slice(15, 18)}-${random.slice(19)}`;
}
