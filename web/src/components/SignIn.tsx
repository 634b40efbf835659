// Signing in to a server that requires AWS Signature V4: the console asks for a configured key
// pair once per tab and signs every call with it (api/sigv4.ts), as the AWS CLI would.
import type { FormEvent } from 'react';
import { useState, useSyncExternalStore } from 'react';
import { errorText, sfn } from '../api/client.ts';
import { onSessionChange, signIn, signingSession, signInRequired, signOut } from '../api/session.ts';
import { canSign } from '../api/sigv4.ts';
import { Modal } from './Modal.tsx';

/** Re-renders on sign-in, sign-out and when the server first refuses an unsigned call. */
export function useSigning(): { signedInAs: string | undefined; required: boolean } {
  const signedInAs = useSyncExternalStore(onSessionChange, () => signingSession()?.accessKeyId);
  const required = useSyncExternalStore(onSessionChange, signInRequired);
  return { signedInAs, required };
}

export function SignInDialog() {
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secretAccessKey, setSecretAccessKey] = useState('');
  const [region, setRegion] = useState('us-east-1');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const session = { accessKeyId: accessKeyId.trim(), secretAccessKey, region: region.trim() };
    try {
      // The key pair is kept only once the server accepts a call signed with it.
      await sfn('ListStateMachines', { maxResults: 1 }, session);
      signIn(session);
      // Every view loads again, now signed.
      window.location.reload();
    } catch (caught) {
      setError(errorText(caught));
      setBusy(false);
    }
  };

  return (
    <Modal label="Sign in" testId="sign-in" onSubmit={(event) => void submit(event)}>
      <h2>Sign in</h2>
      <p>
        This server requires signed requests (AWS Signature Version 4). Enter one of its configured key pairs:
        the console keeps it in this tab only and signs each call with it.
      </p>
      {!canSign() && (
        <p className="error-box">
          This browser can sign only on a secure page: open the console over https, or on localhost.
        </p>
      )}
      <Field label="Access key ID" name="accessKeyId" value={accessKeyId} onChange={setAccessKeyId} />
      <Field
        label="Secret access key"
        name="secretAccessKey"
        type="password"
        value={secretAccessKey}
        onChange={setSecretAccessKey}
      />
      <Field label="Region" name="region" value={region} onChange={setRegion} />
      {error && (
        <p className="error-box" data-testid="sign-in-error">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !canSign()}>
          Sign in
        </button>
      </div>
    </Modal>
  );
}

function Field(props: {
  label: string;
  name: string;
  type?: 'password';
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        name={props.name}
        type={props.type}
        // A key pair is not a site password for the browser to offer to save.
        autoComplete="off"
        required
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </label>
  );
}

/** The top bar's account corner: who signs, and a way to forget the key pair. */
export function SignedIn({ accessKeyId }: { accessKeyId: string }) {
  return (
    <span className="signed-in">
      <span data-testid="signed-in-as">{accessKeyId}</span>
      <button
        type="button"
        className="btn"
        onClick={() => {
          signOut();
          // Nothing signed stays on screen; the next call asks to sign in again.
          window.location.reload();
        }}
      >
        Sign out
      </button>
    </span>
  );
}
