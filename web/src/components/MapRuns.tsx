// The Map Runs of an execution's distributed Map states, read as the AWS console reads them:
// ListMapRuns, then DescribeMapRun for each (item and child execution counts, settings) and
// ListExecutions({mapRunArn}) for its child executions; refreshed while anything still runs.
import { listAll, sfn } from '../api/client.ts';
import type { ExecutionListItem, MapRunCounts, MapRunDescription, MapRunListItem } from '../api/shapes.ts';
import {
  finishedItems,
  PROGRESS_ORDER,
  progressSegments,
  toleranceText,
} from '../execution/map-run-progress.ts';
import { formatDate } from '../format.ts';
import { useLoad } from '../use-api.ts';
import { ExecutionsTable } from './ExecutionsTable.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import './map-runs.css';

/** How many child executions a Map Run lists; the counts above it cover them all. */
const CHILDREN_SHOWN = 100;
const POLL_MS = 1000;

interface MapRunView {
  readonly run: MapRunDescription;
  /** undefined: the server could not list them (the counts still say how many there are). */
  readonly children: readonly ExecutionListItem[] | undefined;
}

async function loadMapRuns(executionArn: string): Promise<MapRunView[]> {
  const runs = await listAll<MapRunListItem>('ListMapRuns', { executionArn }, 'mapRuns');
  return Promise.all(
    runs.map(async ({ mapRunArn }) => {
      const run = await sfn<MapRunDescription>('DescribeMapRun', { mapRunArn });
      let children: ExecutionListItem[] | undefined;
      try {
        children = await listAll<ExecutionListItem>(
          'ListExecutions',
          { mapRunArn, maxResults: CHILDREN_SHOWN },
          'executions',
          CHILDREN_SHOWN,
        );
      } catch {
        children = undefined;
      }
      return { run, children };
    }),
  );
}

/** The Map Runs of `executionArn`; nothing at all when it has none. */
export function MapRuns({ executionArn, running }: { executionArn: string; running: boolean }) {
  const loaded = useLoad(
    () => loadMapRuns(executionArn),
    executionArn,
    (data) => (running || data?.some((v) => v.run.status === 'RUNNING') ? POLL_MS : undefined),
  );
  const views = loaded.data ?? [];
  if (views.length === 0) return null;
  return (
    <>
      {views.map((view) => (
        <MapRun key={view.run.mapRunArn} view={view} />
      ))}
    </>
  );
}

function MapRun({ view }: { view: MapRunView }) {
  const { run, children } = view;
  const items = run.itemCounts;
  const finished = finishedItems(items);
  return (
    <section className="panel map-run" data-testid="map-run" data-status={run.status}>
      <div className="panel-head">
        <div>
          <h2>
            Map Run <StatusBadge status={run.status} />
          </h2>
          <p className="muted arn">{run.mapRunArn}</p>
        </div>
      </div>
      <div
        className="map-run-bar"
        role="progressbar"
        aria-label="Map Run progress"
        aria-valuemin={0}
        aria-valuemax={items.total}
        aria-valuenow={finished}
      >
        {progressSegments(items).map((segment) => (
          <span
            key={segment.key}
            className={`map-run-segment seg-${segment.key}`}
            style={{ width: `${segment.percent}%` }}
            title={`${segment.label}: ${segment.count}`}
          />
        ))}
      </div>
      <p className="muted map-run-done" data-testid="map-run-done">
        {finished} of {items.total} items done
      </p>
      <div className="table-scroll">
        <table className="table map-run-counts" data-testid="map-run-counts">
          <thead>
            <tr>
              <th />
              {PROGRESS_ORDER.map(([key, label]) => (
                <th key={key}>{label}</th>
              ))}
              <th>Total</th>
            </tr>
          </thead>
          <tbody>
            <CountsRow name="Items" row="items" counts={items} />
            <CountsRow name="Child executions" row="executions" counts={run.executionCounts} />
          </tbody>
        </table>
      </div>
      <dl className="facts">
        <div>
          <dt>Max concurrency</dt>
          <dd>{run.maxConcurrency === 0 ? 'Unlimited' : run.maxConcurrency}</dd>
        </div>
        <div>
          <dt>Tolerated failures</dt>
          <dd data-testid="map-run-tolerance">{toleranceText(run)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDate(run.startDate)}</dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd>{formatDate(run.stopDate)}</dd>
        </div>
        {(run.redriveCount ?? 0) > 0 && (
          <div>
            <dt>Redrives</dt>
            <dd>{run.redriveCount}</dd>
          </div>
        )}
      </dl>
      <h3>Child executions</h3>
      <ChildExecutions executions={children} total={run.executionCounts.total} />
    </section>
  );
}

function CountsRow({ name, row, counts }: { name: string; row: string; counts: MapRunCounts }) {
  return (
    <tr data-row={row}>
      <th scope="row">{name}</th>
      {PROGRESS_ORDER.map(([key]) => (
        <td key={key} data-count={key}>
          {counts[key]}
        </td>
      ))}
      <td data-count="total">{counts.total}</td>
    </tr>
  );
}

function ChildExecutions({
  executions,
  total,
}: {
  executions: readonly ExecutionListItem[] | undefined;
  total: number;
}) {
  if (executions === undefined || (executions.length === 0 && total > 0)) {
    // Servers that run a Map Run's items in process list no child executions for it.
    return (
      <p className="muted" data-testid="map-run-children-unavailable">
        Child executions are not available for this Map Run.
      </p>
    );
  }
  if (executions.length === 0) return <p className="muted">No child executions.</p>;
  return (
    <>
      <ExecutionsTable executions={executions} testId="map-run-children" />
      {total > executions.length && (
        <p className="muted">
          The first {executions.length} of {total}.
        </p>
      )}
    </>
  );
}
