import type { ResultUpload } from '../../integrations/index.ts';

/** Entries are encoded into blocks of this size before they are handed to the upload. */
const BLOCK_BYTES = 256 * 1024;

/**
 * The largest result file: S3's largest single object write (Amazon S3 User Guide, "Uploading
 * objects": 5 GB in one PUT). Past it the results of a status go on in the next file
 * (`SUCCEEDED_1.json`, …), each listed in the manifest.
 */
export const MAX_RESULT_FILE_BYTES = 5 * 1024 ** 3;

/** One file of a ResultWriter's output as the manifest lists it. */
export interface WrittenFile {
  readonly key: string;
  readonly size: number;
}

/**
 * The result files of one status (`SUCCEEDED_<n>.json`, …) as their entries come, in item order:
 * each entry is encoded to UTF-8 at once into a block outside the JS heap, and full blocks go to
 * the upload, so a run holds a few blocks, not its results as text.
 */
export class ResultFiles {
  readonly #upload: ResultUpload;
  readonly #keyOf: (n: number) => string;
  readonly #jsonl: boolean;
  readonly #maxBytes: number;
  readonly written: WrittenFile[] = [];
  #key: string | undefined;
  /** Bytes of the current file so far. */
  #size = 0;
  #block: Buffer | undefined;
  #used = 0;

  constructor(upload: ResultUpload, keyOf: (n: number) => string, jsonl: boolean, maxBytes: number) {
    this.#upload = upload;
    this.#keyOf = keyOf;
    this.#jsonl = jsonl;
    this.#maxBytes = maxBytes;
  }

  /** Adds one entry (JSON text): JSON files are arrays (`[a,b]`), JSONL files lines. */
  add(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: the bound decides without encoding twice.
    const most = text.length * 3 + 2;
    if (this.#key !== undefined && this.#size + most > this.#maxBytes) this.#close();
    if (this.#key === undefined) {
      this.#key = this.#keyOf(this.written.length);
      if (!this.#jsonl) this.#put('[');
    } else if (!this.#jsonl) this.#put(',');
    this.#put(text, most);
    if (this.#jsonl) this.#put('\n');
  }

  #put(text: string, most = text.length * 3): void {
    if (this.#block && this.#block.length - this.#used < most) this.#flush();
    if (most > BLOCK_BYTES) {
      const bytes = Buffer.from(text);
      this.#size += bytes.length;
      this.#upload.append(this.#key!, bytes);
      return;
    }
    this.#block ??= Buffer.allocUnsafeSlow(BLOCK_BYTES);
    const n = this.#block.write(text, this.#used);
    this.#used += n;
    this.#size += n;
  }

  #flush(): void {
    if (!this.#block || this.#used === 0) return;
    this.#upload.append(this.#key!, this.#block.subarray(0, this.#used));
    this.#block = undefined;
    this.#used = 0;
  }

  #close(): void {
    if (!this.#jsonl) this.#put(']');
    this.#flush();
    this.written.push({ key: this.#key!, size: this.#size });
    this.#key = undefined;
    this.#size = 0;
  }

  /** Ends the last file: every file written, with its size. */
  end(): WrittenFile[] {
    if (this.#key !== undefined) this.#close();
    return this.written;
  }
}
