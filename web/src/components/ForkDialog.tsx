// "Run from here": StartForkedExecution (a Stepwise extension) from an event of this execution,
// with the state's input edited in a JSON editor, optional variables, on the revision it ran, the
// latest one or a version. The Run button waits for valid JSON, as StartExecutionDialog does.
import { useMemo, useState } from 'react';
import { errorText, sfn } from '../api/client.ts';
import type { HistoryEvent } from '../api/shapes.ts';
import { forkPoints, pretty } from '../execution/fork-points.ts';
import { useLoad } from '../use-api.ts';
import { Modal, ModalActions } from './Modal.tsx';

function jsonProblem(text: string, object = false): string | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (object && (typeof value !== 'object' || value === null || Array.isArray(value)))
      return 'not a JSON object';
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

interface Version {
  stateMachineVersionArn: string;
}

export function ForkDialog({
  executionArn,
  stateMachineArn,
  events,
  initialEventId,
  onClose,
  onForked,
}: {
  executionArn: string;
  stateMachineArn: string;
  events: readonly HistoryEvent[];
  initialEventId: number | undefined;
  onClose: () => void;
  onForked: (forkArn: string) => void;
}) {
  const points = useMemo(() => forkPoints(events), [events]);
  const [eventId, setEventId] = useState(initialEventId ?? points[0]?.id ?? 1);
  const point = points.find((p) => p.id === eventId);
  const [input, setInput] = useState(pretty(point?.input));
  const [editInput, setEditInput] = useState(true);
  const [variables, setVariables] = useState('');
  const [onto, setOnto] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const versions = useLoad(
    () => sfn<{ stateMachineVersions: Version[] }>('ListStateMachineVersions', { stateMachineArn }),
    stateMachineArn,
  );
  const editing = editInput && point?.input !== undefined;
  const inputProblem = editing ? jsonProblem(input) : undefined;
  const variablesProblem = variables.trim() && point?.variables ? jsonProblem(variables, true) : undefined;

  const choose = (id: number): void => {
    setEventId(id);
    setInput(pretty(points.find((p) => p.id === id)?.input));
  };

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const started = await sfn<{ executionArn: string }>('StartForkedExecution', {
        executionArn,
        eventId,
        ...(editing ? { input } : {}),
        ...(point?.variables && variables.trim() ? { variables } : {}),
        ...(onto ? { stateMachineArn: onto } : {}),
      });
      onForked(started.executionArn);
    } catch (caught) {
      setError(errorText(caught));
      setBusy(false);
    }
  };

  return (
    <Modal label="Run from here" onClose={onClose}>
      <h2>Run from here</h2>
      <p className="muted">
        A new execution copies this one&apos;s history up to the chosen event and continues from there: tasks
        completed before it are not run again. (A Stepwise extension, not AWS.)
      </p>
      <label className="field">
        <span>Fork from event</span>
        <select aria-label="Fork from event" value={eventId} onChange={(e) => choose(Number(e.target.value))}>
          {points.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {point?.input !== undefined ? (
        <>
          <label className="field inline">
            <input type="checkbox" checked={editInput} onChange={(e) => setEditInput(e.target.checked)} />
            <span>Edit the input</span>
          </label>
          {editInput && (
            <label className="field">
              <span>Input (JSON)</span>
              <textarea
                className={`code-input${inputProblem ? ' invalid' : ''}`}
                data-testid="fork-input"
                spellCheck={false}
                rows={10}
                value={input}
                onChange={(e) => setInput(e.target.value)}
              />
            </label>
          )}
          {inputProblem && <p className="field-error">Invalid JSON: {inputProblem}</p>}
        </>
      ) : (
        <p className="muted">An input can be edited where a state is entered or the execution starts.</p>
      )}
      {point?.variables && (
        <label className="field">
          <span>Variables to assign (JSON object, optional)</span>
          <textarea
            className={`code-input${variablesProblem ? ' invalid' : ''}`}
            data-testid="fork-variables"
            spellCheck={false}
            rows={3}
            value={variables}
            placeholder='{"name": "value"}'
            onChange={(e) => setVariables(e.target.value)}
          />
        </label>
      )}
      <label className="field">
        <span>Continue on</span>
        <select aria-label="Continue on" value={onto} onChange={(e) => setOnto(e.target.value)}>
          <option value="">The revision it ran</option>
          <option value={stateMachineArn}>The latest revision</option>
          {(versions.data?.stateMachineVersions ?? []).map((v) => (
            <option key={v.stateMachineVersionArn} value={v.stateMachineVersionArn}>
              Version {v.stateMachineVersionArn.split(':').pop()}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p className="error-box" data-testid="fork-error">
          {error}
        </p>
      )}
      <ModalActions
        onCancel={onClose}
        onAction={() => void run()}
        disabled={inputProblem !== undefined || variablesProblem !== undefined || busy}
      >
        Run from here
      </ModalActions>
    </Modal>
  );
}
