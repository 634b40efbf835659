import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Json } from '../../asl/index.ts';

const BLOCK_BYTES = 1024 * 1024;
/** Each record: the child's index and its output's length in bytes (uint32 each), then the output. */
const HEAD = 8;

/**
 * The outputs of a Map Run's children that succeeded, kept in case the run fails and is redriven
 * (a redrive runs only the others). They are needed only then, so they are held as UTF-8 in
 * blocks outside the JS heap, each compressed once full (the outputs of one processor are much
 * alike: a tenth of the size or less): a million outputs as strings would be a million objects
 * for every major GC to walk, and would swell the old generation for the whole run.
 */
export class KeptOutputs {
  private readonly blocks: Buffer[] = [];
  private block: Buffer | undefined;
  private used = 0;

  add(index: number, output: string): void {
    const most = HEAD + output.length * 3;
    if (!this.block || this.block.length - this.used < most) {
      // The fastest level: most of the gain at a few milliseconds a block.
      if (this.block) this.blocks.push(deflateRawSync(this.block.subarray(0, this.used), { level: 1 }));
      this.block = Buffer.allocUnsafeSlow(Math.max(BLOCK_BYTES, most));
      this.used = 0;
    }
    const block = this.block;
    const n = block.write(output, this.used + HEAD);
    block.writeUInt32LE(index, this.used);
    block.writeUInt32LE(n, this.used + 4);
    this.used += HEAD + n;
  }

  /** The outputs by index, parsed. */
  values(): Map<number, Json> {
    const out = new Map<number, Json>();
    const blocks: Buffer[] = this.blocks.map((b) => inflateRawSync(b));
    if (this.block) blocks.push(this.block.subarray(0, this.used));
    for (const block of blocks) {
      for (let at = 0; at < block.length;) {
        const index = block.readUInt32LE(at);
        const n = block.readUInt32LE(at + 4);
        out.set(index, JSON.parse(block.toString('utf8', at + HEAD, at + HEAD + n)) as Json);
        at += HEAD + n;
      }
    }
    return out;
  }
}
