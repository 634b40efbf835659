// A Task's Credentials.RoleArn assumed through STS, and Lambda functions with no local handler
// invoked through the AWS Lambda API: against one loopback server that speaks STS's query protocol
// and Lambda's REST protocol and checks every request's Signature V4, with the keys the role's
// credentials came with. Shapes and error names follow AWS-recorded histories (LocalStack's
// test_credentials_base, test_lambda_task_service and error_handling/test_task_service_lambda).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';
import { ROLE, startApi } from '../api/harness.ts';
import type { ProtocolAnswer, ProtocolRequest, ProtocolServer } from '../support/aws-protocol-server.ts';
import { startProtocolServer } from '../support/aws-protocol-server.ts';
import { failure } from './aws-support.ts';
import { historyOf, settled } from './support.ts';

const base = { accessKeyId: 'AKIDSTEPWISE', secretAccessKey: 'base-secret' };
const assumed = { accessKeyId: 'ASIAASSUMED', secretAccessKey: 'assumed-secret' };
const TRUSTED = 'arn:aws:iam::210987654321:role/trusted';
const DENIED = 'arn:aws:iam::210987654321:role/denied';
/** Its credentials expire within the renewal margin: each call assumes it again. */
const SHORT = 'arn:aws:iam::210987654321:role/short';
const REGION = 'eu-west-2';

const sts = (body: string): ProtocolAnswer => ({ status: 200, body });

function assumeRole(req: ProtocolRequest): ProtocolAnswer {
  if (req.body['RoleArn'] === DENIED) {
    return {
      status: 403,
      body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/stepwise is not authorized to perform: sts:AssumeRole on resource: ${DENIED}</Message></Error><RequestId>sts-403</RequestId></ErrorResponse>`,
    };
  }
  const expires =
    req.body['RoleArn'] === SHORT ? new Date(Date.now() + 60_000).toISOString() : '2099-01-01T00:00:00Z';
  return sts(
    `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${assumed.accessKeyId}</AccessKeyId><SecretAccessKey>${assumed.secretAccessKey}</SecretAccessKey><SessionToken>session-token</SessionToken><Expiration>${expires}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>${TRUSTED}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
  );
}

/** Lambda's Invoke: `echo` returns its event, `fails` raises, any other name does not exist. */
function invoke(req: ProtocolRequest): ProtocolAnswer {
  // FunctionName as given: a name or an ARN (URL-encoded in the path).
  const given = decodeURIComponent(
    /^\/2015-03-31\/functions\/([^/?]+)\/invocations/.exec(req.path)?.[1] ?? '',
  );
  const name = /(?:^|:function:)([^:]+)$/.exec(given)?.[1];
  const json = { contentType: 'application/json' };
  if (name === 'echo') {
    return {
      status: 200,
      ...json,
      body: { echoed: req.body },
      headers: { 'x-amz-executed-version': '$LATEST' },
    };
  }
  if (name === 'fails') {
    return {
      status: 200,
      ...json,
      headers: { 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' },
      body: { errorType: 'OrderRejected', errorMessage: 'no stock', trace: [] },
    };
  }
  const arn = `arn:aws:lambda:${REGION}:123456789012:function:${name}:$LATEST`;
  return {
    status: 404,
    ...json,
    headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
    body: { Type: 'User', message: `Function not found: ${arn}` },
  };
}

let server: ProtocolServer;
let api: Api;

before(async () => {
  server = await startProtocolServer([base, assumed], (req) =>
    req.target === 'AssumeRole' ? assumeRole(req) : invoke(req),
  );
  const endpoint = server.endpoint;
  api = await startApi({
    aws: { region: REGION, endpoints: { sts: endpoint, lambda: endpoint }, credentials: base },
  });
  api.integrations.functions.register('local', (event) => ({ ranLocally: event }));
});

after(async () => {
  await api.close();
  await server.close();
});

let n = 0;
async function runTask(task: Record<string, unknown>, input: unknown = {}) {
  const definition = { StartAt: 'T', States: { T: { Type: 'Task', End: true, ...task } } };
  const { stateMachineArn } = await api.client.send(
    new CreateStateMachineCommand({
      name: `roles-${++n}`,
      roleArn: ROLE,
      definition: JSON.stringify(definition),
    }),
  );
  const { executionArn } = await api.client.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
  );
  const description = await settled(api, executionArn!);
  const events = await historyOf(api, executionArn!);
  return { description, events, output: JSON.parse(description.output ?? 'null') as Record<string, unknown> };
}

const invocations = () => server.requests.filter((r) => r.path.includes('/invocations'));
const assumptions = () => server.requests.filter((r) => r.target === 'AssumeRole');

describe('Credentials.RoleArn: the role is assumed through STS for the call', () => {
  it('RoleArn.$ (JSONPath): AssumeRole signed with the configured keys, the call with the role’s', async () => {
    const before = assumptions().length;
    const { description, events } = await runTask(
      {
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'echo', Payload: { order: 7 } },
        Credentials: { 'RoleArn.$': '$.role' },
      },
      { role: TRUSTED },
    );
    assert.equal(description.status, 'SUCCEEDED');
    const [assume] = assumptions().slice(before);
    assert.ok(assume, 'an AssumeRole call');
    assert.equal(assume.body['RoleArn'], TRUSTED);
    assert.equal(assume.accessKeyId, base.accessKeyId);
    assert.equal(assume.signatureError, undefined);
    const call = invocations().at(-1)!;
    assert.equal(call.accessKeyId, assumed.accessKeyId);
    assert.equal(call.signatureError, undefined);
    assert.equal(call.headers['x-amz-security-token'], 'session-token');
    const scheduled = events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails;
    assert.deepEqual(scheduled?.taskCredentials, { roleArn: TRUSTED });
    assert.equal(scheduled?.region, REGION);
  });

  it('JSONata RoleArn; the assumed credentials are kept until near expiry (one AssumeRole)', async () => {
    await runTask({
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'echo' },
      Credentials: { RoleArn: TRUSTED },
    });
    const before = assumptions().length;
    const { description } = await runTask(
      {
        QueryLanguage: 'JSONata',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'echo', Payload: '{% $states.input %}' },
        Credentials: { RoleArn: '{% $states.input.role %}' },
      },
      { role: TRUSTED },
    );
    assert.equal(description.status, 'SUCCEEDED');
    assert.equal(assumptions().length, before, 'no new AssumeRole');
    assert.equal(invocations().at(-1)!.accessKeyId, assumed.accessKeyId);
  });

  it('credentials about to expire are renewed: a new AssumeRole', async () => {
    const task = {
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'echo' },
      Credentials: { RoleArn: SHORT },
    };
    const before = assumptions().length;
    await runTask(task);
    await runTask(task);
    // Kept credentials would make it one; the SDK may ask again within a call as well.
    assert.ok(assumptions().length - before >= 2);
  });

  it('a role STS refuses fails the task with STS’s AccessDenied in the cause; the service is not called', async () => {
    const calls = invocations().length;
    const { description, events } = await runTask({
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'echo' },
      Credentials: { RoleArn: DENIED },
    });
    assert.equal(description.status, 'FAILED');
    const failed = failure(events);
    assert.equal(failed.error, 'States.TaskFailed');
    assert.match(
      failed.cause ?? '',
      /Unable to assume the task's role arn:aws:iam::210987654321:role\/denied/,
    );
    assert.match(
      failed.cause ?? '',
      /Status Code: 403; Error Code: AccessDenied; Request ID: req-\d+; Proxy: null\)$/,
    );
    assert.equal(invocations().length, calls);
  });
});

describe('Lambda functions with no local handler go to the AWS Lambda API', () => {
  it('lambda:invoke answers with Lambda’s response: ExecutedVersion, Payload, SdkHttpMetadata, StatusCode', async () => {
    const { output, events } = await runTask({
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'echo', Payload: 'HelloWorld' },
    });
    // Sent as JSON text, as Step Functions does whatever the Payload's JSON type.
    assert.deepEqual(output['Payload'], { echoed: 'HelloWorld' });
    assert.equal(output['ExecutedVersion'], '$LATEST');
    assert.equal(output['StatusCode'], 200);
    const http = output['SdkHttpMetadata'] as { HttpStatusCode: number; HttpHeaders: Record<string, string> };
    assert.equal(http.HttpStatusCode, 200);
    assert.equal(
      http.HttpHeaders['x-amzn-RequestId'],
      (output['SdkResponseMetadata'] as { RequestId: string }).RequestId,
    );
    const call = invocations().at(-1)!;
    assert.equal(call.accessKeyId, base.accessKeyId);
    assert.match(call.scope ?? '', new RegExp(`/${REGION}/lambda/aws4_request$`));
    assert.equal(events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails?.region, REGION);
  });

  it('a legacy function ARN gets the payload alone; a local function stays local', async () => {
    const legacy = await runTask(
      { Resource: `arn:aws:lambda:${REGION}:123456789012:function:echo` },
      { a: 1 },
    );
    assert.deepEqual(legacy.output, { echoed: { a: 1 } });
    const calls = invocations().length;
    const local = await runTask({
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'local', Payload: 1 },
    });
    assert.deepEqual(local.output['Payload'], { ranLocally: 1 });
    assert.equal(invocations().length, calls);
  });

  it('a function error is the function’s errorType with its payload as cause; a missing function is Lambda.ResourceNotFoundException', async () => {
    const failed = failure(
      (await runTask({ Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'fails' } }))
        .events,
    );
    assert.equal(failed.error, 'OrderRejected');
    assert.deepEqual(JSON.parse(failed.cause ?? ''), {
      errorType: 'OrderRejected',
      errorMessage: 'no stock',
      trace: [],
    });
    const missing = failure(
      (await runTask({ Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'nope' } }))
        .events,
    );
    assert.equal(missing.error, 'Lambda.ResourceNotFoundException');
    assert.equal(
      missing.cause,
      `Function not found: arn:aws:lambda:${REGION}:123456789012:function:nope:$LATEST (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: req-${server.requests.length}; Proxy: null)`,
    );
  });
});
