// The call a Task state made, as the history recorded it: the resource, the request (the
// effective Parameters/Arguments), the service's response or its error and cause, what a .sync
// or .waitForTaskToken task submitted, the region and the moments of the call. One attempt at a
// time when Retry ran it again.
import { useState } from 'react';
import type { Attempt } from '../execution/state-runs.ts';
import type { CallStep } from '../execution/task-call.ts';
import { describeCall } from '../execution/task-call.ts';
import { formatDate, formatDuration } from '../format.ts';
import { JsonView } from './JsonView.tsx';
import './task-call.css';

function AttemptPicker({
  attempts,
  index,
  onPick,
}: {
  attempts: readonly Attempt[];
  index: number;
  onPick: (index: number) => void;
}) {
  return (
    <div className="call-attempts" role="tablist" aria-label="Attempts">
      {attempts.map((a, i) => (
        <button
          key={i}
          type="button"
          role="tab"
          aria-selected={i === index}
          className={`call-attempt attempt-${a.outcome ?? 'running'}${i === index ? ' active' : ''}`}
          onClick={() => onPick(i)}
        >
          Attempt {i + 1}{' '}
          <span aria-hidden="true">{a.outcome === 'succeeded' ? '✓' : a.outcome ? '✕' : '…'}</span>
        </button>
      ))}
    </div>
  );
}

function Timing({ steps, open, now }: { steps: readonly CallStep[]; open: boolean; now: number }) {
  const first = steps[0]?.at ?? 0;
  const last = steps.at(-1)?.at ?? first;
  return (
    <ol className="call-steps" data-testid="call-timing">
      {steps.map((step, i) => (
        <li key={step.label} className={`call-step step-${step.label.toLowerCase().replace(/\s+/g, '-')}`}>
          <span className="call-step-label">{step.label}</span>
          <time className="call-step-time">{formatDate(step.at).slice(11)}</time>
          {i > 0 && (
            <span className="call-step-delta">+{formatDuration(step.at - (steps[i - 1]?.at ?? first))}</span>
          )}
        </li>
      ))}
      <li className="call-step call-total">
        <span className="call-step-label">{open ? 'So far' : 'Total'}</span>
        <span className="call-step-delta">{formatDuration((open ? now : last) - first)}</span>
      </li>
    </ol>
  );
}

export function TaskCall({ attempts, now }: { attempts: readonly Attempt[]; now: number }) {
  const [chosen, setChosen] = useState<number>();
  const index = chosen !== undefined && chosen < attempts.length ? chosen : attempts.length - 1;
  const attempt = attempts[index];
  if (!attempt) return null;
  const call = describeCall(attempt);
  const failed = attempt.outcome === 'failed';
  return (
    <section className="task-call" data-testid="task-call" data-resource={attempt.resource ?? ''}>
      <h4>Service call</h4>
      <div className="call-head">
        <span className="call-service" data-testid="call-service">
          {call.service}
        </span>
        {call.api && <code className="call-api">{call.api}</code>}
        {call.kind && <span className="call-tag">{call.kind}</span>}
        <span className="call-tag">{call.pattern}</span>
        {attempt.region && (
          <span className="call-tag" data-testid="call-region" title="Region">
            {attempt.region}
          </span>
        )}
      </div>
      <div className="call-resource arn" title="Resource">
        {attempt.resource}
        {attempt.timeoutSeconds !== undefined && (
          <span className="muted"> · timeout {attempt.timeoutSeconds} s</span>
        )}
        {attempt.heartbeatSeconds !== undefined && (
          <span className="muted"> · heartbeat {attempt.heartbeatSeconds} s</span>
        )}
      </div>
      {attempts.length > 1 && <AttemptPicker attempts={attempts} index={index} onPick={setChosen} />}
      <Timing steps={call.steps} open={attempt.endedAt === undefined} now={now} />
      <div className="call-io">
        <div className="call-part">
          <h5>Request</h5>
          <JsonView text={attempt.parameters} empty="No parameters" testId="call-request" />
        </div>
        {attempt.submitted !== undefined && (
          <div className="call-part">
            <h5>Submitted — the service's answer while the task waits</h5>
            <JsonView text={attempt.submitted} testId="call-submitted" />
          </div>
        )}
        {failed ? (
          <div className="call-part">
            <h5>Error</h5>
            <div className="error-detail" data-testid="call-error">
              <div className="error-name">{attempt.error ?? 'No error name'}</div>
              {attempt.cause !== undefined && <JsonView text={attempt.cause} />}
            </div>
          </div>
        ) : (
          <div className="call-part">
            <h5>Response</h5>
            <JsonView
              text={attempt.output}
              empty={attempt.outcome === undefined ? 'Waiting for the response…' : 'No output'}
              testId="call-response"
            />
          </div>
        )}
      </div>
    </section>
  );
}
