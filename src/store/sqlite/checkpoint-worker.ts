// Runs inside the worker thread of a WalCheckpointer (wal-checkpointer.ts): copies the WAL's
// committed pages into the database file every so often, on a connection of its own.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const { file, everyMs } = workerData as { readonly file: string; readonly everyMs: number };
const db = new DatabaseSync(file);
db.exec('PRAGMA busy_timeout = 5000');
// PASSIVE: never waits for the writer nor its readers; what it cannot copy now, a later round does.
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try {
    checkpoint.all();
  } catch {
    // BUSY (another checkpoint under way) or a closing database: the next round tries again.
  }
}, everyMs);
parentPort?.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
