// What the AWS console shows for a clicked state: status, input, output, the task's call (request,
// response, error and cause, each retry attempt), and how long it took.
import { useState } from 'react';
import type { RunStatus, StateRun } from '../execution/state-runs.ts';
import { duration } from '../execution/state-runs.ts';
import { formatDate, formatDuration } from '../format.ts';
import { JsonView } from './JsonView.tsx';
import { TaskCall } from './TaskCall.tsx';

const LABEL: Record<RunStatus, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  caught: 'Caught error',
  running: 'In progress',
  cancelled: 'Cancelled',
};

type Tab = 'input' | 'output' | 'details';

/** The assigned variables as one JSON object (the history keeps each value as JSON text). */
function assignedJson(assigned: Record<string, string>): string {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(assigned)) {
    try {
      values[name] = JSON.parse(value) as unknown;
    } catch {
      values[name] = value;
    }
  }
  return JSON.stringify(values);
}

export function StatePanel({ name, runs, now }: { name: string; runs: readonly StateRun[]; now: number }) {
  const [chosen, setChosen] = useState<number>();
  const [tab, setTab] = useState<Tab>('details');
  if (runs.length === 0) {
    return (
      <div className="state-panel" data-testid="state-panel">
        <h3>{name}</h3>
        <p className="muted">This state was not reached.</p>
      </div>
    );
  }
  const index = chosen !== undefined && chosen < runs.length ? chosen : runs.length - 1;
  const run = runs[index] as StateRun;
  return (
    <div className="state-panel" data-testid="state-panel" data-state-name={name}>
      <div className="state-panel-head">
        <h3>{name}</h3>
        <span className={`pill st-${run.status}`} data-testid="state-status">
          {LABEL[run.status]}
        </span>
      </div>
      {runs.length > 1 && (
        <label className="field inline">
          <span>Run</span>
          <select
            value={index}
            onChange={(event) => setChosen(Number(event.target.value))}
            aria-label="State run"
          >
            {runs.map((r, i) => (
              <option key={i} value={i}>
                {r.iteration ? `${r.iteration} — ` : ''}#{i + 1} at {formatDate(r.enteredAt)}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="tabs" role="tablist">
        {(['details', 'input', 'output'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? 'tab active' : 'tab'}
            onClick={() => setTab(t)}
          >
            {t === 'details' ? 'Details' : t === 'input' ? 'Input' : 'Output'}
          </button>
        ))}
      </div>
      {tab === 'details' && (
        <div className="tab-body">
          <dl className="facts compact">
            <div>
              <dt>Type</dt>
              <dd>{run.type}</dd>
            </div>
            <div>
              <dt>Duration</dt>
              <dd>{formatDuration(duration(run, now))}</dd>
            </div>
            <div>
              <dt>Entered</dt>
              <dd>{formatDate(run.enteredAt)}</dd>
            </div>
            {run.iteration && (
              <div>
                <dt>Iteration</dt>
                <dd>{run.iteration}</dd>
              </div>
            )}
            {run.attempts.length > 0 && (
              <div>
                <dt>Retries</dt>
                <dd data-testid="retries">{run.attempts.length - 1}</dd>
              </div>
            )}
            {run.iterations.size > 0 && (
              <div>
                <dt>Iterations</dt>
                <dd>
                  {[...run.iterations.values()].filter((s) => s === 'succeeded').length} of{' '}
                  {run.iterations.size} succeeded
                </dd>
              </div>
            )}
          </dl>
          {run.error !== undefined && (
            <div className="error-detail" data-testid="state-error">
              <div className="error-name">{run.error}</div>
              {run.cause !== undefined && <JsonView text={run.cause} />}
            </div>
          )}
          {run.attempts.length > 0 && <TaskCall key={index} attempts={run.attempts} now={now} />}
          {run.assigned !== undefined && (
            <>
              <h4>Variables assigned</h4>
              <JsonView text={assignedJson(run.assigned)} testId="state-variables" />
            </>
          )}
        </div>
      )}
      {tab === 'input' && (
        <div className="tab-body">
          <JsonView text={run.input} testId="state-input" />
        </div>
      )}
      {tab === 'output' && (
        <div className="tab-body">
          <JsonView
            text={run.output}
            empty={run.exitedAt === undefined ? 'The state has not exited.' : 'No output'}
          />
        </div>
      )}
    </div>
  );
}
