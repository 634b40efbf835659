import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidExecutionInput,
  InvalidName,
  ListExecutionsCommand,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  ValidationException,
  paginateGetExecutionHistory,
  paginateListExecutions,
} from '@aws-sdk/client-sfn';
import { type Api, PASS_CHAIN, ROLE, WAIT_5S, rejection, startApi } from './harness.ts';

describe('executions through @aws-sdk/client-sfn', () => {
  let api: Api;
  let passArn: string;
  let waitArn: string;
  before(async () => {
    api = await startApi();
    const pass = await api.client.send(
      new CreateStateMachineCommand({ name: 'pass', definition: PASS_CHAIN, roleArn: ROLE }),
    );
    const wait = await api.client.send(
      new CreateStateMachineCommand({ name: 'wait', definition: WAIT_5S, roleArn: ROLE }),
    );
    passArn = pass.stateMachineArn!;
    waitArn = wait.stateMachineArn!;
  });
  after(async () => {
    await api.close();
  });

  test('start, describe and read the history of a Pass chain', async () => {
    const started = await api.client.send(
      new StartExecutionCommand({ stateMachineArn: passArn, name: 'run-1', input: '{"n": 1}' }),
    );
    const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:pass:run-1';
    assert.equal(started.executionArn, executionArn);
    assert.ok(started.startDate instanceof Date);
    await api.engine.waitForExecution(executionArn);

    const d = await api.client.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(d.executionArn, executionArn);
    assert.equal(d.stateMachineArn, passArn);
    assert.equal(d.name, 'run-1');
    assert.equal(d.status, 'SUCCEEDED');
    assert.equal(d.startDate?.getTime(), started.startDate.getTime());
    assert.ok(d.stopDate instanceof Date && d.stopDate.getTime() >= d.startDate.getTime());
    assert.deepEqual(JSON.parse(d.input ?? ''), { n: 1 });
    assert.deepEqual(d.inputDetails, { included: true });
    assert.deepEqual(JSON.parse(d.output ?? ''), { n: 1, first: { greeting: 'hello' } });
    assert.deepEqual(d.outputDetails, { included: true });
    assert.equal(d.redriveCount, 0);
    assert.equal(d.redriveStatus, 'NOT_REDRIVABLE');
    assert.equal(d.redriveStatusReason, 'Execution is SUCCEEDED and cannot be redriven');
    assert.equal(d.error, undefined);

    const history = await api.client.send(new GetExecutionHistoryCommand({ executionArn }));
    const events = history.events ?? [];
    assert.deepEqual(
      events.map((e) => e.type),
      [
        'ExecutionStarted',
        'PassStateEntered',
        'PassStateExited',
        'PassStateEntered',
        'PassStateExited',
        'ExecutionSucceeded',
      ],
    );
    assert.deepEqual(
      events.map((e) => e.id),
      [1, 2, 3, 4, 5, 6],
    );
    for (const e of events) {
      assert.ok(e.timestamp instanceof Date);
      assert.ok(Math.abs(e.timestamp.getTime() - started.startDate.getTime()) < 5_000);
    }
    assert.deepEqual(JSON.parse(events[0]?.executionStartedEventDetails?.input ?? ''), { n: 1 });
    assert.equal(events[0]?.executionStartedEventDetails?.roleArn, ROLE);
    assert.equal(events[1]?.stateEnteredEventDetails?.name, 'First');
    assert.equal(history.nextToken, undefined);

    const reversed = await api.client.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }),
    );
    assert.deepEqual(
      reversed.events?.map((e) => e.id),
      [6, 5, 4, 3, 2, 1],
    );

    const bare = await api.client.send(
      new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }),
    );
    const startedDetails = bare.events?.[0]?.executionStartedEventDetails;
    assert.equal(startedDetails?.input, undefined);
    assert.equal(startedDetails?.inputDetails, undefined);
    assert.equal(startedDetails?.roleArn, ROLE);
    assert.equal(bare.events?.[2]?.stateExitedEventDetails?.name, 'First');
    assert.equal(bare.events?.[2]?.stateExitedEventDetails?.output, undefined);
    assert.equal(bare.events?.[5]?.executionSucceededEventDetails?.output, undefined);

    // Pages of two, forwards and backwards, cover the history exactly once.
    for (const reverseOrder of [false, true]) {
      const ids: number[] = [];
      const pages = paginateGetExecutionHistory(
        { client: api.client, pageSize: 2 },
        { executionArn, reverseOrder },
      );
      for await (const page of pages) {
        assert.ok((page.events?.length ?? 0) <= 2);
        ids.push(...(page.events ?? []).map((e) => e.id ?? 0));
      }
      assert.deepEqual(ids, reverseOrder ? [6, 5, 4, 3, 2, 1] : [1, 2, 3, 4, 5, 6]);
    }
  });

  test('a name and input may be left out', async () => {
    const started = await api.client.send(new StartExecutionCommand({ stateMachineArn: passArn }));
    const d = await api.client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    assert.match(d.name ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(d.input, '{}');
  });

  test('stop a waiting execution', async () => {
    const started = await api.client.send(
      new StartExecutionCommand({ stateMachineArn: waitArn, name: 'to-stop' }),
    );
    const running = await api.client.send(
      new DescribeExecutionCommand({ executionArn: started.executionArn }),
    );
    assert.equal(running.status, 'RUNNING');
    assert.equal(running.stopDate, undefined);
    assert.equal(running.redriveStatusReason, 'Execution is RUNNING and cannot be redriven');

    const stopped = await api.client.send(
      new StopExecutionCommand({
        executionArn: started.executionArn,
        error: 'Manual',
        cause: 'no longer needed',
      }),
    );
    assert.ok(stopped.stopDate instanceof Date);
    const d = await api.client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    assert.equal(d.status, 'ABORTED');
    assert.equal(d.error, 'Manual');
    assert.equal(d.cause, 'no longer needed');
    assert.equal(d.stopDate?.getTime(), stopped.stopDate.getTime());
    assert.equal(d.output, undefined);

    const history = await api.client.send(
      new GetExecutionHistoryCommand({ executionArn: started.executionArn }),
    );
    const last = history.events?.at(-1);
    assert.equal(last?.type, 'ExecutionAborted');
    assert.equal(last?.executionAbortedEventDetails?.error, 'Manual');

    const aborted = await api.client.send(
      new ListExecutionsCommand({ stateMachineArn: waitArn, statusFilter: 'ABORTED' }),
    );
    assert.deepEqual(
      aborted.executions?.map((e) => e.name),
      ['to-stop'],
    );
  });

  test('list executions newest first, filtered and paged', async () => {
    const sm = await api.client.send(
      new CreateStateMachineCommand({ name: 'many', definition: PASS_CHAIN, roleArn: ROLE }),
    );
    const arns: string[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await api.client.send(
        new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn, name: `e${i}` }),
      );
      arns.push(s.executionArn!);
    }
    await Promise.all(arns.map((arn) => api.engine.waitForExecution(arn)));

    const all = await api.client.send(new ListExecutionsCommand({ stateMachineArn: sm.stateMachineArn }));
    const items = all.executions ?? [];
    assert.equal(items.length, 5);
    for (let i = 1; i < items.length; i++) {
      assert.ok(items[i - 1]!.startDate!.getTime() >= items[i]!.startDate!.getTime());
    }
    const item = items[0]!;
    assert.equal(item.stateMachineArn, sm.stateMachineArn);
    assert.equal(item.status, 'SUCCEEDED');
    assert.ok(item.stopDate instanceof Date);
    assert.equal(item.redriveCount, 0);

    const names: string[] = [];
    for await (const page of paginateListExecutions(
      { client: api.client, pageSize: 2 },
      { stateMachineArn: sm.stateMachineArn },
    )) {
      assert.ok((page.executions?.length ?? 0) <= 2);
      names.push(...(page.executions ?? []).map((e) => e.name ?? ''));
    }
    assert.deepEqual(
      names,
      items.map((e) => e.name),
    );

    const running = await api.client.send(
      new ListExecutionsCommand({ stateMachineArn: sm.stateMachineArn, statusFilter: 'RUNNING' }),
    );
    assert.deepEqual(running.executions, []);

    const badFilter = await rejection(
      api.client.send(
        new ListExecutionsCommand({
          stateMachineArn: sm.stateMachineArn,
          statusFilter: 'succeeded' as 'SUCCEEDED',
        }),
      ),
    );
    assert.ok(badFilter instanceof ValidationException);
    assert.equal(
      badFilter.message,
      "1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]",
    );
  });

  test('execution errors carry AWS exception classes', async () => {
    const missing = 'arn:aws:states:us-east-1:123456789012:stateMachine:missing';
    const noMachine = await rejection(
      api.client.send(new StartExecutionCommand({ stateMachineArn: missing })),
    );
    assert.ok(noMachine instanceof StateMachineDoesNotExist);
    assert.equal(noMachine.message, `State Machine Does Not Exist: '${missing}'`);

    const listMissing = await rejection(
      api.client.send(new ListExecutionsCommand({ stateMachineArn: missing })),
    );
    assert.ok(listMissing instanceof StateMachineDoesNotExist);

    // The state machine's existence is checked before the name's characters (measured on AWS).
    const order = await rejection(
      api.client.send(new StartExecutionCommand({ stateMachineArn: missing, name: 'a b' })),
    );
    assert.ok(order instanceof StateMachineDoesNotExist);
    const badName = await rejection(
      api.client.send(new StartExecutionCommand({ stateMachineArn: passArn, name: 'a b' })),
    );
    assert.ok(badName instanceof InvalidName);
    assert.equal(badName.message, "Invalid Name: 'a b'");

    const badInput = await rejection(
      api.client.send(new StartExecutionCommand({ stateMachineArn: passArn, input: '{nope' })),
    );
    assert.ok(badInput instanceof InvalidExecutionInput);
    assert.match(badInput.message, /^Invalid State Machine Execution Input: '/);

    const tooBig = await rejection(
      api.client.send(
        new StartExecutionCommand({ stateMachineArn: passArn, input: JSON.stringify('x'.repeat(262_144)) }),
      ),
    );
    assert.ok(tooBig instanceof ValidationException);
    assert.equal(
      tooBig.message,
      "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have size less than or equal to 262144 bytes in UTF-8 encoding",
    );

    await api.client.send(new StartExecutionCommand({ stateMachineArn: waitArn, name: 'dup', input: '{}' }));
    // Same name and input while running: the same execution again (idempotent for STANDARD).
    await api.client.send(new StartExecutionCommand({ stateMachineArn: waitArn, name: 'dup', input: '{}' }));
    const dup = await rejection(
      api.client.send(
        new StartExecutionCommand({ stateMachineArn: waitArn, name: 'dup', input: '{"other":1}' }),
      ),
    );
    assert.ok(dup instanceof ExecutionAlreadyExists);
    assert.equal(
      dup.message,
      "Execution Already Exists: 'arn:aws:states:us-east-1:123456789012:execution:wait:dup'",
    );
    await api.client.send(
      new StopExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:wait:dup' }),
    );

    const nowhere = 'arn:aws:states:us-east-1:123456789012:execution:pass:nowhere';
    for (const command of [
      new DescribeExecutionCommand({ executionArn: nowhere }),
      new GetExecutionHistoryCommand({ executionArn: nowhere }),
      new StopExecutionCommand({ executionArn: nowhere }),
    ]) {
      const error = await rejection(api.client.send(command as DescribeExecutionCommand));
      assert.ok(error instanceof ExecutionDoesNotExist, command.constructor.name);
      assert.equal(error.message, `Execution Does Not Exist: '${nowhere}'`);
    }

    const smAsExecution = await rejection(
      api.client.send(new DescribeExecutionCommand({ executionArn: passArn })),
    );
    assert.ok(smAsExecution instanceof InvalidArn);
    assert.equal(
      smAsExecution.message,
      "Invalid Arn: 'Resource type not valid in this context: stateMachine'",
    );
    const notArn = await rejection(
      api.client.send(new GetExecutionHistoryCommand({ executionArn: 'invalid_arn' })),
    );
    assert.ok(notArn instanceof InvalidArn);
    assert.equal(notArn.message, "Invalid Arn: 'Invalid ARN prefix: invalid_arn'");
    const startWithExecution = await rejection(
      api.client.send(
        new StartExecutionCommand({
          stateMachineArn: 'arn:aws:states:us-east-1:123456789012:execution:pass:x',
        }),
      ),
    );
    assert.equal(
      startWithExecution.message,
      "Invalid Arn: 'Resource type not valid in this context: execution'",
    );

    const longCause = await rejection(
      api.client.send(new StopExecutionCommand({ executionArn: nowhere, error: 'e'.repeat(257) })),
    );
    assert.ok(longCause instanceof ValidationException);
    assert.equal(
      longCause.message,
      "1 validation error detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256",
    );
  });
});
