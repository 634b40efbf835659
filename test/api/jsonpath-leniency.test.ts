// Paths AWS deploys in real definitions although today's Jayway refuses them: accepted by
// CreateStateMachine and run the way json-path 2.0 (the rules AWS follows) evaluates them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { type Api, ROLE, startApi } from './harness.ts';

const definition = JSON.stringify({
  StartAt: 'Pick',
  States: {
    Pick: {
      Type: 'Pass',
      Parameters: {
        'spanish.$': '$.items[?(@.lang==es)].text',
        'failed.$': '$..r[?(@.status==Failure)].id',
        'name.$': '$$.Execution.Name ',
        'list.$': '$.list',
      },
      Next: 'Last',
    },
    Last: { Type: 'Pass', OutputPath: '$.list[(@.length-1)].bar', End: true },
  },
});

describe('JSONPath as AWS deploys it', () => {
  let api: Api;
  before(async () => {
    api = await startApi();
  });
  after(async () => {
    await api.close();
  });

  test('an unquoted filter word, blanks around a path and [(@.length-1)] are accepted and run', async () => {
    const validated = await api.client.send(new ValidateStateMachineDefinitionCommand({ definition }));
    assert.deepEqual(validated.diagnostics, []);
    const { stateMachineArn } = await api.client.send(
      new CreateStateMachineCommand({ name: 'lenient-paths', definition, roleArn: ROLE }),
    );
    const input = {
      items: [
        { lang: 'en', text: 'hello' },
        { lang: 'es', text: 'hola' },
      ],
      results: {
        batch: {
          r: [
            { status: 'Failure', id: 7 },
            { status: 'Success', id: 8 },
          ],
        },
      },
      list: [{ bar: 1 }, { bar: 2 }],
    };
    const { executionArn } = await api.client.send(
      new StartExecutionCommand({ stateMachineArn, name: 'run-1', input: JSON.stringify(input) }),
    );
    await api.engine.waitForExecution(executionArn!);
    const d = await api.client.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(d.status, 'SUCCEEDED');
    assert.equal(d.output, '2');
    const { events } = await api.client.send(new GetExecutionHistoryCommand({ executionArn }));
    const picked = events?.find((e) => e.stateExitedEventDetails?.name === 'Pick');
    assert.deepEqual(JSON.parse(picked?.stateExitedEventDetails?.output ?? 'null'), {
      spanish: ['hola'],
      failed: [7],
      name: 'run-1',
      list: input.list,
    });
  });
});
