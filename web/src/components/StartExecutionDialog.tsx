// StartExecution with a JSON input editor: the input is parsed as it is typed and the Start
// button stays disabled until it is valid JSON (the API would answer InvalidExecutionInput).
import { useState } from 'react';
import { errorText, sfn } from '../api/client.ts';
import { JsonView } from './JsonView.tsx';
import { Modal, ModalActions } from './Modal.tsx';

function inputProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

interface SyncResult {
  status: string;
  output?: string;
  error?: string;
  cause?: string;
}

export function StartExecutionDialog({
  stateMachineArn,
  express = false,
  initialInput,
  onClose,
  onStarted,
}: {
  stateMachineArn: string;
  /** Express executions are not kept (as on AWS): run them with StartSyncExecution and show the result here. */
  express?: boolean;
  initialInput?: string;
  onClose: () => void;
  onStarted: (executionArn: string) => void;
}) {
  const [name, setName] = useState('');
  const [input, setInput] = useState(initialInput ?? '{\n  "Comment": "Insert your JSON here"\n}');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SyncResult>();
  const problem = inputProblem(input);

  const start = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    const request = { stateMachineArn, input, ...(name.trim() ? { name: name.trim() } : {}) };
    try {
      if (express) {
        setResult(await sfn<SyncResult>('StartSyncExecution', request));
        setBusy(false);
        return;
      }
      const started = await sfn<{ executionArn: string }>('StartExecution', request);
      onStarted(started.executionArn);
    } catch (caught) {
      setError(errorText(caught));
      setBusy(false);
    }
  };

  return (
    <Modal label="Start execution" onClose={onClose}>
      <h2>Start execution</h2>
      <label className="field">
        <span>Name (optional)</span>
        <input
          value={name}
          placeholder="A unique name, or leave empty for a generated one"
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <label className="field">
        <span>Input (JSON)</span>
        <textarea
          className={`code-input${problem ? ' invalid' : ''}`}
          data-testid="execution-input"
          spellCheck={false}
          rows={12}
          value={input}
          onChange={(event) => setInput(event.target.value)}
        />
      </label>
      {problem && (
        <p className="field-error" data-testid="input-error">
          Invalid JSON: {problem}
        </p>
      )}
      {error && <p className="error-box">{error}</p>}
      {result && (
        <div className="sync-result" data-testid="sync-result">
          <h3>
            Result:{' '}
            <span className={`status-word status-${result.status.toLowerCase()}`}>{result.status}</span>
          </h3>
          {result.error !== undefined && (
            <div className="error-detail">
              <div className="error-name">{result.error}</div>
              {result.cause !== undefined && <JsonView text={result.cause} />}
            </div>
          )}
          {result.output !== undefined && <JsonView text={result.output} />}
        </div>
      )}
      <ModalActions onCancel={onClose} onAction={() => void start()} disabled={problem !== undefined || busy}>
        Start execution
      </ModalActions>
    </Modal>
  );
}
