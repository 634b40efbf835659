// An execution's fork links (DescribeExecutionLineage, a Stepwise extension): the execution it was
// forked from and its forks, each with a link to compare the two. Nothing shows against a server
// without the extension, or for an execution that has no links.
import { ApiError, sfn } from '../api/client.ts';
import type { DescribeExecutionLineageOutput } from '../api/shapes.ts';
import { arnName, href } from '../route.ts';
import './lineage.css';

export async function loadLineage(executionArn: string): Promise<DescribeExecutionLineageOutput | undefined> {
  try {
    return await sfn<DescribeExecutionLineageOutput>('DescribeExecutionLineage', { executionArn });
  } catch (error) {
    if (error instanceof ApiError && error.type === 'UnknownOperationException') return undefined;
    throw error;
  }
}

/** The execution's links, as loadLineage read them (the page loads them once for the events table too). */
export function Lineage({
  executionArn,
  data,
}: {
  executionArn: string;
  data: DescribeExecutionLineageOutput | undefined;
}) {
  if (!data || (!data.forkedFrom && data.forks.length === 0)) return null;
  const from = data.forkedFrom;
  return (
    <>
      {from && (
        <div data-testid="forked-from">
          <dt>Forked from</dt>
          <dd>
            <a href={href({ page: 'execution', arn: from.executionArn })}>{arnName(from.executionArn)}</a> at
            event {from.eventId}
            {from.editedStateName !== undefined && <> (edited {from.editedStateName})</>} ·{' '}
            <a href={href({ page: 'compare', arn: from.executionArn, other: executionArn })}>compare</a>
          </dd>
        </div>
      )}
      {data.forks.length > 0 && (
        <div data-testid="forks">
          <dt>Forks</dt>
          <dd>
            {data.forks.map((fork) => (
              <span key={fork} className="chip">
                <a href={href({ page: 'execution', arn: fork })}>{arnName(fork)}</a> ·{' '}
                <a href={href({ page: 'compare', arn: executionArn, other: fork })}>compare</a>
              </span>
            ))}
          </dd>
        </div>
      )}
    </>
  );
}
