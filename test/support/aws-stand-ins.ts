// Real local implementations of AWS services, started by the tests on free loopback ports:
// dynalite (DynamoDB on an in-memory LevelDB) and s3rver (S3 on a temporary directory).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { onLoopback } from './loopback.ts';
import S3rver from 's3rver';

export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface StandIn {
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function startDynalite(): Promise<StandIn> {
  // Tables become ACTIVE at once, so a test need not wait for them.
  const { url, close } = await onLoopback(dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }));
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
