import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actions, MAX_REQUEST_BYTES, type Shape } from '../../src/api/index.ts';
import { type Api, startApi } from './harness.ts';

/** A JSON value of the wrong type for a member of shape `shape`. */
function wrongType(shape: Shape): unknown {
  switch (shape.type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'long':
    case 'float':
    case 'boolean':
      return 'not a number or boolean';
    case 'structure':
      return 'not a structure';
    case 'list':
      return { not: 'a list' };
  }
}

const BAD_ARNS = [
  'not-an-arn',
  'arn:aws:states:us-east-1:123456789012:nothing:x',
  'arn:',
  'arn:aws:states:::',
];

/**
 * Every action the API answers gets malformed JSON, wrong member types, missing required
 * members, bad ARNs and an oversized body: each time an AWS-shaped 4xx, and the server stays up.
 */
describe('malformed requests to every action', () => {
  let api: Api;
  before(async () => {
    api = await startApi();
  });
  after(async () => {
    await api.close();
  });

  async function expectAwsError(
    action: string,
    body: string | Uint8Array,
    types: readonly string[],
    why: string,
  ) {
    const res = await api.call(`AWSStepFunctions.${action}`, body);
    const label = `${action} ${why}: ${res.status} ${JSON.stringify(res.json)}`;
    assert.ok(res.status >= 400 && res.status < 500, label);
    assert.equal(typeof res.json.__type, 'string', label);
    assert.equal(typeof res.json.message, 'string', label);
    const code = (res.json.__type as string).split('#').at(-1);
    assert.ok(types.includes(code ?? ''), label);
    assert.equal(res.headers.get('x-amzn-errortype'), code, label);
  }

  test('the API answers every action of the Step Functions API this issue covers', () => {
    for (const name of [
      'CreateStateMachine',
      'UpdateStateMachine',
      'DescribeStateMachineForExecution',
      'PublishStateMachineVersion',
      'CreateStateMachineAlias',
      'StartSyncExecution',
      'DescribeMapRun',
      'TagResource',
    ]) {
      assert.ok(actions.has(name), name);
    }
  });

  test('malformed JSON and non-object bodies are SerializationException', async () => {
    for (const action of actions.keys()) {
      for (const body of ['{"a":', 'nonsense', '[1]', '42', '"text"']) {
        await expectAwsError(action, body, ['SerializationException'], `body ${body}`);
      }
    }
  });

  test('every member with the wrong JSON type is a SerializationException', async () => {
    for (const [action, { members }] of actions) {
      for (const [member, shape] of Object.entries(members)) {
        const body = JSON.stringify({ [member]: wrongType(shape) });
        await expectAwsError(action, body, ['SerializationException'], `member ${member}`);
      }
    }
  });

  test('missing required members are a ValidationException', async () => {
    for (const [action, { members }] of actions) {
      if (!Object.values(members).some((s) => s.required)) continue;
      await expectAwsError(action, '{}', ['ValidationException'], 'empty body');
    }
  });

  test('bad ARNs in every ARN member are InvalidArn (or a ValidationException first)', async () => {
    for (const [action, { members }] of actions) {
      const arnMembers = Object.keys(members).filter((m) => /Arn$/.test(m));
      for (const member of arnMembers) {
        for (const arn of BAD_ARNS) {
          // The other required members get plausible values, so the ARN is what is wrong.
          const body: Record<string, unknown> = { [member]: arn };
          for (const [other, shape] of Object.entries(members)) {
            if (other === member || !shape.required) continue;
            body[other] =
              shape.type === 'string'
                ? /Arn$/.test(other)
                  ? arn
                  : 'x'
                : shape.type === 'list'
                  ? []
                  : undefined;
          }
          await expectAwsError(
            action,
            JSON.stringify(body),
            ['InvalidArn', 'ValidationException', 'InvalidName', 'InvalidDefinition'],
            `${member}=${arn}`,
          );
        }
      }
    }
  });

  test('oversized bodies are refused with 413 for every action', async () => {
    const big = new Uint8Array(MAX_REQUEST_BYTES + 1).fill(0x20);
    for (const action of actions.keys()) {
      await expectAwsError(action, big, ['RequestEntityTooLargeException'], 'oversized');
    }
  });

  test('unknown actions are UnknownOperationException, and the server is still up', async () => {
    for (const target of ['AWSStepFunctions.Nope', 'AWSStepFunctions.', 'Other.ListStateMachines']) {
      const res = await api.call(target, '{}');
      assert.equal(res.status, 400);
      assert.match(String(res.json.__type), /UnknownOperationException$/);
    }
    const alive = await api.call('AWSStepFunctions.ListStateMachines', '{}');
    assert.equal(alive.status, 200);
  });
});
