import type pg from 'pg';

/**
 * The events a PostgreSQL store holds, in order, as their JSON texts: the `history` table keeps
 * them as runs (one JSON array per commit per execution, src/store/sql/history-runs.ts).
 * Without `executionArn`, every execution's, grouped by execution.
 */
export async function storedEvents(db: pg.Client, executionArn?: string): Promise<Map<string, string[]>> {
  const { rows } = (await (executionArn === undefined
    ? db.query('SELECT execution_arn, data FROM history ORDER BY execution_arn, first_id')
    : db.query('SELECT execution_arn, data FROM history WHERE execution_arn = $1 ORDER BY first_id', [
        executionArn,
      ]))) as { rows: { execution_arn: string; data: string }[] };
  const events = new Map<string, string[]>();
  for (const row of rows) {
    let list = events.get(row.execution_arn);
    if (!list) events.set(row.execution_arn, (list = []));
    for (const e of JSON.parse(row.data) as unknown[]) list.push(JSON.stringify(e));
  }
  return events;
}
