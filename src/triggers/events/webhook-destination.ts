import type { Clock } from '../../engine/index.ts';
import type { Destination, Send, Webhook } from './webhook-outbox.ts';
import { SIGNATURE_HEADER, signDelivery } from './webhook-signature.ts';

const TIMEOUT_MS = 10_000;

const fetchSend: Send = async (url, headers, body) => {
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  await res.arrayBuffer();
  return res.status;
};

/** A webhook as a destination: a signed POST, 2xx for delivered. */
export function webhookDestination(hook: Webhook, clock: Clock, send: Send = fetchSend): Destination {
  return {
    name: hook.name,
    // Webhooks take status changes only (not the events workflows send to the local buses).
    accepts: (event, { stateMachine }) =>
      stateMachine !== undefined &&
      (!hook.statuses || hook.statuses.includes(String(event.detail['status']))) &&
      (!hook.stateMachines ||
        hook.stateMachines.some((m) => m === stateMachine.name || m === stateMachine.stateMachineArn)),
    async deliver(body, key) {
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'User-Agent': 'Stepwise-Webhook',
        'X-Stepwise-Event-Key': key,
      };
      if (hook.secret)
        headers[SIGNATURE_HEADER] = signDelivery(hook.secret, body, Math.floor(clock.now() / 1000));
      const code = await send(hook.url, headers, body);
      return code >= 200 && code <= 299 ? undefined : `HTTP ${code}`;
    },
  };
}
