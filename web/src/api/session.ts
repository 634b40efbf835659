// The key pair the console signs with, kept for this tab only: sessionStorage is cleared when the
// tab closes and is never sent to a server, unlike a cookie; nothing goes to localStorage.
import type { KeyPair } from './sigv4.ts';

const KEY = 'stepwise.signing';
const listeners = new Set<() => void>();
let refused = false;

export interface SigningSession extends KeyPair {
  readonly region: string;
}

export function signingSession(): SigningSession | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<SigningSession> | null;
    if (stored?.accessKeyId && stored.secretAccessKey && stored.region) return stored as SigningSession;
  } catch {
    // Storage blocked or damaged: sign in again.
  }
  return undefined;
}

export function signIn(session: SigningSession): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  refused = false;
  notify();
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  notify();
}

/**
 * Whether the server refused a call for want of a (valid) signature since the last sign-in: it
 * requires signing, or no longer accepts the key pair of this tab (keys rotated, clock skewed).
 */
export function signInRequired(): boolean {
  return refused;
}

/** Called by the API client when the server asks for a signature it did not get. */
export function markRefused(): void {
  if (refused) return;
  refused = true;
  notify();
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  for (const listener of listeners) listener();
}
