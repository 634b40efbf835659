// Two executions side by side (CompareExecutions, a Stepwise extension): each state visit with its
// input and output, paired across the two, the first divergence marked. Polls while either runs.
import { sfn } from '../api/client.ts';
import type { ComparedExecution, CompareExecutionsOutput, StateVisitShape } from '../api/shapes.ts';
import { JsonView } from '../components/JsonView.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import type { ExecutionStatus } from '../api/shapes.ts';
import { arnName, href } from '../route.ts';
import { useLoad } from '../use-api.ts';
import './compare.css';

const POLL_MS = 1000;

function Head({ side, execution }: { side: string; execution: ComparedExecution }) {
  return (
    <div className="compare-head" data-testid={`compare-${side}`}>
      <span className="muted">{side}</span>
      <h2>
        <a href={href({ page: 'execution', arn: execution.executionArn })}>
          {arnName(execution.executionArn)}
        </a>{' '}
        <StatusBadge status={execution.status as ExecutionStatus} />
      </h2>
      {execution.stateMachineVersionArn && (
        <p className="muted">version {execution.stateMachineVersionArn.split(':').pop()}</p>
      )}
      <JsonView text={execution.output ?? execution.error} empty="No output yet" />
    </div>
  );
}

function Visit({
  visit,
  difference,
}: {
  visit: StateVisitShape | undefined;
  difference: string | undefined;
}) {
  if (!visit) return <td className="compare-cell absent">not visited</td>;
  return (
    <td className="compare-cell">
      <div className="compare-state">
        <strong>{visit.name}</strong> <span className="muted">{visit.type}</span>
        {visit.thread && <span className="muted"> · {visit.thread.slice(1)}</span>}
      </div>
      <div className={difference === 'input' ? 'compare-io differs' : 'compare-io'}>
        <span className="muted">input</span>
        <JsonView text={visit.input} empty="—" />
      </div>
      <div className={difference === 'output' ? 'compare-io differs' : 'compare-io'}>
        <span className="muted">output</span>
        <JsonView text={visit.output} empty="—" />
      </div>
      {visit.error && <div className="error-name">{visit.error}</div>}
    </td>
  );
}

export function ComparePage({ left, right }: { left: string; right: string }) {
  const compared = useLoad(
    () =>
      sfn<CompareExecutionsOutput>('CompareExecutions', { leftExecutionArn: left, rightExecutionArn: right }),
    `${left} ${right}`,
    (data) =>
      data === undefined || data.left.status === 'RUNNING' || data.right.status === 'RUNNING'
        ? POLL_MS
        : undefined,
  );
  const data = compared.data;
  if (compared.error && !data) return <p className="error-box">{compared.error.message}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  const first = data.firstDivergence === undefined ? undefined : data.rows[data.firstDivergence];
  const firstName = first?.left?.name ?? first?.right?.name;
  return (
    <section className="panel compare">
      <div className="panel-head">
        <h1>Compare executions</h1>
        <p className="muted" data-testid="first-divergence">
          {first
            ? `First divergence: ${firstName ?? ''} (${first.difference ?? ''} differs)`
            : 'No divergence: the same states with the same inputs and outputs'}
        </p>
      </div>
      <div className="compare-heads">
        <Head side="left" execution={data.left} />
        <Head side="right" execution={data.right} />
      </div>
      <table className="compare-table">
        <tbody>
          {data.rows.map((row, i) => (
            <tr
              key={i}
              data-testid="compare-row"
              className={[
                row.difference ? 'differs' : '',
                i === data.firstDivergence ? 'first-divergence' : '',
              ].join(' ')}
            >
              <Visit visit={row.left} difference={row.difference} />
              <td className="compare-mark">
                {i === data.firstDivergence ? (
                  <span className="divergence-badge">first divergence</span>
                ) : null}
                {row.difference && i !== data.firstDivergence ? (
                  <span className="muted">{row.difference}</span>
                ) : null}
              </td>
              <Visit visit={row.right} difference={row.difference} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
