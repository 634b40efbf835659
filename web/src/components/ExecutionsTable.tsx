import type { ExecutionListItem } from '../api/shapes.ts';
import { formatDate, formatDuration } from '../format.ts';
import { href } from '../route.ts';
import { StatusBadge } from './StatusBadge.tsx';

/** Executions, each linked to its page: a state machine's, or a Map Run's child executions. */
export function ExecutionsTable({
  executions,
  testId,
  empty,
}: {
  executions: readonly ExecutionListItem[];
  testId: string;
  /** What an empty list says; nothing while it is still loading. */
  empty?: string | undefined;
}) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th>Name</th>
            <th>Status</th>
            <th>Started</th>
            <th>Ended</th>
            <th>Duration</th>
          </tr>
        </thead>
        <tbody>
          {executions.map((execution) => (
            <tr key={execution.executionArn} data-status={execution.status}>
              <td>
                <a href={href({ page: 'execution', arn: execution.executionArn })}>{execution.name}</a>
              </td>
              <td>
                <StatusBadge status={execution.status} />
              </td>
              <td>{formatDate(execution.startDate)}</td>
              <td>{formatDate(execution.stopDate)}</td>
              <td>
                {execution.stopDate !== undefined
                  ? formatDuration(execution.stopDate - execution.startDate)
                  : '—'}
              </td>
            </tr>
          ))}
          {empty !== undefined && executions.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
