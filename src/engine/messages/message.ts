import type { Doc } from '../../store/index.ts';

/**
 * What a server that does not drive an execution leaves in the store for the one that does
 * (MessageRow.data): the answer to a task token, or a stop. Written once the call is accepted,
 * applied by the execution's owner (message-inbox.ts).
 */
export type OwnerMessage =
  | { readonly kind: 'taskSuccess'; readonly taskToken: string; readonly output: string }
  | {
      readonly kind: 'taskFailure';
      readonly taskToken: string;
      readonly error?: string;
      readonly cause?: string;
    }
  | { readonly kind: 'taskHeartbeat'; readonly taskToken: string }
  | { readonly kind: 'stop'; readonly error?: string; readonly cause?: string };

const KINDS = new Set(['taskSuccess', 'taskFailure', 'taskHeartbeat', 'stop']);

/** A stored message read back; undefined for one this engine does not know (a newer server's). */
export function readMessage(data: Doc): OwnerMessage | undefined {
  const kind = data['kind'];
  if (typeof kind !== 'string' || !KINDS.has(kind)) return undefined;
  if (kind !== 'stop' && typeof data['taskToken'] !== 'string') return undefined;
  return data as unknown as OwnerMessage;
}
