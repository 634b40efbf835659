// A Stepwise API whose DynamoDB and S3 calls go to real local implementations started for the test
// (dynalite, s3rver: aws-stand-ins.ts), with a table `orders` (pk, sk) and a bucket made ready.
import { after, before } from 'node:test';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { Api } from '../api/harness.ts';
import { startApi } from '../api/harness.ts';
import type { StandIn } from './aws-stand-ins.ts';
import { LOCAL_CREDENTIALS, startDynalite, startS3rver } from './aws-stand-ins.ts';

export const TABLE = 'orders';
export const BUCKET = 'stepwise-files';

export interface LocalDynamo {
  readonly dynamo: StandIn;
  /** A client of the stand-in, to look at what the tasks did. */
  readonly ddb: DynamoDBClient;
  readonly api: Api;
  close(): Promise<void>;
}

export interface LocalS3 {
  readonly s3: StandIn;
  readonly s3Client: S3Client;
  readonly api: Api;
  close(): Promise<void>;
}

const client = { region: 'us-east-1', credentials: LOCAL_CREDENTIALS };

export async function startLocalDynamo(): Promise<LocalDynamo> {
  const dynamo = await startDynalite();
  const ddb = new DynamoDBClient({ ...client, endpoint: dynamo.endpoint });
  await ddb.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const api = await startApi({
    aws: { endpoints: { dynamodb: dynamo.endpoint }, credentials: LOCAL_CREDENTIALS },
  });
  return {
    dynamo,
    ddb,
    api,
    close: async () => {
      await api.close();
      ddb.destroy();
      await dynamo.close();
    },
  };
}

export async function startLocalS3(): Promise<LocalS3> {
  const s3 = await startS3rver();
  const s3Client = new S3Client({ ...client, endpoint: s3.endpoint, forcePathStyle: true });
  await s3Client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const api = await startApi({ aws: { endpoints: { s3: s3.endpoint }, credentials: LOCAL_CREDENTIALS } });
  return {
    s3,
    s3Client,
    api,
    close: async () => {
      await api.close();
      s3Client.destroy();
      await s3.close();
    },
  };
}

/** A part started before a test file's tests and closed after them. */
function forTests<T extends { close(): Promise<void> }>(start: () => Promise<T>): T {
  const started = {} as T;
  before(async () => {
    Object.assign(started, await start());
  });
  after(() => started.close());
  return started;
}

export const localDynamoForTests = (): LocalDynamo => forTests(startLocalDynamo);
export const localS3ForTests = (): LocalS3 => forTests(startLocalS3);
