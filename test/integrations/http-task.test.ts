import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';
import { ROLE, startApi } from '../api/harness.ts';
import { onLoopback } from '../support/loopback.ts';
import { historyOf, settled, types } from './support.ts';

const CONNECTION = 'arn:aws:events:us-east-1:123456789012:connection/shop/1';

/** A real HTTP server on loopback: echoes what it received, or answers as the path says. */
async function startTarget(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (req.url?.startsWith('/missing')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no such order"}');
        return;
      }
      if (req.url?.startsWith('/text')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('plain words');
        return;
      }
      if (req.url?.startsWith('/slow')) {
        setTimeout(() => res.writeHead(200).end('late'), 5000).unref();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-served-by': 'target' });
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
    });
  });
  return onLoopback(server);
}

let api: Api;
let target: Awaited<ReturnType<typeof startTarget>>;

before(async () => {
  target = await startTarget();
  api = await startApi({
    http: {
      timeoutSeconds: 2,
      allowHosts: ['127.0.0.1', 'localhost'],
      connections: {
        [CONNECTION]: { basic: { username: 'shop', password: 's3cret' }, headers: { 'x-tenant': 'acme' } },
      },
    },
  });
});
after(async () => {
  await api.close();
  await target.close();
});

let n = 0;
async function runTask(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const { stateMachineArn } = await api.client.send(
    new CreateStateMachineCommand({
      name: `http-${++n}`,
      roleArn: ROLE,
      definition: JSON.stringify({
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::http:invoke',
            Parameters: parameters,
            End: true,
            ...extra,
          },
          ...('Catch' in extra ? { Gone: { Type: 'Pass', End: true } } : {}),
        },
      }),
    }),
  );
  const { executionArn } = await api.client.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
  return { executionArn: executionArn!, description: await settled(api, executionArn!) };
}

describe('HTTP Task (arn:aws:states:::http:invoke) against a real server', () => {
  it('sends method, headers, query, JSON body and the connection credentials; returns AWS result shape', async () => {
    const { executionArn, description } = await runTask({
      ApiEndpoint: `${target.url}/orders`,
      Method: 'POST',
      Authentication: { ConnectionArn: CONNECTION },
      Headers: { 'x-request': 'r-1' },
      QueryParameters: { status: 'open', tag: ['a', 'b'] },
      RequestBody: { item: 'book', qty: 2 },
    });
    assert.equal(description.status, 'SUCCEEDED');
    const out = JSON.parse(description.output!) as {
      StatusCode: number;
      StatusText: string;
      Headers: Record<string, string[]>;
      ResponseBody: { method: string; url: string; headers: Record<string, string>; body: string };
    };
    assert.equal(out.StatusCode, 200);
    assert.equal(out.StatusText, 'OK');
    assert.deepEqual(out.Headers['x-served-by'], ['target']);
    const seen = out.ResponseBody;
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url, '/orders?status=open&tag=a&tag=b');
    assert.equal(seen.headers['authorization'], `Basic ${Buffer.from('shop:s3cret').toString('base64')}`);
    assert.equal(seen.headers['x-tenant'], 'acme');
    assert.equal(seen.headers['x-request'], 'r-1');
    assert.match(seen.headers['content-type']!, /^application\/json/);
    assert.deepEqual(JSON.parse(seen.body), { item: 'book', qty: 2 });
    const events = await historyOf(api, executionArn);
    assert.deepEqual(types(events).slice(2, 5), ['TaskScheduled', 'TaskStarted', 'TaskSucceeded']);
    assert.equal(events[2]!.taskScheduledEventDetails?.resourceType, 'http');
    assert.equal(events[2]!.taskScheduledEventDetails?.resource, 'invoke');
  });

  it('URL-encodes the body with Transform and keeps a non-JSON answer as text', async () => {
    const { description } = await runTask({
      ApiEndpoint: `${target.url}/form`,
      Method: 'PUT',
      RequestBody: { name: 'A B', ids: [1, 2] },
      Transform: { RequestBodyEncoding: 'URL_ENCODED', RequestEncodingOptions: { ArrayFormat: 'BRACKETS' } },
    });
    const seen = (
      JSON.parse(description.output!) as { ResponseBody: { headers: Record<string, string>; body: string } }
    ).ResponseBody;
    assert.equal(seen.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(seen.body, 'name=A%20B&ids%5B%5D=1&ids%5B%5D=2');
    const text = await runTask({ ApiEndpoint: `${target.url}/text`, Method: 'GET' });
    assert.equal(
      (JSON.parse(text.description.output!) as { ResponseBody: string }).ResponseBody,
      'plain words',
    );
  });

  it('a 404 fails with States.Http.StatusCode.404, the response as cause, and can be caught', async () => {
    const failed = await runTask({ ApiEndpoint: `${target.url}/missing`, Method: 'GET' });
    assert.equal(failed.description.status, 'FAILED');
    assert.equal(failed.description.error, 'States.Http.StatusCode.404');
    const cause = JSON.parse(failed.description.cause!) as { StatusCode: number; ResponseBody: unknown };
    assert.equal(cause.StatusCode, 404);
    assert.deepEqual(cause.ResponseBody, { message: 'no such order' });
    const events = await historyOf(api, failed.executionArn);
    assert.equal(
      events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails?.error,
      'States.Http.StatusCode.404',
    );
    const caught = await runTask(
      { ApiEndpoint: `${target.url}/missing`, Method: 'GET' },
      { Catch: [{ ErrorEquals: ['States.Http.StatusCode.404'], ResultPath: '$.notFound', Next: 'Gone' }] },
    );
    assert.equal(caught.description.status, 'SUCCEEDED');
    assert.equal(
      (JSON.parse(caught.description.output!) as { notFound: { Error: string } }).notFound.Error,
      'States.Http.StatusCode.404',
    );
  });

  it('refuses hosts outside the allow-list and gives up after the configured timeout', async () => {
    const refused = await runTask({ ApiEndpoint: 'http://example.com/x', Method: 'GET' });
    assert.equal(refused.description.error, 'States.Permissions');
    const slow = await runTask({ ApiEndpoint: `${target.url}/slow`, Method: 'GET' });
    assert.equal(slow.description.error, 'States.Http.Socket');
    assert.match(slow.description.cause!, /timed out/);
  });
});
