import { useState } from 'react';
import { sfn } from '../api/client.ts';
import type { ExecutionListItem, StateMachineListItem } from '../api/shapes.ts';
import { listAll } from '../api/client.ts';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { formatDate } from '../format.ts';
import { href } from '../route.ts';
import { useLoad } from '../use-api.ts';
import { SearchBox } from '../components/SearchBox.tsx';

interface Row extends StateMachineListItem {
  readonly last?: ExecutionListItem;
}

async function loadMachines(): Promise<Row[]> {
  const machines = await listAll<StateMachineListItem>('ListStateMachines', {}, 'stateMachines');
  // The latest execution of each machine: ListExecutions lists newest first.
  return Promise.all(
    machines.map(async (machine) => {
      const page = await sfn<{ executions: ExecutionListItem[] }>('ListExecutions', {
        stateMachineArn: machine.stateMachineArn,
        maxResults: 1,
      }).catch(() => ({ executions: [] }));
      const last = page.executions[0];
      return last ? { ...machine, last } : machine;
    }),
  );
}

export function StateMachineList() {
  const machines = useLoad(loadMachines, '', 5000);
  const [search, setSearch] = useState('');
  const rows = (machines.data ?? []).filter((m) => m.name.toLowerCase().includes(search.toLowerCase()));
  return (
    <section className="panel">
      <div className="panel-head">
        <h1>
          State machines <span className="count">({machines.data?.length ?? 0})</span>
        </h1>
        <div className="actions">
          <SearchBox label="Search state machines" value={search} onChange={setSearch} />
          <a className="btn btn-primary" href={href({ page: 'studio' })}>
            Create state machine
          </a>
        </div>
      </div>
      {machines.error && <p className="error-box">{machines.error.message}</p>}
      <div className="table-scroll">
        <table className="table" data-testid="state-machines">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Created</th>
              <th>Last execution</th>
              <th>Last started</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((machine) => (
              <tr key={machine.stateMachineArn} data-name={machine.name}>
                <td>
                  <a href={href({ page: 'state-machine', arn: machine.stateMachineArn })}>{machine.name}</a>
                </td>
                <td>{machine.type === 'EXPRESS' ? 'Express' : 'Standard'}</td>
                <td>{formatDate(machine.creationDate)}</td>
                <td>
                  {machine.last ? (
                    <StatusBadge status={machine.last.status} />
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>{formatDate(machine.last?.startDate)}</td>
              </tr>
            ))}
            {!machines.loading && rows.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  No state machines{search ? ' match this search' : ''}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
