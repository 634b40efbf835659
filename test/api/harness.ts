import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { createApiHandler } from '../../src/api/index.ts';
import { Engine, type Entropy } from '../../src/engine/index.ts';
import type { IntegrationSettings } from '../../src/integrations/index.ts';
import { Integrations } from '../../src/integrations/drivers.ts';
import { systemClock, systemEntropy } from '../../src/server/index.ts';
import { engineExecutions } from '../../src/server/index.ts';
import { sdkClient } from '../support/sdk-client.ts';

export const ROLE = 'arn:aws:iam::123456789012:role/stepwise';

export const PASS_CHAIN = JSON.stringify({
  StartAt: 'First',
  States: {
    First: { Type: 'Pass', Result: { greeting: 'hello' }, ResultPath: '$.first', Next: 'Second' },
    Second: { Type: 'Pass', End: true },
  },
});

export const WAIT_5S = JSON.stringify({
  StartAt: 'Sleep',
  States: { Sleep: { Type: 'Wait', Seconds: 5, End: true } },
});

export interface Api {
  readonly endpoint: string;
  readonly client: SFNClient;
  readonly engine: Engine;
  readonly integrations: Integrations;
  /** A raw JSON 1.0 call, for what the SDK would refuse to send. */
  call(
    target: string | undefined,
    body: string | Uint8Array,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** A real node:http server on port 0 with the API handler, and an SDK client pointed at it. */
export async function startApi(
  settings: IntegrationSettings = {},
  entropy: Entropy = systemEntropy,
): Promise<Api> {
  const integrations = new Integrations({ ...settings, region: 'us-east-1', account: '123456789012' });
  const engine = new Engine({
    clock: systemClock,
    entropy,
    tasks: integrations,
    activities: integrations.activities,
    callbacks: integrations.callbacks,
    region: 'us-east-1',
    account: '123456789012',
  });
  integrations.bindExecutions(engineExecutions(engine));
  const server = createServer(createApiHandler(engine));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = sdkClient(endpoint);
  return {
    endpoint,
    client,
    engine,
    integrations,
    async call(target, body, headers = {}) {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          ...(target === undefined ? {} : { 'x-amz-target': target }),
          ...headers,
        },
        body,
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, json: JSON.parse(text) as Record<string, unknown> };
    },
    async close() {
      client.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The exception an SDK call rejects with (fails the test if it resolves). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}
