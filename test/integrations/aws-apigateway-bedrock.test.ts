// apigateway:invoke against a plain loopback HTTP server (the API's own endpoint; with IAM auth
// its Signature V4 is checked) and bedrock:invokeModel against a loopback server that speaks the
// Bedrock Runtime REST protocol. Shapes and error names of API Gateway follow AWS-recorded
// histories (LocalStack's test_apigetway_task_service snapshots).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';
import { ROLE, startApi } from '../api/harness.ts';
import type { ProtocolAnswer, ProtocolRequest, ProtocolServer } from '../support/aws-protocol-server.ts';
import { startProtocolServer } from '../support/aws-protocol-server.ts';
import { failure, run } from './aws-support.ts';
import { eventually, historyOf, settled } from './support.ts';

const credentials = { accessKeyId: 'AKIDSTEPWISE', secretAccessKey: 'local-secret' };
const json = { contentType: 'application/json' };

/** An API deployed at stage `prod`: /prod/echo answers what it got; anything else is API Gateway's 403. */
function api(req: ProtocolRequest): ProtocolAnswer {
  if (req.path.startsWith('/prod/echo')) {
    return {
      status: 200,
      ...json,
      body: { path: req.path, method: req.method, body: req.body, custom: req.headers['x-custom'] ?? null },
    };
  }
  return { status: 403, ...json, body: { message: 'Missing Authentication Token' } };
}

/** Bedrock Runtime's InvokeModel: `POST /model/<id>/invoke`; an unknown model is a ValidationException. */
function bedrock(req: ProtocolRequest): ProtocolAnswer {
  const model = decodeURIComponent(/^\/model\/([^/]+)\/invoke$/.exec(req.path)?.[1] ?? '');
  if (model !== 'amazon.titan-text-express-v1') {
    return {
      status: 400,
      ...json,
      headers: { 'x-amzn-errortype': 'ValidationException' },
      body: { message: 'The provided model identifier is invalid.' },
    };
  }
  return {
    status: 200,
    ...json,
    body: { inputTextTokenCount: 3, results: [{ outputText: `echo: ${String(req.body['inputText'])}` }] },
  };
}

let apiServer: ProtocolServer;
let bedrockServer: ProtocolServer;
let sfn: Api;

before(async () => {
  apiServer = await startProtocolServer(credentials, api);
  bedrockServer = await startProtocolServer(credentials, bedrock, { http2: true });
  sfn = await startApi({
    aws: { region: 'eu-west-1', endpoints: { bedrockruntime: bedrockServer.endpoint }, credentials },
  });
});

after(async () => {
  await sfn.close();
  await apiServer.close();
  await bedrockServer.close();
});

const invoke = 'arn:aws:states:::apigateway:invoke';
const last = (server: ProtocolServer) => server.requests[server.requests.length - 1]!;

describe('apigateway:invoke', () => {
  it('calls <ApiEndpoint>/<Stage>/<Path> with query, headers and body; answers Headers, ResponseBody, StatusCode, StatusText', async () => {
    const { output } = await run(sfn, [
      {
        resource: invoke,
        parameters: {
          ApiEndpoint: apiServer.endpoint,
          Method: 'POST',
          Stage: 'prod',
          Path: 'echo',
          QueryParameters: { param1: ['Hello'], param2: ['World'] },
          Headers: { 'x-custom': ['a', 'b'] },
          RequestBody: { message: ['Hello', 'World!'] },
        },
      },
    ]);
    const r = output['r0']!;
    assert.equal(r['StatusCode'], 200);
    assert.equal(r['StatusText'], 'OK');
    assert.deepEqual((r['Headers'] as Record<string, unknown>)['Content-Type'], ['application/json']);
    assert.deepEqual(r['ResponseBody'], {
      path: '/prod/echo?param1=Hello&param2=World',
      method: 'POST',
      body: { message: ['Hello', 'World!'] },
      custom: 'a, b',
    });
    assert.ok(last(apiServer).signatureError, 'NO_AUTH sends no signature');
  });

  it('AuthType IAM_ROLE signs the call for execute-api with the configured credentials', async () => {
    const { description } = await run(sfn, [
      {
        resource: invoke,
        parameters: {
          ApiEndpoint: apiServer.endpoint,
          Method: 'GET',
          Stage: 'prod',
          Path: 'echo/items',
          QueryParameters: { q: ['x y'] },
          AuthType: 'IAM_ROLE',
        },
      },
    ]);
    assert.equal(description.status, 'SUCCEEDED');
    const req = last(apiServer);
    assert.equal(req.signatureError, undefined);
    assert.equal(req.accessKeyId, credentials.accessKeyId);
    assert.match(req.scope ?? '', /\/eu-west-1\/execute-api\/aws4_request$/);
  });

  it('a status of 400 or more is ApiGateway.<status> with the body as cause; Headers not of arrays is refused', async () => {
    const denied = failure(
      (
        await run(sfn, [
          {
            resource: invoke,
            parameters: { ApiEndpoint: apiServer.endpoint, Method: 'POST', Stage: 'prod', Path: 'nope' },
          },
        ])
      ).events,
    );
    assert.equal(denied.error, 'ApiGateway.403');
    assert.deepEqual(JSON.parse(denied.cause ?? ''), { message: 'Missing Authentication Token' });
    const calls = apiServer.requests.length;
    const bad = failure(
      (
        await run(sfn, [
          {
            resource: invoke,
            parameters: {
              ApiEndpoint: apiServer.endpoint,
              Method: 'GET',
              Stage: 'prod',
              Path: 'echo',
              Headers: { single: 'value' },
            },
          },
        ])
      ).events,
    );
    assert.equal(bad.error, 'States.Runtime');
    assert.equal(bad.cause, "The value of the field 'Headers' has an invalid format");
    assert.equal(apiServer.requests.length, calls);
  });

  it('.waitForTaskToken calls the API with the token and waits for SendTaskSuccess', async () => {
    const definition = {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: `${invoke}.waitForTaskToken`,
          Parameters: {
            ApiEndpoint: apiServer.endpoint,
            Method: 'POST',
            Stage: 'prod',
            Path: 'echo',
            RequestBody: { 'token.$': '$$.Task.Token' },
          },
          End: true,
        },
      },
    };
    const { stateMachineArn } = await sfn.client.send(
      new CreateStateMachineCommand({
        name: 'apigw-token',
        roleArn: ROLE,
        definition: JSON.stringify(definition),
      }),
    );
    const { executionArn } = await sfn.client.send(
      new StartExecutionCommand({ stateMachineArn, input: '{}' }),
    );
    const token = await eventually(() => {
      const sent = apiServer.requests.find((r) => (r.body['token'] as string | undefined)?.length);
      return Promise.resolve(sent?.body['token'] as string | undefined);
    });
    await eventually(async () =>
      (await historyOf(sfn, executionArn!)).some((e) => e.type === 'TaskSubmitted') ? true : undefined,
    );
    await sfn.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    const done = await settled(sfn, executionArn!);
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(done.output ?? ''), { approved: true });
  });
});

describe('bedrock:invokeModel', () => {
  it('sends Body as JSON text to the model and answers {Body, ContentType} with the model’s JSON', async () => {
    const { output, events } = await run(sfn, [
      {
        resource: 'arn:aws:states:::bedrock:invokeModel',
        parameters: { ModelId: 'amazon.titan-text-express-v1', Body: { inputText: 'hi' } },
      },
    ]);
    assert.deepEqual(output['r0'], {
      Body: { inputTextTokenCount: 3, results: [{ outputText: 'echo: hi' }] },
      ContentType: 'application/json',
    });
    const req = last(bedrockServer);
    assert.equal(req.signatureError, undefined);
    assert.match(req.scope ?? '', /\/eu-west-1\/bedrock\/aws4_request$/);
    assert.equal(req.headers['accept'], 'application/json');
    assert.equal(
      events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails?.region,
      'eu-west-1',
    );
  });

  it('an error of the service is Bedrock.<Exception>', async () => {
    const failed = failure(
      (
        await run(sfn, [
          {
            resource: 'arn:aws:states:::bedrock:invokeModel',
            parameters: { ModelId: 'no-such-model', Body: {} },
          },
        ])
      ).events,
    );
    assert.equal(failed.error, 'Bedrock.ValidationException');
    assert.match(
      failed.cause ?? '',
      /^The provided model identifier is invalid\. \(Service: AmazonBedrockRuntime; Status Code: 400; Error Code: ValidationException;/,
    );
  });
});
