import type { Doc, EventRow } from '../store.ts';
import type { Row, SqlValue, Statement } from './driver.ts';

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
}

/** Rows per multi-row INSERT, as for the SQL store's other statements. */
const CHUNK = 200;

/**
 * The key a run is written under: its first id, unless it overlaps a run already stored, whose
 * key it then takes, so that the primary key refuses the commit as it refused a repeated
 * (execution, id) when each event was a row (Batch.events). Stored runs never overlap, so the
 * only candidate is the last one starting at or before this run's end.
 */
const KEY = `COALESCE((SELECT CASE WHEN h.last_id >= ? THEN h.first_id END FROM history h
  WHERE h.execution_arn = ? AND h.first_id <= ? ORDER BY h.first_id DESC LIMIT 1), ?)`;
const TUPLE = `(?, ${KEY}, ?, ?)`;

/** The events of a batch as runs, in the batch's order. */
function runsOf(events: readonly EventRow[]): Run[] {
  const runs: Run[] = [];
  let run: Run | undefined;
  for (const e of events) {
    if (run && run.arn === e.executionArn && e.id === run.last + 1) {
      run.last = e.id;
      run.data.push(e.data);
    } else {
      run = { arn: e.executionArn, first: e.id, last: e.id, data: [e.data] };
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
  const keys = runs.map((r) => r.first);
  if (runs.length > 1) {
    const seen = new Map<string, number[]>();
    runs.forEach((r, i) => {
      const earlier = seen.get(r.arn);
      if (!earlier) return void seen.set(r.arn, [i]);
      for (const j of earlier) {
        const o = runs[j]!;
        if (o.first <= r.last && o.last >= r.first) keys[i] = o.first;
      }
      earlier.push(i);
    });
  }
  const out: Statement[] = [];
  for (let i = 0; i < runs.length; i += CHUNK) {
    const params: SqlValue[] = [];
    const end = Math.min(runs.length, i + CHUNK);
    for (let k = i; k < end; k++) {
      const r = runs[k]!;
      params.push(r.arn, r.first, r.arn, r.last, keys[k]!, r.last, JSON.stringify(r.data));
    }
    out.push({
      sql: `INSERT INTO history (execution_arn, first_id, last_id, data) VALUES ${new Array<string>(end - i).fill(TUPLE).join(', ')}`,
      params,
    });
  }
  return out;
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
