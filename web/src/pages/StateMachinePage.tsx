import { useMemo, useState } from 'react';
import { useDiagnostics } from '../use-diagnostics.ts';
import { errorText, listAll, sfn } from '../api/client.ts';
import type {
  Diagnostic,
  ExecutionListItem,
  ExecutionStatus,
  StateMachineDescription,
} from '../api/shapes.ts';
import { JsonView } from '../components/JsonView.tsx';
import { StartExecutionDialog } from '../components/StartExecutionDialog.tsx';
import { ExecutionsTable } from '../components/ExecutionsTable.tsx';
import { formatDate, prettyJson } from '../format.ts';
import { diagnosticsByState } from '../graph/diagnostics.ts';
import { GraphView } from '../graph/GraphView.tsx';
import { href } from '../route.ts';
import { useLoad } from '../use-api.ts';
import { SearchBox } from '../components/SearchBox.tsx';
import { MonitoringTab } from './monitoring/MonitoringTab.tsx';

const FILTERS: readonly (ExecutionStatus | 'ALL')[] = [
  'ALL',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
];

export function StateMachinePage({ arn }: { arn: string }) {
  const machine = useLoad(
    () => sfn<StateMachineDescription>('DescribeStateMachine', { stateMachineArn: arn }),
    arn,
  );
  const [starting, setStarting] = useState(false);
  const [tab, setTab] = useState<'overview' | 'monitoring'>('overview');
  const [editing, setEditing] = useState<string>();
  const definition = editing ?? machine.data?.definition ?? '';
  const diagnostics = useDiagnostics(definition, machine.data?.type ?? 'STANDARD');
  const problems = useMemo(() => diagnosticsByState(diagnostics), [diagnostics]);

  if (machine.error) return <p className="error-box">{machine.error.message}</p>;
  if (!machine.data) return <p className="muted">Loading…</p>;
  const data = machine.data;

  const save = async (): Promise<void> => {
    try {
      await sfn('UpdateStateMachine', { stateMachineArn: arn, definition });
      setEditing(undefined);
      machine.reload();
    } catch (error) {
      window.alert(errorText(error));
    }
  };

  return (
    <>
      <section className="panel">
        <div className="panel-head">
          <div>
            <h1 data-testid="machine-name">{data.name}</h1>
            <p className="muted arn">{data.stateMachineArn}</p>
          </div>
          <div className="actions">
            <a className="btn" href={href({ page: 'studio', arn })}>
              Design
            </a>
            <button type="button" className="btn btn-primary" onClick={() => setStarting(true)}>
              Start execution
            </button>
          </div>
        </div>
        <dl className="facts">
          <div>
            <dt>Type</dt>
            <dd>{data.type === 'EXPRESS' ? 'Express' : 'Standard'}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatDate(data.creationDate)}</dd>
          </div>
          <div>
            <dt>IAM role</dt>
            <dd className="arn">{data.roleArn}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>{data.status ?? 'ACTIVE'}</dd>
          </div>
        </dl>
      </section>
      <div className="tabs" role="tablist">
        {(['overview', 'monitoring'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t === 'overview' ? 'Definition and executions' : 'Monitoring'}
          </button>
        ))}
      </div>
      {tab === 'monitoring' && <MonitoringTab arn={arn} />}
      <section className="panel" hidden={tab !== 'overview'}>
        <div className="panel-head">
          <h2>Definition</h2>
          <div className="actions">
            {editing === undefined ? (
              <button type="button" className="btn" onClick={() => setEditing(prettyJson(data.definition))}>
                Edit
              </button>
            ) : (
              <>
                <button type="button" className="btn" onClick={() => setEditing(undefined)}>
                  Discard
                </button>
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={diagnostics.some((d) => d.severity === 'ERROR')}
                  onClick={() => void save()}
                >
                  Save
                </button>
              </>
            )}
          </div>
        </div>
        <div className="split">
          <div className="split-graph">
            <GraphView definition={definition} diagnostics={problems} />
          </div>
          <div className="split-side">
            {editing === undefined ? (
              <JsonView text={data.definition} testId="definition" />
            ) : (
              <textarea
                className="code-input definition-editor"
                spellCheck={false}
                aria-label="Definition"
                value={editing}
                onChange={(event) => setEditing(event.target.value)}
              />
            )}
            <Diagnostics diagnostics={diagnostics} />
          </div>
        </div>
      </section>
      {tab !== 'overview' ? null : data.type === 'EXPRESS' ? (
        <section className="panel">
          <h2>Executions</h2>
          <p className="muted">
            Express executions are not recorded (as on AWS, where they go to CloudWatch Logs): start one to
            run it synchronously and see its result.
          </p>
        </section>
      ) : (
        <Executions arn={arn} />
      )}
      {starting && (
        <StartExecutionDialog
          stateMachineArn={arn}
          express={data.type === 'EXPRESS'}
          onClose={() => setStarting(false)}
          onStarted={(executionArn) => {
            window.location.hash = href({ page: 'execution', arn: executionArn });
          }}
        />
      )}
    </>
  );
}

function Diagnostics({ diagnostics }: { diagnostics: readonly Diagnostic[] }) {
  if (diagnostics.length === 0) {
    return (
      <p className="ok-line" data-testid="diagnostics">
        ✓ The definition is valid.
      </p>
    );
  }
  return (
    <ul className="diagnostics" data-testid="diagnostics">
      {diagnostics.map((d, i) => (
        <li key={i} className={`diag diag-${d.severity.toLowerCase()}`}>
          <strong>{d.code}</strong> {d.message}
          {d.location && <span className="muted"> at {d.location}</span>}
        </li>
      ))}
    </ul>
  );
}

function Executions({ arn }: { arn: string }) {
  const [filter, setFilter] = useState<ExecutionStatus | 'ALL'>('ALL');
  const [search, setSearch] = useState('');
  const executions = useLoad(
    () =>
      listAll<ExecutionListItem>(
        'ListExecutions',
        { stateMachineArn: arn, ...(filter === 'ALL' ? {} : { statusFilter: filter }) },
        'executions',
        500,
      ),
    `${arn} ${filter}`,
    2000,
  );
  const rows = (executions.data ?? []).filter((e) => e.name.toLowerCase().includes(search.toLowerCase()));
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>
          Executions <span className="count">({executions.data?.length ?? 0})</span>
        </h2>
        <div className="actions">
          <select
            aria-label="Status filter"
            value={filter}
            onChange={(event) => setFilter(event.target.value as ExecutionStatus | 'ALL')}
          >
            {FILTERS.map((status) => (
              <option key={status} value={status}>
                {status === 'ALL' ? 'Any status' : status}
              </option>
            ))}
          </select>
          <SearchBox label="Search executions" value={search} onChange={setSearch} />
        </div>
      </div>
      {executions.error && <p className="error-box">{executions.error.message}</p>}
      <ExecutionsTable
        executions={rows}
        testId="executions"
        empty={
          executions.loading
            ? undefined
            : `No executions${filter !== 'ALL' || search ? ' match the filter' : ' yet'}.`
        }
      />
    </section>
  );
}
