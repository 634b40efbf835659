import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  InvalidArn,
  ListExecutionsCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StateMachineDoesNotExist,
  StateMachineTypeNotSupported,
} from '@aws-sdk/client-sfn';
import { type Api, PASS_CHAIN, ROLE, rejection, startApi } from './harness.ts';

const FAILING = JSON.stringify({
  StartAt: 'Boom',
  States: { Boom: { Type: 'Fail', Error: 'Custom.Error', Cause: 'it broke' } },
});

describe('EXPRESS machines and StartSyncExecution through @aws-sdk/client-sfn', () => {
  let api: Api;
  let express: string;
  let failing: string;
  let standard: string;
  before(async () => {
    api = await startApi();
    const make = async (name: string, definition: string, type: 'STANDARD' | 'EXPRESS'): Promise<string> =>
      (await api.client.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE, type })))
        .stateMachineArn!;
    express = await make('fast', PASS_CHAIN, 'EXPRESS');
    failing = await make('fast-fail', FAILING, 'EXPRESS');
    standard = await make('slow', PASS_CHAIN, 'STANDARD');
  });
  after(async () => {
    await api.close();
  });

  test('a sync execution answers with its result and billing details', async () => {
    const before = Date.now();
    const out = await api.client.send(
      new StartSyncExecutionCommand({ stateMachineArn: express, name: 'one', input: '{"a": 1}' }),
    );
    assert.equal(out.status, 'SUCCEEDED');
    assert.match(
      out.executionArn ?? '',
      /^arn:aws:states:us-east-1:123456789012:express:fast:one:[0-9a-f-]{36}$/,
    );
    assert.equal(out.stateMachineArn, express);
    assert.equal(out.name, 'one');
    assert.equal(out.input, '{"a":1}');
    assert.deepEqual(out.inputDetails, { included: true });
    assert.deepEqual(JSON.parse(out.output ?? ''), { a: 1, first: { greeting: 'hello' } });
    assert.ok(out.startDate!.getTime() >= before - 1000);
    assert.ok(out.stopDate!.getTime() >= out.startDate!.getTime());
    assert.equal(out.billingDetails?.billedMemoryUsedInMB, 64);
    assert.ok((out.billingDetails?.billedDurationInMilliseconds ?? 0) >= 100);
    assert.equal((out.billingDetails?.billedDurationInMilliseconds ?? 0) % 100, 0);
    // Names of express executions may repeat.
    const again = await api.client.send(
      new StartSyncExecutionCommand({ stateMachineArn: express, name: 'one' }),
    );
    assert.notEqual(again.executionArn, out.executionArn);
  });

  test('a sync execution started without a name gets a UUID, the name in its ARN', async () => {
    const out = await api.client.send(new StartSyncExecutionCommand({ stateMachineArn: express }));
    const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
    assert.match(out.name ?? '', new RegExp(`^${uuid}$`));
    assert.match(
      out.executionArn ?? '',
      new RegExp(`^${express.replace('stateMachine', 'express')}:${out.name}:${uuid}$`),
    );
  });

  test('a failed sync execution is still a 200 with error and cause', async () => {
    const out = await api.client.send(new StartSyncExecutionCommand({ stateMachineArn: failing }));
    assert.equal(out.status, 'FAILED');
    assert.equal(out.error, 'Custom.Error');
    assert.equal(out.cause, 'it broke');
    assert.equal(out.output, undefined);
  });

  test('STANDARD machines refuse StartSyncExecution; unknown machines do not exist', async () => {
    const wrong = await rejection(
      api.client.send(new StartSyncExecutionCommand({ stateMachineArn: standard })),
    );
    assert.ok(wrong instanceof StateMachineTypeNotSupported);
    const none = await rejection(
      api.client.send(new StartSyncExecutionCommand({ stateMachineArn: `${standard}-none` })),
    );
    assert.ok(none instanceof StateMachineDoesNotExist);
  });

  test('async express executions run but are not kept for Describe, List or History', async () => {
    const started = await api.client.send(new StartExecutionCommand({ stateMachineArn: express }));
    assert.match(started.executionArn ?? '', /:express:fast:/);
    for (const call of [
      api.client.send(new DescribeExecutionCommand({ executionArn: started.executionArn! })),
      api.client.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn! })),
    ]) {
      const error = await rejection(call);
      assert.ok(error instanceof InvalidArn);
      assert.equal(error.message, "Invalid Arn: 'Resource type not valid in this context: express'");
    }
    const list = await rejection(api.client.send(new ListExecutionsCommand({ stateMachineArn: express })));
    assert.ok(list instanceof StateMachineTypeNotSupported);
  });
});
