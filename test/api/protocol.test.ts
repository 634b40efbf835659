import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { type Api, PASS_CHAIN, ROLE, startApi } from './harness.ts';

const SERVICE = 'com.amazonaws.swf.service.v2.model';

describe('the JSON 1.0 protocol on the wire', () => {
  let api: Api;
  before(async () => {
    api = await startApi();
  });
  after(async () => {
    await api.close();
  });

  test('a success is application/x-amz-json-1.0 with a request id and epoch-second dates', async () => {
    const res = await api.call(
      'AWSStepFunctions.CreateStateMachine',
      JSON.stringify({ name: 'wire', definition: PASS_CHAIN, roleArn: ROLE }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.0');
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(res.headers.get('x-amzn-errortype'), null);
    const seconds = res.json.creationDate as number;
    assert.equal(typeof seconds, 'number');
    assert.ok(Math.abs(seconds - Date.now() / 1000) < 5, 'epoch seconds, not ms');
  });

  test('any content type is accepted, and an empty body means no members', async () => {
    for (const contentType of ['application/json', 'text/plain', 'application/x-amz-json-1.1']) {
      const res = await api.call('AWSStepFunctions.ListStateMachines', '{}', { 'content-type': contentType });
      assert.equal(res.status, 200, contentType);
      assert.ok(Array.isArray(res.json.stateMachines));
    }
    const empty = await api.call('AWSStepFunctions.ListStateMachines', '');
    assert.equal(empty.status, 200);
  });

  test('errors are AWS-shaped with the error type header', async () => {
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:none';
    const res = await api.call(
      'AWSStepFunctions.DescribeStateMachine',
      JSON.stringify({ stateMachineArn: arn }),
    );
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.0');
    assert.equal(res.headers.get('x-amzn-errortype'), 'StateMachineDoesNotExist');
    assert.ok(res.headers.get('x-amzn-requestid'));
    assert.deepEqual(res.json, {
      __type: `${SERVICE}#StateMachineDoesNotExist`,
      message: `State Machine Does Not Exist: '${arn}'`,
    });
  });

  test('malformed JSON is a SerializationException', async () => {
    for (const body of ['{"name":', 'not json', '[1,2]', '"text"']) {
      const res = await api.call('AWSStepFunctions.ListStateMachines', body);
      assert.equal(res.status, 400, body);
      assert.equal(res.json.__type, 'com.amazon.coral.service#SerializationException', body);
      assert.equal(typeof res.json.message, 'string');
    }
  });

  test('members of the wrong JSON type are a SerializationException', async () => {
    const cases: [string, object, string][] = [
      [
        'CreateStateMachine',
        { name: 5, definition: PASS_CHAIN, roleArn: ROLE },
        'NUMBER_VALUE can not be converted to a String',
      ],
      ['ListStateMachines', { maxResults: '10' }, 'STRING_VALUE can not be converted to an Integer'],
      ['ListStateMachines', { maxResults: 1.5 }, 'NUMBER_VALUE can not be converted to an Integer'],
      [
        'GetExecutionHistory',
        { executionArn: 'x', reverseOrder: 'yes' },
        'STRING_VALUE can not be converted to a Boolean',
      ],
      [
        'DescribeStateMachine',
        { stateMachineArn: { nested: true } },
        'Start of structure or map found where not expected.',
      ],
      ['DescribeStateMachine', { stateMachineArn: ['a'] }, 'Start of list found where not expected'],
      [
        'CreateStateMachine',
        { name: 'n', definition: '{}', roleArn: ROLE, tags: 'x' },
        'STRING_VALUE can not be converted to a List',
      ],
    ];
    for (const [action, body, message] of cases) {
      const res = await api.call(`AWSStepFunctions.${action}`, JSON.stringify(body));
      assert.equal(res.status, 400, action);
      assert.deepEqual(
        res.json,
        { __type: 'com.amazon.coral.service#SerializationException', message },
        action,
      );
    }
  });

  test('missing and out-of-range members are one ValidationException', async () => {
    const res = await api.call('AWSStepFunctions.CreateStateMachine', JSON.stringify({ name: '' }));
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-amzn-errortype'), 'ValidationException');
    assert.deepEqual(res.json, {
      __type: 'com.amazon.coral.validate#ValidationException',
      message:
        "3 validation errors detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value null at 'definition' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
    });
    const nested = await api.call(
      'AWSStepFunctions.CreateStateMachine',
      JSON.stringify({
        name: 'n',
        definition: PASS_CHAIN,
        roleArn: ROLE,
        tags: [{ key: '' }],
        loggingConfiguration: { level: 'LOUD' },
      }),
    );
    assert.equal(
      nested.json.message,
      "2 validation errors detected: Value 'LOUD' at 'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy enum value set: [ALL, ERROR, FATAL, OFF]; " +
        "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    const start = await api.call('AWSStepFunctions.StartExecution', JSON.stringify({ name: 'n' }));
    assert.deepEqual(start.json, {
      __type: 'com.amazon.coral.validate#ValidationException',
      message:
        "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null",
    });
  });

  test('bad ARNs are InvalidArn', async () => {
    const cases: [string, object, string][] = [
      ['DescribeStateMachine', { stateMachineArn: 'nope' }, "Invalid Arn: 'Invalid ARN prefix: nope'"],
      [
        'DescribeExecution',
        { executionArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:wire' },
        "Invalid Arn: 'Resource type not valid in this context: stateMachine'",
      ],
      [
        'StartExecution',
        { stateMachineArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' },
        "Invalid Arn: 'Resource type not valid in this context: function'",
      ],
      [
        'ListExecutions',
        { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine' },
        "Invalid Arn: 'arn:aws:states:us-east-1:123456789012:stateMachine'",
      ],
      [
        'CreateStateMachine',
        { name: 'r', definition: PASS_CHAIN, roleArn: 'role' },
        "Invalid Arn: 'Invalid ARN prefix: role'",
      ],
    ];
    for (const [action, body, message] of cases) {
      const res = await api.call(`AWSStepFunctions.${action}`, JSON.stringify(body));
      assert.equal(res.status, 400, action);
      assert.deepEqual(res.json, { __type: `${SERVICE}#InvalidArn`, message }, action);
    }
  });

  test('unknown actions, foreign targets and other methods are UnknownOperationException', async () => {
    for (const target of [
      'AWSStepFunctions.Nope',
      'DynamoDB_20120810.ListTables',
      'AWSStepFunctions.',
      'AWSStepFunctions.toString',
    ]) {
      const res = await api.call(target, '{}');
      assert.equal(res.status, 400, target);
      assert.equal(res.json.__type, 'com.amazon.coral.service#UnknownOperationException', target);
    }
    const missing = await api.call(undefined, '{}');
    assert.equal(missing.status, 400);
    assert.equal(missing.json.__type, 'com.amazon.coral.service#UnknownOperationException');
    const get = await fetch(api.endpoint, {
      headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
    });
    assert.equal(get.status, 400);
    assert.equal(
      ((await get.json()) as { __type: string }).__type,
      'com.amazon.coral.service#UnknownOperationException',
    );
  });

  test('a body over 1 MB is refused without being buffered', async () => {
    const big = JSON.stringify({ definition: 'x'.repeat(2 * 1_048_576) });
    const res = await api.call('AWSStepFunctions.ValidateStateMachineDefinition', big);
    assert.equal(res.status, 413);
    assert.equal(res.json.__type, 'com.amazon.coral.service#RequestEntityTooLargeException');

    // Chunked (no Content-Length): the limit is enforced while streaming.
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        api.endpoint,
        { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.ValidateStateMachineDefinition' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 24; i++) req.write(chunk);
      req.end();
    });
    assert.equal(streamed.status, 413);
    assert.match(streamed.body, /RequestEntityTooLargeException/);
  });

  test('a client hanging up mid-body does not disturb the server', async (t) => {
    const logged = t.mock.method(console, 'error', () => {});
    const body = JSON.stringify({ name: 'half-sent', definition: PASS_CHAIN, roleArn: ROLE });
    const closed = new Promise<void>((resolve) => {
      const req = request(api.endpoint, {
        method: 'POST',
        headers: {
          'x-amz-target': 'AWSStepFunctions.CreateStateMachine',
          'content-length': String(body.length),
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(body.slice(0, body.length - 10), () => req.destroy());
    });
    await closed;
    // The server goes on answering, did nothing with the half request, and logged no failure.
    const listed = await api.call('AWSStepFunctions.ListStateMachines', '{}');
    assert.equal(listed.status, 200);
    const names = (listed.json.stateMachines as { name: string }[]).map((m) => m.name);
    assert.ok(!names.includes('half-sent'), 'the half-sent request was not performed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(logged.mock.callCount(), 0, 'nothing logged as an internal failure');
  });

  test('the server stays up after every bad request', async () => {
    const res = await api.call(
      'AWSStepFunctions.DescribeStateMachine',
      JSON.stringify({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:wire' }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.json.name, 'wire');
  });
});
