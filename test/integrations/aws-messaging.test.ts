// Optimized SQS, SNS and EventBridge tasks against a loopback server that speaks each service's
// protocol and checks the Signature V4 of every request (no local implementation of these is
// available here). Shapes and error names follow AWS-recorded histories (LocalStack's
// test_{sqs,sns,events}_task_service snapshots).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';
import { startApi } from '../api/harness.ts';
import type { ProtocolRequest, ProtocolServer } from '../support/aws-protocol-server.ts';
import { startProtocolServer } from '../support/aws-protocol-server.ts';
import { failure, run, taskIds } from './aws-support.ts';
import { eventually, historyOf, settled } from './support.ts';

const credentials = { accessKeyId: 'AKIDSTEPWISE', secretAccessKey: 'local-secret' };
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:orders';
const QUEUE = 'http://127.0.0.1/123456789012/orders';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** Answers as SQS, SNS and EventBridge do; an unknown topic is SNS's NotFound. */
function answer(req: ProtocolRequest) {
  switch (req.target) {
    case 'AmazonSQS.SendMessage':
      return {
        status: 200,
        body: { MessageId: 'm-1', MD5OfMessageBody: md5(String(req.body['MessageBody'])) },
      };
    case 'Publish':
      if (req.body['TopicArn'] !== TOPIC) {
        return {
          status: 404,
          body: '<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>r-404</RequestId></ErrorResponse>',
        };
      }
      return {
        status: 200,
        body: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>sns-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>',
      };
    case 'AWSEvents.PutEvents': {
      const entries = req.body['Entries'] as Array<{ Detail: string }>;
      const results = entries.map((e, i) =>
        e.Detail.startsWith('{')
          ? { EventId: `e-${i}` }
          : { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      );
      return {
        status: 200,
        body: { Entries: results, FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length },
      };
    }
    default:
      return { status: 400, body: { __type: 'UnknownOperationException', message: req.target } };
  }
}

let server: ProtocolServer;
let api: Api;

before(async () => {
  server = await startProtocolServer(credentials, answer);
  const endpoint = server.endpoint;
  api = await startApi({
    aws: { endpoints: { sqs: endpoint, sns: endpoint, eventbridge: endpoint }, credentials },
  });
});

after(async () => {
  await api.close();
  await server.close();
});

const lastRequest = () => server.requests[server.requests.length - 1]!;

describe('optimized SQS, SNS and EventBridge against a protocol-level loopback server', () => {
  it('sqs:sendMessage sends a JSON MessageBody as its text; the result has SdkHttpMetadata', async () => {
    const { description, events, output } = await run(api, [
      {
        resource: 'arn:aws:states:::sqs:sendMessage',
        parameters: { QueueUrl: QUEUE, MessageBody: { order: 7 } },
      },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const sent = lastRequest();
    assert.equal(sent.signatureError, undefined);
    assert.match(sent.scope!, /\/us-east-1\/sqs\/aws4_request$/);
    assert.equal(sent.body['MessageBody'], '{"order":7}');
    const result = output['r0']!;
    assert.equal(result['MessageId'], 'm-1');
    assert.equal(result['MD5OfMessageBody'], md5('{"order":7}'));
    const http = result['SdkHttpMetadata'] as { HttpStatusCode: number; HttpHeaders: Record<string, string> };
    assert.equal(http.HttpStatusCode, 200);
    assert.deepEqual(result['SdkResponseMetadata'], { RequestId: http.HttpHeaders['x-amzn-RequestId'] });
    assert.deepEqual(taskIds(events), [
      'TaskScheduled sqs sendMessage',
      'TaskStarted sqs sendMessage',
      'TaskSucceeded sqs sendMessage',
    ]);
  });

  it('sns:publish speaks the query protocol; an unknown topic is SNS.NotFoundException', async () => {
    const ok = await run(api, [
      {
        resource: 'arn:aws:states:::sns:publish',
        parameters: { TopicArn: TOPIC, Message: { Message: 'Hi' } },
      },
    ]);
    assert.equal(ok.description.status, 'SUCCEEDED', ok.description.cause);
    assert.equal(lastRequest().body['Message'], '{"Message":"Hi"}');
    assert.equal(lastRequest().signatureError, undefined);
    assert.equal(ok.output['r0']!['MessageId'], 'sns-1');
    assert.ok('SdkHttpMetadata' in ok.output['r0']!);
    const missing = await run(api, [
      { resource: 'arn:aws:states:::sns:publish', parameters: { TopicArn: `${TOPIC}-gone`, Message: 'x' } },
    ]);
    const failed = failure(missing.events);
    assert.equal(failed.error, 'SNS.NotFoundException');
    assert.match(
      failed.cause!,
      /^Topic does not exist \(Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: req-\d+; Proxy: null\)$/,
    );
    assert.equal(failed.resourceType, 'sns');
  });

  it('events:putEvents returns the entries; a failed entry fails the task with EventBridge.FailedEntry', async () => {
    const ok = await run(api, [
      {
        resource: 'arn:aws:states:::events:putEvents',
        parameters: { Entries: [{ Source: 'shop', DetailType: 'Order', Detail: { id: 1 } }] },
      },
    ]);
    assert.equal(ok.description.status, 'SUCCEEDED', ok.description.cause);
    assert.deepEqual(ok.output['r0'], { Entries: [{ EventId: 'e-0' }], FailedEntryCount: 0 });
    assert.equal((lastRequest().body['Entries'] as Array<{ Detail: string }>)[0]!.Detail, '{"id":1}');
    const bad = await run(api, [
      {
        resource: 'arn:aws:states:::events:putEvents',
        parameters: { Entries: [{ Source: 'shop', DetailType: 'Order', Detail: 'not json' }] },
      },
    ]);
    const failed = failure(bad.events);
    assert.equal(failed.error, 'EventBridge.FailedEntry');
    assert.deepEqual(JSON.parse(failed.cause!), {
      Entries: [{ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }],
      FailedEntryCount: 1,
    });
    assert.equal(failed.resourceType, 'events');
  });

  it('sqs:sendMessage.waitForTaskToken sends the message, then waits for the token', async () => {
    const { stateMachineArn } = await api.client.send(
      new CreateStateMachineCommand({
        name: 'sqs-callback',
        roleArn: 'arn:aws:iam::123456789012:role/stepwise',
        definition: JSON.stringify({
          StartAt: 'Ask',
          States: {
            Ask: {
              Type: 'Task',
              Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
              Parameters: { QueueUrl: QUEUE, MessageBody: { 'token.$': '$$.Task.Token' } },
              End: true,
            },
          },
        }),
      }),
    );
    const { executionArn } = await api.client.send(
      new StartExecutionCommand({ stateMachineArn, input: '{}' }),
    );
    await eventually(async () =>
      (await historyOf(api, executionArn!)).some((e) => e.type === 'TaskSubmitted') ? true : undefined,
    );
    const { token } = JSON.parse(String(lastRequest().body['MessageBody'])) as { token: string };
    await api.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    const d = await settled(api, executionArn!);
    assert.equal(d.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(d.output!), { approved: true });
  });
});
