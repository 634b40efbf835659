import { formatDuration } from '../../format.ts';
import { href } from '../../route.ts';
import type { ExecutionSummary, StateCell } from './report.ts';
import { stateColumns } from './series.ts';

/** Rows drawn: the newest executions (the report may hold hundreds). */
const ROWS = 60;

/**
 * Executions × states: each cell coloured by how the state fared in that run, darker the longer
 * it took relative to the slowest run of the same state, so a state that fails or slows across
 * many runs stands out as a column.
 */
export function ExecutionGrid({ executions }: { executions: readonly ExecutionSummary[] }) {
  const rows = executions.slice(0, ROWS);
  const columns = stateColumns(rows);
  const slowest = new Map(
    columns.map((c) => [c, Math.max(1, ...rows.map((e) => e.states[c]?.durationMs ?? 0))] as const),
  );
  if (rows.length === 0) return <p className="muted">No executions yet.</p>;
  return (
    <div className="grid-scroll">
      <table className="exec-grid" data-testid="execution-grid">
        <thead>
          <tr>
            <th>Execution</th>
            {columns.map((c) => (
              <th key={c} className="grid-state" title={c}>
                <span>{c}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.executionArn}>
              <th className="grid-exec" title={e.status}>
                <a href={href({ page: 'execution', arn: e.executionArn })}>{e.name}</a>
              </th>
              {columns.map((c) => (
                <Cell key={c} state={c} cell={e.states[c]} slowest={slowest.get(c) ?? 1} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted grid-legend">
        <span className="cell-swatch outcome-succeeded" /> succeeded{' '}
        <span className="cell-swatch outcome-recovered" /> failed, then retried or caught{' '}
        <span className="cell-swatch outcome-failed" /> failed the execution{' '}
        <span className="cell-swatch outcome-running" /> running{' '}
        <span className="cell-swatch outcome-stopped" /> stopped or timed out — darker is slower.
      </p>
    </div>
  );
}

function Cell({ state, cell, slowest }: { state: string; cell: StateCell | undefined; slowest: number }) {
  if (!cell) return <td className="grid-cell outcome-none" />;
  // From 50% to 100% opacity with the duration: a fast state keeps its colour.
  const shade = 0.5 + 0.5 * Math.min(1, cell.durationMs / slowest);
  const title = `${state}: ${cell.outcome}, ${formatDuration(cell.durationMs / 1000)}${
    cell.visits > 1 ? `, entered ${cell.visits} times` : ''
  }${cell.error ? `, ${cell.error}` : ''}`;
  return (
    <td
      className={`grid-cell outcome-${cell.outcome}`}
      style={{ opacity: shade }}
      title={title}
      data-outcome={cell.outcome}
      data-state={state}
    />
  );
}
