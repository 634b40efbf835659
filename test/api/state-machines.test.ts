import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  InvalidArn,
  InvalidDefinition,
  InvalidName,
  ListStateMachinesCommand,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  ValidateStateMachineDefinitionCommand,
  StartExecutionCommand,
  ValidationException,
  paginateListStateMachines,
} from '@aws-sdk/client-sfn';
import { type Api, PASS_CHAIN, ROLE, rejection, startApi } from './harness.ts';

const ARN = (name: string): string => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;

describe('state machines through @aws-sdk/client-sfn', () => {
  let api: Api;
  before(async () => {
    api = await startApi();
  });
  after(async () => {
    await api.close();
  });

  test('create, describe, delete', async () => {
    const before = Date.now();
    const created = await api.client.send(
      new CreateStateMachineCommand({ name: 'orders', definition: PASS_CHAIN, roleArn: ROLE }),
    );
    assert.equal(created.stateMachineArn, ARN('orders'));
    assert.ok(created.creationDate instanceof Date);
    assert.ok(Math.abs(created.creationDate.getTime() - before) < 5_000);

    const described = await api.client.send(
      new DescribeStateMachineCommand({ stateMachineArn: ARN('orders') }),
    );
    assert.equal(described.name, 'orders');
    assert.equal(described.status, 'ACTIVE');
    assert.equal(described.definition, PASS_CHAIN);
    assert.equal(described.roleArn, ROLE);
    assert.equal(described.type, 'STANDARD');
    assert.equal(described.creationDate?.getTime(), created.creationDate.getTime());
    assert.deepEqual(described.loggingConfiguration, { level: 'OFF', includeExecutionData: false });
    assert.deepEqual(described.tracingConfiguration, { enabled: false });

    await api.client.send(new DeleteStateMachineCommand({ stateMachineArn: ARN('orders') }));
    const gone = await rejection(
      api.client.send(new DescribeStateMachineCommand({ stateMachineArn: ARN('orders') })),
    );
    assert.ok(gone instanceof StateMachineDoesNotExist);
    assert.equal(gone.message, `State Machine Does Not Exist: '${ARN('orders')}'`);
    assert.equal(gone.$metadata?.httpStatusCode, 400);
    // Deleting what is not there succeeds, as on AWS.
    await api.client.send(new DeleteStateMachineCommand({ stateMachineArn: ARN('orders') }));
  });

  test('describe reports the variables each state reads, and METADATA_ONLY leaves the definition out', async () => {
    const definition = JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'Remember',
      States: {
        Remember: { Type: 'Pass', Assign: { who: '{% $states.input.name %}' }, Next: 'Greet' },
        Greet: { Type: 'Pass', Output: '{% "hello " & $who & $suffix %}', End: true },
      },
    });
    const { stateMachineArn } = await api.client.send(
      new CreateStateMachineCommand({ name: 'greeter', definition, roleArn: ROLE }),
    );
    const full = await api.client.send(new DescribeStateMachineCommand({ stateMachineArn }));
    assert.equal(full.definition, definition);
    assert.deepEqual(full.variableReferences, { Greet: ['who', 'suffix'] });
    const metadata = await api.client.send(
      new DescribeStateMachineCommand({ stateMachineArn, includedData: 'METADATA_ONLY' }),
    );
    assert.equal(metadata.definition, '{}');
    assert.equal(metadata.variableReferences, undefined);
    assert.equal(metadata.roleArn, ROLE);
    const { executionArn } = await api.client.send(
      new StartExecutionCommand({ stateMachineArn, input: '{"name":"Ada"}' }),
    );
    const ran = await api.client.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    assert.deepEqual(ran.variableReferences, { Greet: ['who', 'suffix'] });
  });

  test('create is idempotent for the same request and conflicts otherwise', async () => {
    const input = { name: 'twice', definition: PASS_CHAIN, roleArn: ROLE };
    const first = await api.client.send(new CreateStateMachineCommand(input));
    const again = await api.client.send(new CreateStateMachineCommand(input));
    assert.equal(again.creationDate?.getTime(), first.creationDate?.getTime());
    const other = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Succeed' } } });
    const error = await rejection(
      api.client.send(new CreateStateMachineCommand({ ...input, definition: other })),
    );
    assert.ok(error instanceof StateMachineAlreadyExists);
    assert.equal(error.message, `State Machine Already Exists: '${ARN('twice')}'`);
  });

  test('logging and tracing configurations are kept', async () => {
    const logGroupArn = 'arn:aws:logs:us-east-1:123456789012:log-group:sfn:*';
    await api.client.send(
      new CreateStateMachineCommand({
        name: 'logged',
        definition: PASS_CHAIN,
        roleArn: ROLE,
        type: 'EXPRESS',
        loggingConfiguration: {
          level: 'ALL',
          includeExecutionData: true,
          destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }],
        },
        tracingConfiguration: { enabled: true },
      }),
    );
    const described = await api.client.send(
      new DescribeStateMachineCommand({ stateMachineArn: ARN('logged') }),
    );
    assert.equal(described.type, 'EXPRESS');
    assert.deepEqual(described.loggingConfiguration, {
      level: 'ALL',
      includeExecutionData: true,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }],
    });
    assert.deepEqual(described.tracingConfiguration, { enabled: true });
  });

  test('invalid definitions, names and ARNs', async () => {
    const bad = await rejection(
      api.client.send(
        new CreateStateMachineCommand({ name: 'bad', definition: '{"StartAt":"A"}', roleArn: ROLE }),
      ),
    );
    assert.ok(bad instanceof InvalidDefinition);
    assert.match(bad.message, /^Invalid State Machine Definition: '/);

    for (const name of ['has space', 'a/b', 'x:y', 'q?', 'tab\there', 'ctl\u0001']) {
      const error = await rejection(
        api.client.send(new CreateStateMachineCommand({ name, definition: PASS_CHAIN, roleArn: ROLE })),
      );
      assert.ok(error instanceof InvalidName, name);
      assert.equal(error.message, `Invalid Name: '${name}'`);
    }

    const long = 'n'.repeat(81);
    const tooLong = await rejection(
      api.client.send(new CreateStateMachineCommand({ name: long, definition: PASS_CHAIN, roleArn: ROLE })),
    );
    assert.ok(tooLong instanceof ValidationException);
    assert.equal(
      tooLong.message,
      `1 validation error detected: Value '${long}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    );

    const notArn = await rejection(
      api.client.send(new DescribeStateMachineCommand({ stateMachineArn: 'not_a_valid_arn' })),
    );
    assert.ok(notArn instanceof InvalidArn);
    assert.equal(notArn.message, "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'");

    const execution = 'arn:aws:states:us-east-1:123456789012:execution:orders:run';
    const wrongType = await rejection(
      api.client.send(new DescribeStateMachineCommand({ stateMachineArn: execution })),
    );
    assert.ok(wrongType instanceof InvalidArn);
    assert.equal(wrongType.message, "Invalid Arn: 'Resource type not valid in this context: execution'");
  });

  test('list pages through every state machine in name order', async () => {
    const names = ['page_0_x', 'page_1_x', 'page_10_x', 'page_2_x', 'page_11_x'];
    for (const name of names) {
      await api.client.send(new CreateStateMachineCommand({ name, definition: PASS_CHAIN, roleArn: ROLE }));
    }
    const first = await api.client.send(new ListStateMachinesCommand({ maxResults: 2 }));
    assert.equal(first.stateMachines?.length, 2);
    assert.ok(first.nextToken);

    const seen: string[] = [];
    for await (const page of paginateListStateMachines({ client: api.client, pageSize: 2 }, {})) {
      for (const sm of page.stateMachines ?? []) {
        seen.push(sm.name ?? '');
        assert.equal(sm.stateMachineArn, ARN(sm.name ?? ''));
        assert.ok(sm.creationDate instanceof Date);
        assert.ok(sm.type === 'STANDARD' || sm.type === 'EXPRESS');
      }
    }
    const expected = [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    assert.deepEqual(seen, expected);
    for (const name of names) assert.ok(seen.includes(name), name);
    // Code-unit order, as AWS lists: '_' sorts after digits.
    assert.ok(seen.indexOf('page_10_x') < seen.indexOf('page_1_x'));

    const tooMany = await rejection(api.client.send(new ListStateMachinesCommand({ maxResults: 1001 })));
    assert.ok(tooMany instanceof ValidationException);
    assert.equal(
      tooMany.message,
      "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
    const forged = await rejection(api.client.send(new ListStateMachinesCommand({ nextToken: 'forged' })));
    assert.equal(forged.name, 'InvalidToken');
  });

  test('a Task naming a service integration AWS does not have is refused by CreateStateMachine and Validate', async () => {
    const resource = 'arn:aws:states:::dynamodb:query';
    const definition = JSON.stringify({
      StartAt: 'Query',
      States: { Query: { Type: 'Task', Resource: resource, End: true } },
    });
    const message = `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`;
    const refused = await rejection(
      api.client.send(
        new CreateStateMachineCommand({ name: 'unknown-integration', definition, roleArn: ROLE }),
      ),
    );
    assert.ok(refused instanceof InvalidDefinition);
    assert.equal(
      refused.message,
      `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ${message} at /States/Query/Resource'`,
    );
    const validated = await api.client.send(new ValidateStateMachineDefinitionCommand({ definition }));
    assert.equal(validated.result, 'FAIL');
    assert.deepEqual(validated.diagnostics, [
      { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message, location: '/States/Query/Resource' },
    ]);
  });

  test('ValidateStateMachineDefinition', async () => {
    const ok = await api.client.send(new ValidateStateMachineDefinitionCommand({ definition: PASS_CHAIN }));
    assert.equal(ok.result, 'OK');
    assert.deepEqual(ok.diagnostics, []);
    assert.equal(ok.truncated, false);

    const broken = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'Missing1' }, B: { Type: 'Pass', Next: 'Missing2' } },
    });
    const fail = await api.client.send(new ValidateStateMachineDefinitionCommand({ definition: broken }));
    assert.equal(fail.result, 'FAIL');
    assert.ok((fail.diagnostics?.length ?? 0) >= 2);
    for (const d of fail.diagnostics ?? []) {
      assert.equal(d.severity, 'ERROR');
      assert.equal(typeof d.code, 'string');
      assert.equal(typeof d.message, 'string');
    }

    const cut = await api.client.send(
      new ValidateStateMachineDefinitionCommand({ definition: broken, maxResults: 1 }),
    );
    assert.equal(cut.result, 'FAIL');
    assert.equal(cut.diagnostics?.length, 1);
    assert.equal(cut.truncated, true);

    const notJson = await api.client.send(
      new ValidateStateMachineDefinitionCommand({ definition: 'not json' }),
    );
    assert.equal(notJson.result, 'FAIL');
    assert.equal(notJson.diagnostics?.[0]?.code, 'INVALID_JSON_DESCRIPTION');

    const badSeverity = await rejection(
      api.client.send(
        new ValidateStateMachineDefinitionCommand({ definition: PASS_CHAIN, severity: 'FATAL' as 'ERROR' }),
      ),
    );
    assert.ok(badSeverity instanceof ValidationException);
    assert.match(badSeverity.message, /Member must satisfy enum value set: \[ERROR, WARNING\]/);
  });
});
