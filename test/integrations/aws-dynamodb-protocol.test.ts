// DynamoDB calls no local implementation answers, on a signed JSON 1.0 loopback server: the signed
// request and its parameters, and a throttle retried by the state's Retry (not by the SDK).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ROLE, startApi } from '../api/harness.ts';
import { startProtocolServer } from '../support/aws-protocol-server.ts';
import { historyOf, settled } from './support.ts';
import { ddbTask, failure, run, sdkTask } from './aws-support.ts';

const TABLE = 'orders';

describe('DynamoDB calls no local implementation answers (a signed JSON 1.0 loopback server)', () => {
  const credentials = { accessKeyId: 'AKIDSTEPWISE', secretAccessKey: 'local-secret' };

  it('aws-sdk:dynamodb:transactWriteItems sends a signed request with the PascalCase parameters', async () => {
    const server = await startProtocolServer(credentials, () => ({ status: 200, body: {} }));
    const target = await startApi({ aws: { endpoints: { dynamodb: server.endpoint }, credentials } });
    try {
      const items = [
        { Put: { TableName: TABLE, Item: { pk: { S: 'p' }, sk: { S: '1' } } } },
        { Delete: { TableName: TABLE, Key: { pk: { S: 'p' }, sk: { S: '0' } } } },
      ];
      const { description, output } = await run(target, [
        { resource: sdkTask('dynamodb', 'transactWriteItems'), parameters: { TransactItems: items } },
      ]);
      assert.equal(description.status, 'SUCCEEDED', description.cause);
      assert.deepEqual(output['r0'], {});
      assert.equal(server.requests.length, 1);
      const [request] = server.requests;
      assert.equal(request!.target, 'DynamoDB_20120810.TransactWriteItems');
      assert.equal(request!.signatureError, undefined);
      assert.match(request!.scope!, /^\d{8}\/us-east-1\/dynamodb\/aws4_request$/);
      assert.deepEqual(request!.body['TransactItems'], items);
      // The SDK adds the idempotency token the model marks, as AWS's own SDK does.
      assert.equal(typeof request!.body['ClientRequestToken'], 'string');
    } finally {
      await target.close();
      await server.close();
    }
  });

  it('a throttled call fails with AWS’s name and is retried by the state’s Retry, not by the SDK', async () => {
    const server = await startProtocolServer(credentials, (req) =>
      req.target.endsWith('.GetItem') && server.requests.length === 1
        ? {
            status: 400,
            body: {
              __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
              message: 'The level of configured provisioned throughput for the table was exceeded.',
            },
          }
        : { status: 200, body: { Item: { pk: { S: 'p' } } } },
    );
    const target = await startApi({ aws: { endpoints: { dynamodb: server.endpoint }, credentials } });
    try {
      const { stateMachineArn } = await target.client.send(
        new CreateStateMachineCommand({
          name: 'throttled',
          roleArn: ROLE,
          definition: JSON.stringify({
            StartAt: 'Get',
            States: {
              Get: {
                Type: 'Task',
                Resource: ddbTask('getItem'),
                Parameters: { TableName: TABLE, Key: { pk: { S: 'p' } } },
                Retry: [
                  {
                    ErrorEquals: ['DynamoDB.ProvisionedThroughputExceededException'],
                    IntervalSeconds: 1,
                    MaxAttempts: 2,
                    BackoffRate: 1,
                  },
                ],
                End: true,
              },
            },
          }),
        }),
      );
      const { executionArn } = await target.client.send(
        new StartExecutionCommand({ stateMachineArn, input: '{}' }),
      );
      const description = await settled(target, executionArn!);
      assert.equal(description.status, 'SUCCEEDED', description.cause);
      assert.deepEqual((JSON.parse(description.output!) as { Item: unknown }).Item, { pk: { S: 'p' } });
      assert.equal(server.requests.length, 2, 'one call per attempt of the state');
      const failed = failure(await historyOf(target, executionArn!));
      assert.equal(failed.error, 'DynamoDB.ProvisionedThroughputExceededException');
      assert.match(
        failed.cause!,
        /Status Code: 400; Error Code: ProvisionedThroughputExceededException; Request ID: req-1;/,
      );
    } finally {
      await target.close();
      await server.close();
    }
  });
});
