// Real local implementations of AWS services, started by the tests on free loopback ports:
// dynalite (DynamoDB on an in-memory LevelDB), s3rver (S3 on a temporary directory) and
// local-aws-sqs (SQS in memory, AWS's JSON and query protocols).
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { createSqsServer } from 'local-aws-sqs';
import { onLoopback } from './loopback.ts';
import S3rver from 's3rver';

export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface StandIn {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** `createTableMs`: how long a new table stays CREATING (dynalite's default is 500 ms). */
export async function startDynalite({ createTableMs = 0 } = {}): Promise<StandIn> {
  // By default tables become ACTIVE at once, so a test need not wait for them.
  const { url, close } = await onLoopback(dynalite({ createTableMs, deleteTableMs: 0, updateTableMs: 0 }));
  return { endpoint: url, close };
}

export async function startS3rver(): Promise<StandIn> {
  const directory = await mkdtemp(join(tmpdir(), 'stepwise-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export async function startLocalSqs(): Promise<StandIn> {
  // Queue URLs follow the Host of each request, so port 0 is fine. Queues are usable at once.
  const server = await createSqsServer({ port: 0, hostname: '127.0.0.1', emulateLazyQueues: false });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
