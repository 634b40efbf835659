// A distributed Map against s3rver, through the API with @aws-sdk/client-sfn: a bucket, the
// API harness pointed at it, and a way to run one Map state and read what it recorded.
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { gzipSync } from 'node:zlib';
import type { Api } from '../api/harness.ts';
import { ROLE, startApi } from '../api/harness.ts';
import type { StandIn } from '../support/aws-stand-ins.ts';
import { LOCAL_CREDENTIALS, startS3rver } from '../support/aws-stand-ins.ts';
import { historyOf, settled } from '../integrations/support.ts';

export const BUCKET = 'map-data';

export interface S3Setup {
  readonly api: Api;
  readonly s3: S3Client;
  put(key: string, body: string | Buffer): Promise<void>;
  get(key: string): Promise<string>;
  close(): Promise<void>;
}

export async function startS3Setup(): Promise<S3Setup> {
  const server: StandIn = await startS3rver();
  const s3 = new S3Client({
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    endpoint: server.endpoint,
    forcePathStyle: true,
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const api = await startApi({ aws: { endpoints: { s3: server.endpoint }, credentials: LOCAL_CREDENTIALS } });
  return {
    api,
    s3,
    put: async (key, body) => {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    },
    get: async (key) => {
      const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      return out.Body!.transformToString();
    },
    close: async () => {
      await api.close();
      s3.destroy();
      await server.close();
    },
  };
}

export const gzip = (text: string): Buffer => gzipSync(text);

let n = 0;

/** A machine that starts at `map` (a Map state; others in `top.States`), run with `input`; its end and history. */
export async function runMap(
  api: Api,
  map: Record<string, unknown>,
  input: unknown,
  top: Record<string, unknown> = {},
) {
  const { stateMachineArn } = await api.client.send(
    new CreateStateMachineCommand({
      name: `dmap-${++n}`,
      roleArn: ROLE,
      definition: JSON.stringify({
        ...top,
        StartAt: 'MapState',
        // `map` may name its Next among `top.States`.
        States: {
          MapState: { ...('Next' in map ? {} : { End: true }), ...map },
          ...(top['States'] as object),
        },
      }),
    }),
  );
  const { executionArn } = await api.client.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
  );
  const description = await settled(api, executionArn!);
  const events = await historyOf(api, executionArn!);
  return {
    description,
    events,
    output: description.output === undefined ? undefined : (JSON.parse(description.output) as unknown),
    types: events.map((e: HistoryEvent) => e.type),
  };
}

/** A DISTRIBUTED processor of one Pass state (or `states`). */
export const distributed = (states: Record<string, unknown> = { Pass: { Type: 'Pass', End: true } }) => ({
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: Object.keys(states)[0],
  States: states,
});

export const getObject = 'arn:aws:states:::s3:getObject';
export const listObjectsV2 = 'arn:aws:states:::s3:listObjectsV2';
