import { useMemo } from 'react';
import { useLoad } from '../../use-api.ts';
import { ExecutionGrid } from './ExecutionGrid.tsx';
import type { ChartSeries } from './UPlotChart.tsx';
import { UPlotChart } from './UPlotChart.tsx';
import { loadReport } from './report.ts';
import { bucketWidth, byStatus, durationPercentiles, perDay, STATUSES, topErrors } from './series.ts';
import './monitoring.css';

const STATUS_COLORS: Readonly<Record<(typeof STATUSES)[number], string>> = {
  SUCCEEDED: '#037f0c',
  FAILED: '#d91515',
  TIMED_OUT: '#c45500',
  ABORTED: '#545b64',
  RUNNING: '#0972d3',
};
const STATUS_SERIES: readonly ChartSeries[] = STATUSES.map((s) => ({
  label: s,
  color: STATUS_COLORS[s],
}));
const PERCENTILE_SERIES: readonly ChartSeries[] = [
  { label: 'p50', color: '#0972d3' },
  { label: 'p95', color: '#ec7211' },
  { label: 'p99', color: '#d91515' },
];
const DAY_SERIES: readonly ChartSeries[] = [
  { label: 'Billed transitions', color: '#5f6b7a', bars: true },
  { label: 'Estimated cost (USD)', color: '#ec7211', right: true },
];
const COUNT_UNITS = ['Executions'] as const;
const SECONDS_UNITS = ['Seconds'] as const;
const DAY_UNITS = ['Transitions', 'USD'] as const;

const usd = (n: number): string => `$${n < 0.01 ? n.toFixed(6) : n.toFixed(2)}`;

/** A state machine's Monitoring tab: charts over its executions, and the cross-execution grid. */
export function MonitoringTab({ arn }: { arn: string }) {
  const report = useLoad(() => loadReport(arn), arn, 5000);
  const data = report.data;
  const charts = useMemo(() => {
    if (!data) return undefined;
    const width = bucketWidth(data.executions);
    return {
      step: width / 1000,
      status: byStatus(data.executions, width),
      durations: durationPercentiles(data.executions, width),
      days: perDay(data.days),
      errors: topErrors(data.executions),
    };
  }, [data]);
  if (report.error) return <p className="error-box">{report.error.message}</p>;
  if (!data || !charts) return <p className="muted">Loading…</p>;
  const total = data.days.reduce(
    (sum, d) => ({ transitions: sum.transitions + d.billedTransitions, cost: sum.cost + d.estimatedCostUsd }),
    { transitions: 0, cost: 0 },
  );
  return (
    <div className="monitoring" data-testid="monitoring">
      <section className="panel">
        <h2>Use and estimated AWS price</h2>
        <dl className="facts">
          <div>
            <dt>Executions shown</dt>
            <dd data-testid="monitoring-executions">
              {data.executions.length}
              {data.truncated ? ' (newest)' : ''}
            </dd>
          </div>
          {data.type === 'STANDARD' && (
            <div>
              <dt>Billed state transitions</dt>
              <dd data-testid="monitoring-transitions">{total.transitions}</dd>
            </div>
          )}
          <div>
            <dt>Estimated price ({data.prices.region}, list price, no free tier)</dt>
            <dd data-testid="monitoring-cost">{usd(total.cost)}</dd>
          </div>
        </dl>
      </section>
      <section className="panel charts">
        <UPlotChart
          title="Executions by status"
          testId="chart-status"
          x={charts.status.x}
          ys={charts.status.ys}
          series={STATUS_SERIES}
          units={COUNT_UNITS}
          step={charts.step}
        />
        <UPlotChart
          title="Duration p50 / p95 / p99"
          testId="chart-duration"
          x={charts.durations.x}
          ys={charts.durations.ys}
          series={PERCENTILE_SERIES}
          units={SECONDS_UNITS}
          step={charts.step}
        />
        <UPlotChart
          title="Billed transitions and estimated cost per day"
          testId="chart-cost"
          x={charts.days.x}
          ys={charts.days.ys}
          series={DAY_SERIES}
          units={DAY_UNITS}
          step={86_400}
        />
        <div className="top-errors" data-testid="top-errors">
          <h3>Top errors</h3>
          {charts.errors.length === 0 ? (
            <p className="muted">No failed executions.</p>
          ) : (
            <ol>
              {charts.errors.map(([error, count]) => (
                <li key={error}>
                  <span
                    className="error-bar"
                    style={{ width: `${(100 * count) / (charts.errors[0]?.[1] ?? 1)}%` }}
                  />
                  <code>{error}</code> <strong>{count}</strong>
                </li>
              ))}
            </ol>
          )}
        </div>
      </section>
      {data.type === 'STANDARD' && (
        <section className="panel">
          <h2>Executions × states</h2>
          <ExecutionGrid executions={data.executions} />
        </section>
      )}
    </div>
  );
}
