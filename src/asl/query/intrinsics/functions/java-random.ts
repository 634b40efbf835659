/**
 * java.util.Random (a 48-bit linear congruential generator), for seeded States.MathRandom.
 * Step Functions runs on the JVM, so this is the most likely algorithm behind a seed; AWS's
 * exact derivation is unpublished, so results are deterministic but not guaranteed identical.
 */
const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;

export class JavaRandom {
  #seed: bigint;

  constructor(seed: number) {
    this.#seed = (BigInt.asIntN(64, BigInt(Math.trunc(seed))) ^ MULTIPLIER) & MASK;
  }

  #next(bits: number): number {
    this.#seed = (this.#seed * MULTIPLIER + ADDEND) & MASK;
    return Number(BigInt.asIntN(32, this.#seed >> BigInt(48 - bits)));
  }

  /** Uniform in [0, bound); bound must be in 1..2^31-1, as in Java. */
  nextInt(bound: number): number {
    if ((bound & -bound) === bound) {
      return Number((BigInt(bound) * BigInt(this.#next(31))) >> 31n);
    }
    for (;;) {
      const bits = this.#next(31);
      const value = bits % bound;
      // Java rejects the top partial bucket by detecting int overflow of this sum.
      if (bits - value + (bound - 1) <= 2147483647) return value;
    }
  }

  /** Uniform in [0, 1) with 53 random bits, as Java's nextDouble. */
  nextDouble(): number {
    return (this.#next(26) * 2 ** 27 + this.#next(27)) / 2 ** 53;
  }
}
