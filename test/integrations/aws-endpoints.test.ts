// Where AWS calls go: a client package to install, no endpoint and no credentials (a clear failure
// at once), and AWS_ENDPOINT_URL_<SERVICE> pointing a service at a local stand-in (dynalite).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startApi } from '../api/harness.ts';
import { TABLE, localDynamoForTests } from '../support/aws-local-services.ts';
import { failure, inBareAwsEnvironment, run, sdkTask } from './aws-support.ts';

const local = localDynamoForTests();

describe('where AWS calls go', () => {
  it('a service whose client package is not installed fails with the package to install', async () => {
    const { events } = await run(local.api, [
      {
        resource: sdkTask('kinesis', 'putRecord'),
        parameters: { StreamName: 'clicks', PartitionKey: 'k', Data: 'aGk=' },
      },
    ]);
    assert.match(failure(events).cause!, /npm install @aws-sdk\/client-kinesis/);
  });

  it('with no endpoint and no credentials a task fails at once, naming the settings to add', async () => {
    await inBareAwsEnvironment({}, async () => {
      const bare = await startApi({});
      try {
        const started = Date.now();
        const { description, events } = await run(bare, [
          { resource: sdkTask('dynamodb', 'listTables'), parameters: {} },
        ]);
        assert.ok(Date.now() - started < 5000, 'no long wait');
        assert.equal(description.status, 'FAILED');
        const failed = failure(events);
        assert.equal(failed.error, 'States.TaskFailed');
        assert.match(failed.cause!, /integrations\.aws\.endpoints\.dynamodb/);
        assert.match(failed.cause!, /AWS_ENDPOINT_URL_DYNAMODB/);
        assert.match(failed.cause!, /integrations\.aws\.credentials/);
      } finally {
        await bare.close();
      }
    });
  });

  it('AWS_ENDPOINT_URL_<SERVICE> points a service at a stand-in; any credentials are then taken', async () => {
    await inBareAwsEnvironment({ AWS_ENDPOINT_URL_DYNAMODB: local.dynamo.endpoint }, async () => {
      const viaEnv = await startApi({});
      try {
        const { description, output } = await run(viaEnv, [
          { resource: sdkTask('dynamodb', 'listTables'), parameters: {} },
        ]);
        assert.equal(description.status, 'SUCCEEDED', description.cause);
        assert.ok((output['r0']!['TableNames'] as string[]).includes(TABLE));
      } finally {
        await viaEnv.close();
      }
    });
  });
});
