import type { Doc, EventRow } from '../store.ts';
import type { Row, Statement } from './driver.ts';
import { inserts, repeated, rowsStatement, valuesInsert } from './inserts.ts';

/**
 * An execution's history is kept as runs: the events one commit appends to one execution (ids
 * a..b, consecutive), in one row of the `history` table whose data is their JSON array. A durable
 * start of a short workflow is then one row and one index entry instead of one per event (8 for
 * three Pass states): most of what a commit cost SQLite was those rows, their B-tree pages and the
 * execution ARN repeated in each of them (issue 18).
 */
interface Run {
  readonly arn: string;
  readonly first: number;
  last: number;
  readonly data: Doc[];
  /** Its primary key's id: `first`, or that of an earlier run of the batch it overlaps. */
  key: number;
}

/**
 * Appends runs given as VALUES rows (arn, first id, last id, key, data). The key a run is written
 * under is its first id, unless it overlaps a run already stored, whose key it then takes, so that
 * the primary key refuses the commit as it refused a repeated (execution, id) when each event was a
 * row (Batch.events). Stored runs never overlap, so the only candidate is the last one starting at
 * or before this run's end. One correlated subquery for all rows, not one per row: PostgreSQL
 * plans each one of a statement (measured: ~40 µs per start). Numbers are cast because PostgreSQL
 * types parameters in VALUES as text (its literals, inline-sql.ts, are typed already).
 */
const INSERT_RUNS = rowsStatement(
  (rows) =>
    `INSERT INTO history (execution_arn, first_id, last_id, data)
   SELECT v.column1,
     COALESCE((SELECT CASE WHEN h.last_id >= CAST(v.column2 AS BIGINT) THEN h.first_id END
               FROM history h WHERE h.execution_arn = v.column1 AND h.first_id <= CAST(v.column3 AS BIGINT)
               ORDER BY h.first_id DESC LIMIT 1), CAST(v.column4 AS BIGINT)),
     CAST(v.column3 AS BIGINT), v.column5
   FROM (VALUES ${repeated('(?, ?, ?, ?, ?)', rows)}) AS v`,
);

/** Appends runs given as VALUES rows (arn, key, last id, data). */
const INSERT_FRESH = valuesInsert('INSERT INTO history (execution_arn, first_id, last_id, data)', 4);

/** The events of a batch as runs, in the batch's order. */
function runsOf(events: readonly EventRow[]): Run[] {
  const runs: Run[] = [];
  let run: Run | undefined;
  for (const e of events) {
    if (run && run.arn === e.executionArn && e.id === run.last + 1) {
      run.last = e.id;
      run.data.push(e.data);
    } else {
      run = { arn: e.executionArn, first: e.id, last: e.id, data: [e.data], key: e.id };
      runs.push(run);
    }
  }
  return runs;
}

/**
 * The statements that append a batch's events. Runs of one execution in the same batch that
 * overlap (a repeated id) are written under one key, which the primary key refuses.
 */
export function historyInserts(events: readonly EventRow[]): Statement[] {
  if (events.length === 0) return [];
  const runs = runsOf(events);
  if (runs.length > 1) {
    const seen = new Map<string, Run[]>();
    for (const r of runs) {
      const earlier = seen.get(r.arn);
      if (!earlier) {
        seen.set(r.arn, [r]);
        continue;
      }
      for (const o of earlier) if (o.first <= r.last && o.last >= r.first) r.key = o.first;
      earlier.push(r);
    }
  }
  // A history begins at event 1 (Store: ids are 1..n): a run keyed 1 meets any stored run it
  // overlaps on that key, with no lookup. That is every start's.
  const fresh = runs.filter((r) => r.key === 1);
  const rest = fresh.length === runs.length ? [] : runs.filter((r) => r.key !== 1);
  return [
    ...inserts(INSERT_FRESH, fresh, (r) => [r.arn, r.key, r.last, JSON.stringify(r.data)]),
    ...inserts(INSERT_RUNS, rest, (r) => [r.arn, r.first, r.last, r.key, JSON.stringify(r.data)]),
  ];
}

/** The runs with an event after `afterId`, in order. */
export const HISTORY_AFTER =
  'SELECT first_id, data FROM history WHERE execution_arn = ? AND last_id > ? ORDER BY first_id';

/** The events of rows read with HISTORY_AFTER, those after `afterId` only. */
export function eventsOf(executionArn: string, rows: readonly Row[], afterId: number): EventRow[] {
  const out: EventRow[] = [];
  for (const r of rows) {
    const first = Number(r['first_id']);
    const data = JSON.parse(String(r['data'])) as Doc[];
    for (let i = Math.max(0, afterId + 1 - first); i < data.length; i++) {
      out.push({ executionArn, id: first + i, data: data[i]! });
    }
  }
  return out;
}

/** An execution's last event id (null without events). */
export const LAST_EVENT_ID = 'SELECT MAX(last_id) AS last FROM history WHERE execution_arn = ?';
