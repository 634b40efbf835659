import type { Batch, MessageRow, WakeUp } from '../store.ts';
import type { Statement } from './driver.ts';

/** The one channel servers sharing a PostgreSQL store wake each other on (LISTEN/NOTIFY). */
export const WAKE_CHANNEL = 'stepwise_wake';

/**
 * `m:<execution ARN>` wakes the owner of that execution for its messages (`r:<row as JSON>` with
 * the message itself, when it fits); `claims`, every claim loop; `e:<ARN> <ARN>…`, the waiters
 * for the ends of those executions.
 */
export type WakePayload = 'claims' | `m:${string}` | `r:${string}` | `e:${string}`;

/** PostgreSQL refuses payloads of 8,000 bytes or more. */
const MAX_PAYLOAD = 7_900;

/**
 * NOTIFY statements for a transaction: PostgreSQL delivers them when (and only if) it commits, so a
 * server woken up always finds what woke it. SQLite serves one server: nobody to wake.
 */
export function wakeStatements(
  dialect: 'sqlite' | 'postgres',
  payloads: readonly WakePayload[],
): Statement[] {
  if (dialect !== 'postgres') return [];
  return [...new Set(payloads)].map((p) => ({ sql: 'SELECT pg_notify(?, ?)', params: [WAKE_CHANNEL, p] }));
}

/** The wake-ups a batch sends: one per execution it wrote messages for, and claims if asked. */
export function batchWakes(batch: Batch): WakePayload[] {
  const out = (batch.messages ?? []).map((m): WakePayload => {
    const row: WakePayload = `r:${JSON.stringify(m)}`;
    return Buffer.byteLength(row) < MAX_PAYLOAD ? row : `m:${m.executionArn}`;
  });
  if (batch.wakeClaims) out.push('claims');
  // ARNs hold no space: one list per notification, as long as one may be.
  let ended = '';
  for (const arn of batch.wakeEnded ?? []) {
    if (ended !== '' && Buffer.byteLength(ended) + arn.length + 1 >= MAX_PAYLOAD) {
      out.push(`e:${ended}`);
      ended = '';
    }
    ended = ended === '' ? arn : `${ended} ${arn}`;
  }
  if (ended !== '') out.push(`e:${ended}`);
  return out;
}

/** A payload read back (anything else on the channel is not ours: undefined). */
export function parseWake(payload: string | undefined): WakeUp | undefined {
  if (payload === 'claims') return { kind: 'claims' };
  if (payload?.startsWith('m:')) return { kind: 'message', executionArn: payload.slice(2) };
  if (payload?.startsWith('e:')) return { kind: 'ended', executionArns: payload.slice(2).split(' ') };
  if (payload?.startsWith('r:')) {
    const message = JSON.parse(payload.slice(2)) as MessageRow;
    return { kind: 'message', executionArn: message.executionArn, message };
  }
  return undefined;
}
