// Test the selected state through TestState: an input, optionally a mocked result, and the
// answer with the value after each stage of the data flow (DEBUG inspection).
import { useState } from 'react';
import { errorText, sfn } from '../../api/client.ts';
import type { JsonObject } from '../json-edit.ts';
import { inspectionStages, needsMock, testStateRequest } from '../test-request.ts';
import { Section } from './fields.tsx';

interface Answer {
  readonly status: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly nextState?: string;
  readonly inspectionData?: unknown;
}

export function TestPanel({ definition, state }: { definition: JsonObject; state: JsonObject }) {
  const [input, setInput] = useState('{}');
  const mustMock = needsMock(state);
  const [mock, setMock] = useState<string>();
  const [answer, setAnswer] = useState<Answer | { failure: string }>();
  const [busy, setBusy] = useState(false);
  const mocked = mustMock || mock !== undefined;
  const run = async (): Promise<void> => {
    setBusy(true);
    try {
      const request = testStateRequest(definition, state, {
        input,
        mockResult: mocked ? (mock ?? '{}') : undefined,
      });
      setAnswer(await sfn<Answer>('TestState', request));
    } catch (error) {
      setAnswer({ failure: errorText(error) });
    }
    setBusy(false);
  };
  return (
    <Section title="Test state">
      <div className="insp-field">
        <label htmlFor="studio-test-input">Input (JSON)</label>
        <textarea
          id="studio-test-input"
          className="code-input insp-json"
          rows={3}
          spellCheck={false}
          value={input}
          onChange={(event) => setInput(event.target.value)}
        />
      </div>
      {state.Type === 'Task' || mustMock ? (
        <label className="insp-check">
          <input
            type="checkbox"
            checked={mocked}
            disabled={mustMock}
            onChange={(event) => setMock(event.target.checked ? '{}' : undefined)}
          />
          Mock the result{mustMock ? ' (required for this state)' : ' instead of calling the service'}
        </label>
      ) : null}
      {mocked && (
        <div className="insp-field">
          <label htmlFor="studio-test-mock">Mocked result (JSON)</label>
          <textarea
            id="studio-test-mock"
            className="code-input insp-json"
            rows={2}
            spellCheck={false}
            value={mock ?? '{}'}
            onChange={(event) => setMock(event.target.value)}
          />
        </div>
      )}
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void run()}>
        {busy ? 'Testing…' : 'Test state'}
      </button>
      {answer && 'failure' in answer && <p className="error-box">{answer.failure}</p>}
      {answer && !('failure' in answer) && (
        <div className="test-answer" data-testid="test-answer">
          <p>
            <span className={`status-word status-${answer.status.toLowerCase()}`}>{answer.status}</span>
            {answer.nextState !== undefined && <span className="muted"> → next: {answer.nextState}</span>}
          </p>
          {answer.error !== undefined && (
            <p className="error-box">
              {answer.error}
              {answer.cause !== undefined ? `: ${answer.cause}` : ''}
            </p>
          )}
          <dl className="test-stages">
            {inspectionStages(answer.inspectionData).map(({ stage, value }) => (
              <div key={stage}>
                <dt>{stage}</dt>
                <dd>
                  <code>{value}</code>
                </dd>
              </div>
            ))}
            {answer.output !== undefined && (
              <div>
                <dt>state output</dt>
                <dd>
                  <code>{answer.output}</code>
                </dd>
              </div>
            )}
          </dl>
        </div>
      )}
    </Section>
  );
}
