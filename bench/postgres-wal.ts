// PostgreSQL's WAL files made ready before a benchmark measures commits (bench:http).
//
// A commit that fills a WAL segment goes on in the next one (16 MB). A cluster recycles the ones
// it no longer needs as the next ones, at each checkpoint; until it has, each is created on the
// spot, zero-filled and synced while every commit waits: measured here (fresh cluster,
// sequential 30 KB commits) ~44 ms for each commit that entered a new segment, ~11 ms for a
// recycled one and ~4 ms for the others. A durable start writes ~3 KB of WAL, so at 15,000
// starts/s a cluster with none ready creates three a second, which sets the p99 (~40 ms)
// whatever the server does. That is a cluster's first gigabyte of WAL, not its steady state.
import pg from 'pg';

/** Segment files whose names come after the one being written: recycled, ready for use. */
const AHEAD = `SELECT count(*) AS n FROM pg_ls_waldir()
  WHERE name ~ '^[0-9A-F]{24}$' AND name > pg_walfile_name(pg_current_wal_insert_lsn())`;

/**
 * Makes sure the cluster has segments ready: if it has less than half of `max_wal_size`, moves
 * its WAL on through that much (one small record and a switch a segment) and checkpoints, which
 * recycles most of them (as many as it estimates the WAL between two checkpoints needs).
 * Needs a superuser (the benchmarks' `postgres`); says what it did, or why it could not.
 */
export async function readyWal(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (sql: string): Promise<number> =>
      Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
    const count = (): Promise<number> => one(AHEAD);
    // pg_settings gives max_wal_size in MB, wal_segment_size in bytes.
    const wanted = await one(`SELECT
      (SELECT setting::bigint FROM pg_settings WHERE name = 'max_wal_size') * 1048576 /
      (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size') AS n`);
    const before = await count();
    if (before >= wanted / 2) return `PostgreSQL WAL: ${before} segments ready`;
    for (let i = 0; i < wanted; i++) {
      await client.query(
        `SELECT pg_logical_emit_message(false, 'stepwise-bench', ''); SELECT pg_switch_wal()`,
      );
    }
    await client.query('CHECKPOINT');
    return `PostgreSQL WAL: ${before} segments were ready, ${await count()} now (created before measuring)`;
  } catch (e) {
    return `PostgreSQL WAL: could not make segments ready (${e instanceof Error ? e.message : String(e)})`;
  } finally {
    await client.end();
  }
}
