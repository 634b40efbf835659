// The console's Triggers page: schedules (expression, time zone, state, next runs, last runs and
// their executions), rules, HTTP triggers, webhook and rule deliveries, and dead letters.
import type { ReactNode } from 'react';
import type { ExecutionStatus } from '../api/shapes.ts';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { formatDate } from '../format.ts';
import { arnName, href } from '../route.ts';
import { useLoad } from '../use-api.ts';
import type { DeadLetterView, DeliveryView, ScheduleView, TriggersOverview } from './triggers-api.ts';
import { loadTriggers } from './triggers-api.ts';
import './triggers.css';

const at = (ms: number | undefined): string => formatDate(ms === undefined ? undefined : ms / 1000);

/** A scheduled time on the schedule's own wall clock (its cron speaks of it), as EventBridge's console shows it. */
function zoned(ms: number, timeZone: string): string {
  return new Date(ms).toLocaleString('sv-SE', { timeZone, hour12: false });
}

function MachineLink({ arn }: { arn: string }) {
  const base = arn.split(':').slice(0, 7).join(':');
  return <a href={href({ page: 'state-machine', arn: base })}>{arnName(arn)}</a>;
}

function Section({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  return (
    <section className="panel" data-testid={`triggers-${title.toLowerCase().replace(/\W+/g, '-')}`}>
      <div className="panel-head">
        <h2>
          {title} <span className="count">({count})</span>
        </h2>
      </div>
      <div className="table-scroll">{children}</div>
    </section>
  );
}

function Empty({ span, what }: { span: number; what: string }) {
  return (
    <tr>
      <td colSpan={span} className="muted">
        {what}
      </td>
    </tr>
  );
}

function ScheduleRow({ s }: { s: ScheduleView }) {
  return (
    <tr data-name={s.Name}>
      <td>
        {s.GroupName === 'default' ? '' : <span className="muted">{s.GroupName}/</span>}
        {s.Name}
      </td>
      <td>
        <code>{s.ScheduleExpression}</code>
      </td>
      <td>{s.ScheduleExpressionTimezone}</td>
      <td>
        <span className={`state state-${s.State.toLowerCase()}`} data-state={s.State}>
          {s.State === 'ENABLED' ? 'Enabled' : 'Disabled'}
        </span>
      </td>
      <td data-testid="next-runs">
        {s.nextRuns.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="runs">
            {s.nextRuns.map((t) => (
              <li key={t} title={`${at(t)} in this browser's time zone`}>
                {zoned(t, s.ScheduleExpressionTimezone)}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td data-testid="last-runs">
        {s.lastRuns.length === 0 ? (
          <span className="muted">None yet</span>
        ) : (
          <ul className="runs">
            {s.lastRuns.map((r) => (
              <li key={r.executionArn}>
                <StatusBadge status={r.status as ExecutionStatus} />{' '}
                <a href={href({ page: 'execution', arn: r.executionArn })}>{r.name}</a>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        <MachineLink arn={s.TargetArn} />
        {s.DeadLetterArn && <div className="muted small">DLQ {arnName(s.DeadLetterArn)}</div>}
      </td>
    </tr>
  );
}

function DeliveryRow({ d }: { d: DeliveryView }) {
  const failing = d.lastError !== undefined && d.pending > 0;
  return (
    <tr data-name={d.webhook} className={failing ? 'row-failed' : undefined}>
      <td>{d.kind === 'rule' ? d.webhook.replace(/^rule:/, '') : d.webhook}</td>
      <td>{d.kind === 'rule' ? 'Rule' : 'Webhook'}</td>
      <td className="arn">{d.url ?? '—'}</td>
      <td data-testid="pending">{d.pending}</td>
      <td data-testid="delivered">{d.delivered}</td>
      <td data-testid="failed-attempts">{d.failedAttempts}</td>
      <td data-testid="last-error">{d.lastError ?? <span className="muted">—</span>}</td>
      <td>{at(d.lastAttemptAt)}</td>
    </tr>
  );
}

const DELIVERY: Record<DeadLetterView['Delivery'], string> = {
  SENT: 'Sent to the queue',
  NOT_SENT: 'Not sent',
  NO_QUEUE: 'No queue',
};

function DeadLetterRow({ l }: { l: DeadLetterView }) {
  return (
    <tr>
      <td>{at(l.RecordedAt)}</td>
      <td>{arnName(l.ScheduleArn.replace(/\//g, ':'))}</td>
      <td>{at(l.ScheduledTime)}</td>
      <td>
        <strong>{l.ErrorCode}</strong>
        <div className="small">{l.ErrorMessage}</div>
      </td>
      <td>
        {l.RetryAttempts}
        {l.ExhaustedRetryCondition && <div className="muted small">{l.ExhaustedRetryCondition}</div>}
      </td>
      <td data-testid="dead-letter-delivery">
        {DELIVERY[l.Delivery]}
        {l.QueueArn && <div className="muted small">{arnName(l.QueueArn)}</div>}
        {l.SendError && <div className="small error-text">{l.SendError}</div>}
      </td>
    </tr>
  );
}

function Overview({ data }: { data: TriggersOverview }) {
  return (
    <>
      <Section title="Schedules" count={data.schedules.length}>
        <table className="table triggers">
          <thead>
            <tr>
              <th>Name</th>
              <th>Expression</th>
              <th>Time zone</th>
              <th>State</th>
              <th>Next runs</th>
              <th>Last runs</th>
              <th>Target</th>
            </tr>
          </thead>
          <tbody>
            {data.schedules.map((s) => (
              <ScheduleRow key={s.Arn} s={s} />
            ))}
            {data.schedules.length === 0 && <Empty span={7} what="No schedules." />}
          </tbody>
        </table>
      </Section>
      <Section title="Rules" count={data.rules.length}>
        <table className="table triggers">
          <thead>
            <tr>
              <th>Name</th>
              <th>Event bus</th>
              <th>Event pattern</th>
              <th>Target</th>
            </tr>
          </thead>
          <tbody>
            {data.rules.map((r) => (
              <tr key={r.name} data-name={r.name}>
                <td>{r.name}</td>
                <td>{r.eventBusName}</td>
                <td>
                  <code className="pattern">{JSON.stringify(r.eventPattern)}</code>
                </td>
                <td>
                  <MachineLink arn={r.stateMachine} />
                </td>
              </tr>
            ))}
            {data.rules.length === 0 && <Empty span={4} what="No rules." />}
          </tbody>
        </table>
        {data.eventBuses.length > 0 && (
          <p className="muted small">Stepwise&apos;s own event buses: {data.eventBuses.join(', ')}</p>
        )}
      </Section>
      <Section title="HTTP triggers" count={data.httpTriggers.length}>
        <table className="table triggers">
          <thead>
            <tr>
              <th>Name</th>
              <th>URL path</th>
              <th>Auth</th>
              <th>Target</th>
            </tr>
          </thead>
          <tbody>
            {data.httpTriggers.map((t) => (
              <tr key={t.name} data-name={t.name}>
                <td>{t.name}</td>
                <td>
                  <code>POST {t.path}</code>
                </td>
                <td>{t.auth.length === 0 ? 'None' : t.auth.join(' + ')}</td>
                <td>
                  <MachineLink arn={t.stateMachine} />
                </td>
              </tr>
            ))}
            {data.httpTriggers.length === 0 && <Empty span={4} what="No HTTP triggers." />}
          </tbody>
        </table>
      </Section>
      <Section title="Deliveries" count={data.deliveries.length}>
        <table className="table triggers" data-testid="deliveries">
          <thead>
            <tr>
              <th>Destination</th>
              <th>Kind</th>
              <th>URL</th>
              <th>Pending</th>
              <th>Delivered</th>
              <th>Failed attempts</th>
              <th>Last error</th>
              <th>Last attempt</th>
            </tr>
          </thead>
          <tbody>
            {data.deliveries.map((d) => (
              <DeliveryRow key={d.webhook} d={d} />
            ))}
            {data.deliveries.length === 0 && <Empty span={8} what="No webhooks or rules." />}
          </tbody>
        </table>
      </Section>
      <Section title="Dead letters" count={data.deadLetters.length}>
        <table className="table triggers" data-testid="dead-letters">
          <thead>
            <tr>
              <th>Failed at</th>
              <th>Schedule</th>
              <th>Scheduled time</th>
              <th>Error</th>
              <th>Retries</th>
              <th>Dead-letter queue</th>
            </tr>
          </thead>
          <tbody>
            {data.deadLetters.map((l) => (
              <DeadLetterRow key={`${l.ScheduleArn} ${l.ScheduledTime} ${l.RecordedAt}`} l={l} />
            ))}
            {data.deadLetters.length === 0 && <Empty span={6} what="No scheduled start has failed." />}
          </tbody>
        </table>
      </Section>
    </>
  );
}

export function TriggersPage() {
  const triggers = useLoad(loadTriggers, 'triggers', 5000);
  return (
    <div className="triggers-page">
      <section className="panel">
        <h1>Triggers</h1>
        <p className="muted">
          Schedules, rules and HTTP triggers that start executions, and where status-change events go.
        </p>
        {triggers.error && <p className="error-box">{triggers.error.message}</p>}
      </section>
      {triggers.data && <Overview data={triggers.data} />}
    </div>
  );
}
