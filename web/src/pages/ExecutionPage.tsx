import { useMemo, useState } from 'react';
import { ApiError, errorText, sfn } from '../api/client.ts';
import type {
  ExecutionDescription,
  GetExecutionHistoryOutput,
  HistoryEvent,
  StateMachineDescription,
} from '../api/shapes.ts';
import { Callbacks } from '../components/Callbacks.tsx';
import { EventsTable } from '../components/EventsTable.tsx';
import { ForkDialog } from '../components/ForkDialog.tsx';
import { Lineage, loadLineage } from '../components/Lineage.tsx';
import { JsonView } from '../components/JsonView.tsx';
import { MapRuns } from '../components/MapRuns.tsx';
import { StatePanel } from '../components/StatePanel.tsx';
import { SaveAsTestButton } from '../components/SaveAsTestButton.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Timeline } from '../components/Timeline.tsx';
import type { HistoryTail } from '../execution/history-tail.ts';
import { readHistoryTail } from '../execution/history-tail.ts';
import { childExecutions, parentExecution } from '../execution/links.ts';
import { foldRuns, pendingCallbacks, statusByState, waitingActivities } from '../execution/state-runs.ts';
import { formatDate, formatDuration } from '../format.ts';
import { GraphView } from '../graph/GraphView.tsx';
import { arnName, href, machineOfExecution } from '../route.ts';
import { useLoad } from '../use-api.ts';

interface Snapshot {
  readonly execution: ExecutionDescription;
  readonly history: HistoryTail;
  /** When it was read (epoch seconds): a running execution's duration runs up to here. */
  readonly readAt: number;
}

/** Poll period while the execution runs; each poll reads only the new events. */
const POLL_MS = 1000;
const NO_EVENTS: readonly HistoryEvent[] = [];

/** The status first, then the history: a finished status is never shown without its last events. */
async function loadSnapshot(arn: string, previous: Snapshot | undefined): Promise<Snapshot> {
  const execution = await sfn<ExecutionDescription>('DescribeExecution', { executionArn: arn });
  const history = await readHistoryTail(
    (request) =>
      sfn<GetExecutionHistoryOutput>('GetExecutionHistory', {
        executionArn: arn,
        includeExecutionData: true,
        ...request,
      }),
    previous?.history,
  );
  return { execution, history, readAt: Date.now() / 1000 };
}

/** The definition the execution ran: DescribeStateMachineForExecution where the server has it. */
async function loadDefinition(arn: string): Promise<string> {
  try {
    const machine = await sfn<{ definition: string }>('DescribeStateMachineForExecution', {
      executionArn: arn,
    });
    return machine.definition;
  } catch (error) {
    if (!(error instanceof ApiError) || error.type !== 'UnknownOperationException') throw error;
    const machine = await sfn<StateMachineDescription>('DescribeStateMachine', {
      stateMachineArn: machineOfExecution(arn),
    });
    return machine.definition;
  }
}

type Tab = 'events' | 'timeline' | 'io';

export function ExecutionPage({ arn }: { arn: string }) {
  // Poll while the execution runs, so the graph colours and the history follow it live; a
  // redrive's reload finds it running again and polling resumes.
  const snapshot = useLoad(
    (previous: Snapshot | undefined) => loadSnapshot(arn, previous),
    arn,
    (data) => (data === undefined || data.execution.status === 'RUNNING' ? POLL_MS : undefined),
  );
  const definition = useLoad(() => loadDefinition(arn), arn);
  const lineage = useLoad(() => loadLineage(arn), arn);
  const forkedFrom = lineage.data?.forkedFrom;
  // An edited fork point is entered again, not copied.
  const copiedThrough = forkedFrom && forkedFrom.eventId - (forkedFrom.editedStateName === undefined ? 0 : 1);
  const [selected, setSelected] = useState<string>();
  const [iteration, setIteration] = useState('');
  const [tab, setTab] = useState<Tab>('events');
  const [actionError, setActionError] = useState<string>();
  /** The event the fork dialog opens on ("Run from here"); null: closed. */
  const [forkFrom, setForkFrom] = useState<number | undefined | null>(null);

  const execution = snapshot.data?.execution;
  const events = snapshot.data?.history.events ?? NO_EVENTS;
  const status = execution?.status ?? 'RUNNING';
  const folded = useMemo(() => foldRuns(events, status), [events, status]);
  const statuses = useMemo(() => statusByState(folded.runs, iteration || undefined), [folded, iteration]);
  const pending = useMemo(
    () => (status === 'RUNNING' ? pendingCallbacks(folded.runs) : []),
    [folded, status],
  );
  const activities = useMemo(() => waitingActivities(folded.runs), [folded]);
  const children = useMemo(() => childExecutions(events, arn), [events, arn]);

  if (snapshot.error && !snapshot.data) return <p className="error-box">{snapshot.error.message}</p>;
  if (!execution) return <p className="muted">Loading…</p>;

  const now = execution.stopDate ?? Math.max(snapshot.data?.readAt ?? 0, events.at(-1)?.timestamp ?? 0);
  const parent = parentExecution(execution.input);
  const act = async (action: 'StopExecution' | 'RedriveExecution'): Promise<void> => {
    setActionError(undefined);
    try {
      await sfn(action, { executionArn: arn });
      snapshot.reload();
    } catch (error) {
      setActionError(errorText(error));
    }
  };
  const selectedRuns = selected
    ? folded.runs.filter(
        (run) =>
          run.name === selected &&
          (!iteration || run.iteration === '' || run.iteration.startsWith(iteration)),
      )
    : [];

  return (
    <>
      <section className="panel">
        <div className="panel-head">
          <div>
            <h1>
              {execution.name} <StatusBadge status={status} />
            </h1>
            <p className="muted arn">{execution.executionArn}</p>
          </div>
          <div className="actions">
            <button
              type="button"
              className="btn btn-danger"
              disabled={status !== 'RUNNING'}
              onClick={() => void act('StopExecution')}
            >
              Stop execution
            </button>
            <button
              type="button"
              className="btn"
              disabled={!['FAILED', 'TIMED_OUT', 'ABORTED'].includes(status)}
              onClick={() => void act('RedriveExecution')}
            >
              Redrive
            </button>
            <button
              type="button"
              className="btn"
              title="Start a new execution from an event of this one (Stepwise extension)"
              onClick={() => setForkFrom(undefined)}
            >
              Fork…
            </button>
            <SaveAsTestButton arn={arn} name={execution.name} status={status} />
          </div>
        </div>
        {actionError && <p className="error-box">{actionError}</p>}
        <dl className="facts">
          <div>
            <dt>State machine</dt>
            <dd>
              <a href={href({ page: 'state-machine', arn: execution.stateMachineArn })}>
                {arnName(execution.stateMachineArn)}
              </a>
            </dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>{formatDate(execution.startDate)}</dd>
          </div>
          <div>
            <dt>Ended</dt>
            <dd>{formatDate(execution.stopDate)}</dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd>{formatDuration(now - execution.startDate)}</dd>
          </div>
          {execution.redriveCount !== undefined && execution.redriveCount > 0 && (
            <div>
              <dt>Redrives</dt>
              <dd>{execution.redriveCount}</dd>
            </div>
          )}
          {parent && (
            <div>
              <dt>Parent execution</dt>
              <dd>
                <a href={href({ page: 'execution', arn: parent })}>{arnName(parent)}</a>
              </dd>
            </div>
          )}
          <Lineage executionArn={arn} data={lineage.data} />
          {children.length > 0 && (
            <div>
              <dt>Child executions</dt>
              <dd>
                {children.map((child) => (
                  <a key={child} className="chip" href={href({ page: 'execution', arn: child })}>
                    {arnName(child)}
                  </a>
                ))}
              </dd>
            </div>
          )}
        </dl>
        {execution.error !== undefined && (
          <div className="error-detail" data-testid="execution-error">
            <div className="error-name">{execution.error}</div>
            {execution.cause !== undefined && <JsonView text={execution.cause} />}
          </div>
        )}
      </section>
      {forkFrom !== null && (
        <ForkDialog
          executionArn={arn}
          stateMachineArn={execution.stateMachineArn}
          events={events}
          initialEventId={forkFrom}
          onClose={() => setForkFrom(null)}
          onForked={(fork) => {
            window.location.hash = href({ page: 'compare', arn, other: fork });
          }}
        />
      )}
      <Callbacks pending={pending} activities={activities} onAnswered={snapshot.reload} />
      <section className="panel">
        <div className="panel-head">
          <h2>Graph view</h2>
          {selected && selectedRuns.length > 0 && (
            <button
              type="button"
              className="btn"
              onClick={() => setForkFrom(selectedRuns.at(-1)?.events[0]?.id)}
            >
              Run from here
            </button>
          )}
          {folded.iterations.length > 0 && (
            <label className="field inline">
              <span>Map iteration</span>
              <select
                aria-label="Map iteration"
                value={iteration}
                onChange={(event) => setIteration(event.target.value)}
              >
                <option value="">All iterations</option>
                {folded.iterations.map((key) => (
                  <option key={key} value={key}>
                    {key}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <div className="split">
          <div className="split-graph">
            {definition.data !== undefined ? (
              <GraphView
                definition={definition.data}
                statuses={statuses}
                selected={selected}
                onSelect={setSelected}
              />
            ) : (
              <p className="muted">{definition.error?.message ?? 'Loading the definition…'}</p>
            )}
          </div>
          <div className="split-side">
            {selected ? (
              <StatePanel key={`${selected}|${iteration}`} name={selected} runs={selectedRuns} now={now} />
            ) : (
              <p className="muted hint">Select a state in the graph to see its input, output and errors.</p>
            )}
          </div>
        </div>
      </section>
      <MapRuns executionArn={arn} running={status === 'RUNNING'} />
      <section className="panel">
        <div className="tabs" role="tablist">
          {(
            [
              ['events', `Events (${events.length})`],
              ['timeline', 'Timeline'],
              ['io', 'Execution input & output'],
            ] as const
          ).map(([key, label]) => (
            <button
              key={key}
              type="button"
              role="tab"
              aria-selected={tab === key}
              className={tab === key ? 'tab active' : 'tab'}
              onClick={() => setTab(key)}
            >
              {label}
            </button>
          ))}
        </div>
        {tab === 'events' && <EventsTable events={events} copiedThrough={copiedThrough} />}
        {tab === 'timeline' && (
          <Timeline runs={folded.runs} start={execution.startDate} end={now} onSelect={setSelected} />
        )}
        {tab === 'io' && (
          <div className="io">
            <div>
              <h3>Input</h3>
              <JsonView text={execution.input} />
            </div>
            <div>
              <h3>Output</h3>
              <JsonView
                text={execution.output}
                empty={status === 'RUNNING' ? 'Still running…' : 'No output'}
              />
            </div>
          </div>
        )}
      </section>
    </>
  );
}
