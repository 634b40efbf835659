import type { Batch } from '../store.ts';
import type { SqlValue, Statement } from './driver.ts';

/** Rows per multi-row INSERT: few round trips, well under both databases' parameter limits. */
export const CHUNK = 200;

/** Row counts whose statement text is made once and kept (`rowsStatement`); larger ones are made each time. */
const KEPT_ROW_COUNTS = 64;

/**
 * The text of a multi-row statement per row count, made once (up to KEPT_ROW_COUNTS rows): the
 * driver's cache of prepared statements then finds the same string, whose hash V8 keeps, where a
 * text made anew at each commit was joined, flattened and hashed again (~25 instructions a
 * character, a few hundred characters).
 */
export function rowsStatement(make: (rows: number) => string): (rows: number) => string {
  const made: string[] = [];
  return (rows) => (rows > KEPT_ROW_COUNTS ? make(rows) : (made[rows] ??= make(rows)));
}

/** `tuple` `rows` times, comma-separated: a statement's VALUES or IN list. */
export function repeated(tuple: string, rows: number): string {
  return new Array<string>(rows).fill(tuple).join(', ');
}

/** `head VALUES (?, …), … tail` of `columns` columns, per row count. */
export function valuesInsert(head: string, columns: number, tail = ''): (rows: number) => string {
  const tuple = `(${repeated('?', columns)})`;
  const end = tail === '' ? '' : ` ${tail}`;
  return rowsStatement((rows) => `${head} VALUES ${repeated(tuple, rows)}${end}`);
}

/** `rows` in slices of CHUNK rows, one per statement. */
export function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** Multi-row INSERTs of `rows`, CHUNK rows a statement (`sql`: its text for a number of rows). */
export function inserts<T>(
  sql: (rows: number) => string,
  rows: readonly T[],
  values: (row: T) => SqlValue[],
): Statement[] {
  return chunks(rows).map((chunk) => ({ sql: sql(chunk.length), params: chunk.flatMap(values) }));
}

/** An upsert may not touch the same row twice in one statement (PostgreSQL refuses it). */
export function lastPerKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  if (rows.length < 2) return [...rows];
  const last = new Map<string, T>();
  for (const r of rows) last.set(key(r), r);
  return last.size === rows.length ? [...rows] : [...last.values()];
}

const EXECUTIONS =
  'INSERT INTO executions (arn, state_machine_arn, status, start_date, history_format, data)';
const INSERT_EXECUTIONS = valuesInsert(EXECUTIONS, 6);
// history_format stays as first written (ExecutionRow.historyFormat).
const UPSERT_EXECUTIONS = valuesInsert(
  EXECUTIONS,
  6,
  'ON CONFLICT (arn) DO UPDATE SET status = excluded.status, data = excluded.data',
);

/**
 * A batch's execution rows. Those whose history begins in the batch (it appends their event 1)
 * are plain INSERTs: had such a row been stored already, its event 1 would have been too, and the
 * history's primary key refuses the commit either way. An upsert costs PostgreSQL a speculative
 * insertion (a lookup of the key first, and a WAL record more to confirm it) on every start.
 */
export function executionInserts(batch: Batch): Statement[] {
  const rows = lastPerKey(batch.executions ?? [], (x) => x.arn);
  if (rows.length === 0) return [];
  const fresh = new Set<string>();
  for (const e of batch.events ?? []) if (e.id === 1) fresh.add(e.executionArn);
  const values = (x: (typeof rows)[number]): SqlValue[] => [
    x.arn,
    x.stateMachineArn,
    x.status,
    x.startDate,
    x.historyFormat,
    JSON.stringify(x.data),
  ];
  const started = fresh.size === 0 ? [] : rows.filter((x) => fresh.has(x.arn));
  const rest = started.length === rows.length ? [] : rows.filter((x) => !fresh.has(x.arn));
  return [...inserts(INSERT_EXECUTIONS, started, values), ...inserts(UPSERT_EXECUTIONS, rest, values)];
}
