// The review before saving: what changes (a line diff of the definition), and for a new state
// machine its name, type and role; publish a version with a description if wanted.
import { useState } from 'react';
import type { DiffLine } from './line-diff.ts';
import { lineDiff } from './line-diff.ts';
import { Modal, ModalActions } from '../components/Modal.tsx';

export interface SaveRequest {
  readonly name: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly roleArn: string;
  readonly publish: boolean;
  readonly versionDescription: string;
}

/** Unchanged runs longer than this fold to one line, keeping a little context on each side. */
const CONTEXT = 3;

function folded(diff: readonly DiffLine[]): (DiffLine | { kind: 'fold'; count: number })[] {
  const out: (DiffLine | { kind: 'fold'; count: number })[] = [];
  let run: DiffLine[] = [];
  const flush = (last: boolean): void => {
    const head = out.length === 0 ? 0 : CONTEXT;
    const tail = last ? 0 : CONTEXT;
    if (run.length > head + tail + 1) {
      out.push(
        ...run.slice(0, head),
        { kind: 'fold', count: run.length - head - tail },
        ...run.slice(run.length - tail),
      );
    } else out.push(...run);
    run = [];
  };
  for (const line of diff) {
    if (line.kind === 'same') run.push(line);
    else {
      flush(false);
      out.push(line);
    }
  }
  flush(true);
  return out;
}

export function SaveDialog({
  before,
  after,
  isNew,
  busy,
  error,
  onSave,
  onClose,
}: {
  before: string;
  after: string;
  isNew: boolean;
  busy: boolean;
  error: string | undefined;
  onSave: (request: SaveRequest) => void;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [type, setType] = useState<'STANDARD' | 'EXPRESS'>('STANDARD');
  const [roleArn, setRoleArn] = useState('arn:aws:iam::123456789012:role/StepFunctions-studio');
  const [publish, setPublish] = useState(false);
  const [versionDescription, setVersionDescription] = useState('');
  const lines = folded(lineDiff(before, after));
  const valid = !isNew || /^[A-Za-z0-9_-]{1,80}$/.test(name);
  return (
    <Modal label="Save state machine" onClose={onClose} wide>
      <h2>{isNew ? 'Create state machine' : 'Save changes'}</h2>
      {isNew && (
        <div className="insp-row">
          <label className="field">
            <span>Name</span>
            <input value={name} onChange={(event) => setName(event.target.value)} placeholder="my-workflow" />
          </label>
          <label className="field">
            <span>Type</span>
            <select value={type} onChange={(event) => setType(event.target.value as 'STANDARD' | 'EXPRESS')}>
              <option value="STANDARD">Standard</option>
              <option value="EXPRESS">Express</option>
            </select>
          </label>
        </div>
      )}
      {isNew && (
        <label className="field">
          <span>IAM role ARN</span>
          <input value={roleArn} onChange={(event) => setRoleArn(event.target.value)} />
        </label>
      )}
      <h3>Definition changes</h3>
      <pre className="diff" data-testid="save-diff">
        {lines.map((line, i) =>
          line.kind === 'fold' ? (
            <div key={i} className="diff-fold">
              … {line.count} unchanged lines
            </div>
          ) : (
            <div key={i} className={`diff-${line.kind}`}>
              {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
              {line.text}
            </div>
          ),
        )}
      </pre>
      <label className="insp-check">
        <input type="checkbox" checked={publish} onChange={(event) => setPublish(event.target.checked)} />
        Publish a version
      </label>
      {publish && (
        <label className="field">
          <span>Version description</span>
          <input value={versionDescription} onChange={(event) => setVersionDescription(event.target.value)} />
        </label>
      )}
      {error && <p className="error-box">{error}</p>}
      <ModalActions
        onCancel={onClose}
        onAction={() => onSave({ name, type, roleArn, publish, versionDescription })}
        disabled={busy || !valid}
      >
        {isNew ? 'Create' : 'Save'}
      </ModalActions>
    </Modal>
  );
}
