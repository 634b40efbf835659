// Human approval: a task waiting on `.waitForTaskToken` can be answered from the page with
// SendTaskSuccess (approve, with an output) or SendTaskFailure (reject, with an error and cause).
import { useState } from 'react';
import { errorText, sfn } from '../api/client.ts';
import type { PendingCallback, StateRun } from '../execution/state-runs.ts';

export function Callbacks({
  pending,
  activities,
  onAnswered,
}: {
  pending: readonly PendingCallback[];
  activities: readonly StateRun[];
  onAnswered: () => void;
}) {
  if (pending.length === 0 && activities.length === 0) return null;
  return (
    <section className="panel callbacks" data-testid="callbacks">
      <h2>Waiting for a callback</h2>
      {pending.map((callback) => (
        <CallbackRow key={callback.token} callback={callback} onAnswered={onAnswered} />
      ))}
      {activities.map((run) => (
        <p key={`${run.name}@${run.enteredAt}`} className="callback" data-activity={run.name}>
          <strong>{run.name}</strong> waits for a worker of{' '}
          <span className="arn">{run.attempts.at(-1)?.resource}</span> (GetActivityTask hands it the task
          token).
        </p>
      ))}
    </section>
  );
}

function CallbackRow({ callback, onAnswered }: { callback: PendingCallback; onAnswered: () => void }) {
  const [output, setOutput] = useState('{\n  "approved": true\n}');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  let invalid = false;
  try {
    JSON.parse(output);
  } catch {
    invalid = true;
  }
  const answer = async (action: 'SendTaskSuccess' | 'SendTaskFailure'): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await sfn(
        action,
        action === 'SendTaskSuccess'
          ? { taskToken: callback.token, output }
          : { taskToken: callback.token, error: 'Rejected', cause: 'Rejected from the Stepwise console' },
      );
      onAnswered();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="callback" data-state-name={callback.run.name}>
      <div className="callback-head">
        <strong>{callback.run.name}</strong>
        <span className="muted token" title={callback.token}>
          token {callback.token.slice(0, 24)}…
        </span>
      </div>
      <textarea
        className={`code-input${invalid ? ' invalid' : ''}`}
        aria-label="Task output"
        rows={3}
        spellCheck={false}
        value={output}
        onChange={(event) => setOutput(event.target.value)}
      />
      {error && <p className="error-box">{error}</p>}
      <div className="modal-actions">
        <button
          type="button"
          className="btn btn-danger"
          disabled={busy}
          onClick={() => void answer('SendTaskFailure')}
        >
          Reject
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || invalid}
          onClick={() => void answer('SendTaskSuccess')}
        >
          Approve
        </button>
      </div>
    </div>
  );
}
