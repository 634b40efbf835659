import { closeSync, fdatasync, openSync } from 'node:fs';
import type { StatementSync } from 'node:sqlite';
import { DatabaseSync } from 'node:sqlite';

/** How long at least between two checkpoints (at full load ~1,000 pages of WAL, SQLite's own step). */
const EVERY_MS = 100;

/** Syncs a file's data (fs.fdatasync; a test's stand-in that holds it). */
export type FileSync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

/**
 * Checkpoints a WAL database with little waiting on the disk in the event loop. SQLite's own
 * checkpoint (every 1,000 pages, inside the COMMIT that crosses them) syncs the WAL, copies its
 * pages into the database file and syncs that file, all on the event loop: a 5–16 ms stall ten
 * times a second under a full load of Standard starts, most of the p99 at half load.
 *
 * Here the connection syncs nothing itself (synchronous=OFF, no automatic checkpoints), and a
 * checkpoint keeps SQLite's order in two steps:
 * - the pages are copied once every commit so far is synced in the WAL (the driver calls
 *   `afterSync` when a sync covered the latest commit), and the database file is then synced on
 *   libuv's thread pool. Meanwhile a read transaction on a second connection, opened before the
 *   copy, keeps every writer from starting the WAL over (a writer does once every frame is
 *   copied, unless a reader still reads from it): commits go on and append to the WAL;
 * - once the file is synced, the frames committed meanwhile (a few milliseconds' worth) are
 *   checkpointed as SQLite does, syncs included, in line: the next commit starts the WAL over,
 *   so it stays small however steady the load.
 */
export class WalCheckpoints {
  readonly #db: DatabaseSync;
  readonly #file: string;
  readonly #sync: FileSync;
  readonly #now: () => number;
  readonly #failed: (error: NodeJS.ErrnoException) => void;
  #reader: DatabaseSync | undefined;
  #read: StatementSync | undefined;
  #fd: number | undefined;
  /** The sync of the database file after the latest checkpoint, while it runs. */
  #syncing: Promise<void> | undefined;
  #last = Number.NEGATIVE_INFINITY;

  constructor(
    db: DatabaseSync,
    file: string,
    failed: (error: NodeJS.ErrnoException) => void,
    options: { sync?: FileSync; now?: () => number } = {},
  ) {
    this.#db = db;
    this.#file = file;
    this.#failed = failed;
    this.#sync = options.sync ?? fdatasync;
    this.#now = options.now ?? performance.now.bind(performance);
    db.exec('PRAGMA synchronous = OFF');
    db.exec('PRAGMA wal_autocheckpoint = 0');
  }

  /** Called once every commit so far is synced in the WAL: checkpoints when one is due. */
  afterSync(): void {
    const now = this.#now();
    if (this.#syncing || now - this.#last < EVERY_MS) return;
    this.#last = now;
    let fd: number;
    try {
      fd = this.#fd ??= openSync(this.#file, 'r+');
      this.#holdWal();
    } catch {
      // The next one will try again (a transaction begun is ended: it would refuse every later
      // BEGIN); until then the WAL grows.
      this.#release();
      return;
    }
    try {
      this.#checkpoint();
    } catch {
      this.#release();
      return;
    }
    this.#syncing = new Promise<void>((done) => {
      this.#sync(fd, (e) => {
        if (e) this.#failed(e);
        else {
          this.#release();
          this.#checkpointInLine();
        }
        this.#syncing = undefined;
        done();
      });
    });
  }

  #checkpoint(): void {
    this.#db.exec('PRAGMA wal_checkpoint(PASSIVE)');
  }

  /** A checkpoint that syncs as SQLite's own does: the WAL starts over at the next commit. */
  #checkpointInLine(): void {
    this.#db.exec('PRAGMA synchronous = NORMAL');
    try {
      this.#checkpoint();
    } catch {
      // Left to the next one: the WAL grows meanwhile.
    } finally {
      this.#db.exec('PRAGMA synchronous = OFF');
    }
  }

  /** Opens a read transaction that keeps every writer from starting the WAL over. */
  #holdWal(): void {
    this.#reader ??= new DatabaseSync(this.#file, { readOnly: true });
    this.#read ??= this.#reader.prepare('SELECT count(*) FROM sqlite_schema');
    this.#reader.exec('BEGIN');
    this.#read.get();
  }

  #release(): void {
    if (this.#reader?.isTransaction) this.#reader.exec('COMMIT');
  }

  /**
   * Once the latest checkpoint's sync has ended: the connection then syncs as SQLite does, so
   * that the checkpoint it makes as it closes is synced before the WAL is deleted.
   */
  async close(): Promise<void> {
    await this.#syncing;
    this.#release();
    if (this.#reader?.isOpen) this.#reader.close();
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    if (this.#db.isOpen) this.#db.exec('PRAGMA synchronous = NORMAL');
  }
}
