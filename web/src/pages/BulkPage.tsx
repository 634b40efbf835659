// Bulk operations by query (a Stepwise extension, docs/saved-tests-and-bulk.md): filter executions, see
// what a dry run matches, select among them, stop, redrive or fork them at a rate, and follow each
// operation's progress and per-execution results.
import { useState } from 'react';
import { errorText, listAll } from '../api/client.ts';
import type { StateMachineListItem } from '../api/shapes.ts';
import { formatDate } from '../format.ts';
import { arnName, href } from '../route.ts';
import { useLoad } from '../use-api.ts';
import type { BulkAction, BulkFilter, BulkFork, BulkSummary } from './bulk-api.ts';
import { cancelBulk, describeBulk, dryRun, listBulk, startBulk } from './bulk-api.ts';
import './bulk.css';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

interface Form {
  action: BulkAction;
  stateMachineArn: string;
  statuses: string[];
  errorNames: string;
  startedAfter: string;
  startedBefore: string;
  stateReached: string;
  inputMatches: string;
  outputMatches: string;
  rate: number;
  /** For fork: the state to fork from (empty: the first state). */
  fromState: string;
}

const VERB: Record<BulkAction, string> = { redrive: 'Redrive', stop: 'Stop', fork: 'Fork' };

const EMPTY: Form = {
  action: 'redrive',
  stateMachineArn: '',
  statuses: [],
  errorNames: '',
  startedAfter: '',
  startedBefore: '',
  stateReached: '',
  inputMatches: '',
  outputMatches: '',
  rate: 50,
  fromState: '',
};

/** The form as the API's filter: empty fields left out, local times as ISO 8601. */
function filterOf(f: Form): BulkFilter {
  const iso = (local: string) => new Date(local).toISOString();
  const names = f.errorNames
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    ...(f.stateMachineArn ? { stateMachineArn: f.stateMachineArn } : {}),
    ...(f.statuses.length ? { statuses: f.statuses } : {}),
    ...(names.length ? { errorNames: names } : {}),
    ...(f.startedAfter ? { startedAfter: iso(f.startedAfter) } : {}),
    ...(f.startedBefore ? { startedBefore: iso(f.startedBefore) } : {}),
    ...(f.stateReached ? { stateReached: f.stateReached } : {}),
    ...(f.inputMatches ? { inputMatches: f.inputMatches } : {}),
    ...(f.outputMatches ? { outputMatches: f.outputMatches } : {}),
  };
}

/** A fork's members: where from (without it, the first state's entry). */
function forkOf(f: Form): BulkFork {
  return f.action === 'fork' && f.fromState ? { fromState: f.fromState } : {};
}

function Operation({ op }: { op: BulkSummary }) {
  const [open, setOpen] = useState(false);
  const detail = useLoad(
    () => (open ? describeBulk(op.bulkOperationId) : Promise.resolve(undefined)),
    `${op.bulkOperationId}:${open}:${op.progress.done}`,
  );
  const share = op.executionCount === 0 ? 100 : Math.round((op.progress.done / op.executionCount) * 100);
  return (
    <>
      <tr data-operation={op.bulkOperationId} data-status={op.status}>
        <td>
          <button type="button" className="link" onClick={() => setOpen(!open)}>
            {open ? '▾' : '▸'} {op.bulkOperationId.slice(0, 8)}
          </button>
        </td>
        <td>{op.action}</td>
        <td>{op.status}</td>
        <td>
          <span className="bulk-bar" aria-label={`${op.progress.done} of ${op.executionCount}`}>
            <span style={{ width: `${share}%` }} />
          </span>{' '}
          <span data-testid="bulk-done">
            {op.progress.done}/{op.executionCount}
          </span>
        </td>
        <td>
          {op.progress.succeeded} ✓ · {op.progress.skipped} skipped · {op.progress.failed} failed
        </td>
        <td>{formatDate(op.creationDate)}</td>
        <td>
          {op.status === 'RUNNING' && (
            <button type="button" className="btn" onClick={() => void cancelBulk(op.bulkOperationId)}>
              Cancel
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="bulk-results">
          <td colSpan={7}>
            <ul data-testid="bulk-results">
              {(detail.data?.results ?? []).map((r) => (
                <li key={r.executionArn} data-outcome={r.outcome}>
                  <span className={`bulk-outcome bulk-outcome-${r.outcome.toLowerCase()}`}>{r.outcome}</span>{' '}
                  <a href={href({ page: 'execution', arn: r.executionArn })}>{arnName(r.executionArn)}</a>
                  {r.message?.startsWith('arn:') ? (
                    // A fork's result names the fork.
                    <span className="muted">
                      {' '}
                      → <a href={href({ page: 'execution', arn: r.message })}>{arnName(r.message)}</a>
                    </span>
                  ) : (
                    r.message && <span className="muted"> — {r.message}</span>
                  )}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  );
}

export function BulkPage() {
  const machines = useLoad(() => listAll<StateMachineListItem>('ListStateMachines', {}, 'stateMachines'), '');
  const operations = useLoad(listBulk, '', (d) =>
    d?.bulkOperations.some((o) => o.status === 'RUNNING') ? 500 : 3000,
  );
  const [form, setForm] = useState<Form>(EMPTY);
  const [matched, setMatched] = useState<string[]>();
  // What the run would do to each, when not simply done: skipped or refused, and why.
  const [predicted, setPredicted] = useState<ReadonlyMap<string, string>>(new Map());
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<string>();
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm({ ...form, [key]: value });
    setMatched(undefined);
  };
  const preview = async () => {
    setProblem(undefined);
    try {
      const { executionArns, results } = await dryRun(form.action, filterOf(form), forkOf(form));
      setMatched(executionArns);
      setPredicted(
        new Map(
          results
            .filter((r) => r.outcome !== 'SUCCEEDED')
            .map((r) => [r.executionArn, `${r.outcome}${r.message ? `: ${r.message}` : ''}`]),
        ),
      );
      setSelected(new Set(executionArns));
    } catch (e) {
      setProblem(errorText(e));
    }
  };
  const act = async () => {
    if (!matched) return;
    setProblem(undefined);
    try {
      await startBulk(
        form.action,
        { ...filterOf(form), executionArns: matched.filter((a) => selected.has(a)) },
        form.rate,
        forkOf(form),
      );
      setMatched(undefined);
      operations.reload();
    } catch (e) {
      setProblem(errorText(e));
    }
  };
  const text = (
    key: 'errorNames' | 'stateReached' | 'inputMatches' | 'outputMatches' | 'fromState',
    label: string,
    hint: string,
  ) => (
    <label>
      {label}
      <input
        value={form[key]}
        placeholder={hint}
        onChange={(e) => set(key, e.target.value)}
        aria-label={label}
      />
    </label>
  );
  return (
    <>
      <section className="panel" data-testid="bulk-filter">
        <div className="panel-head">
          <div>
            <h1>Bulk operations</h1>
            <p className="muted">A Stepwise extension: act on every execution a filter matches.</p>
          </div>
        </div>
        <div className="bulk-form">
          <label>
            Action
            <select
              value={form.action}
              aria-label="Action"
              onChange={(e) => set('action', e.target.value as BulkAction)}
            >
              <option value="redrive">Redrive</option>
              <option value="stop">Stop</option>
              <option value="fork">Fork</option>
            </select>
          </label>
          {form.action === 'fork' && text('fromState', 'Fork from state', 'first state')}
          <label>
            State machine
            <select
              value={form.stateMachineArn}
              aria-label="State machine"
              onChange={(e) => set('stateMachineArn', e.target.value)}
            >
              <option value="">Any</option>
              {(machines.data ?? []).map((m) => (
                <option key={m.stateMachineArn} value={m.stateMachineArn}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>Status</legend>
            {STATUSES.map((s) => (
              <label key={s} className="check">
                <input
                  type="checkbox"
                  checked={form.statuses.includes(s)}
                  onChange={(e) =>
                    set(
                      'statuses',
                      e.target.checked ? [...form.statuses, s] : form.statuses.filter((x) => x !== s),
                    )
                  }
                />
                {s}
              </label>
            ))}
          </fieldset>
          {text('errorNames', 'Error names', 'States.TaskFailed, Boom')}
          <label>
            Started after
            <input
              type="datetime-local"
              value={form.startedAfter}
              onChange={(e) => set('startedAfter', e.target.value)}
            />
          </label>
          <label>
            Started before
            <input
              type="datetime-local"
              value={form.startedBefore}
              onChange={(e) => set('startedBefore', e.target.value)}
            />
          </label>
          {text('stateReached', 'State reached', 'ChargePayment')}
          {text('inputMatches', 'Input matches (JSONata)', 'amount > 100')}
          {text('outputMatches', 'Output matches (JSONata)', "status = 'rejected'")}
          <label>
            Executions per second
            <input
              type="number"
              min={1}
              max={10000}
              value={form.rate}
              aria-label="Executions per second"
              onChange={(e) => set('rate', Number(e.target.value))}
            />
          </label>
        </div>
        <div className="actions">
          <button type="button" className="btn" onClick={() => void preview()}>
            Dry run
          </button>
          {matched && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={selected.size === 0}
              onClick={() => void act()}
            >
              {VERB[form.action]} {selected.size} selected
            </button>
          )}
        </div>
        {problem && <p className="error-box">{problem}</p>}
        {matched && (
          <div className="table-scroll">
            <p className="muted" data-testid="bulk-matched">
              {matched.length} executions match
            </p>
            <ul className="bulk-matched">
              {matched.map((arn) => (
                <li key={arn}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={selected.has(arn)}
                      onChange={(e) => {
                        const next = new Set(selected);
                        if (e.target.checked) next.add(arn);
                        else next.delete(arn);
                        setSelected(next);
                      }}
                    />
                    {arnName(arn)}
                  </label>{' '}
                  <a href={href({ page: 'execution', arn })} className="muted">
                    view
                  </a>
                  {predicted.has(arn) && (
                    <span className="muted" data-testid="bulk-predicted">
                      {' '}
                      — {predicted.get(arn)}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
      <section className="panel">
        <div className="panel-head">
          <h2>
            Operations <span className="count">({operations.data?.bulkOperations.length ?? 0})</span>
          </h2>
        </div>
        <div className="table-scroll">
          <table className="table" data-testid="bulk-operations">
            <thead>
              <tr>
                <th>Id</th>
                <th>Action</th>
                <th>Status</th>
                <th>Progress</th>
                <th>Results</th>
                <th>Started</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(operations.data?.bulkOperations ?? []).map((op) => (
                <Operation key={op.bulkOperationId} op={op} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
