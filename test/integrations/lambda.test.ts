import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';
import { ROLE, startApi } from '../api/harness.ts';
import { fixture, historyOf, settled, types } from './support.ts';
import { onLoopback } from '../support/loopback.ts';

/** A fake Lambda Invoke API on loopback, answering as AWS Lambda does. */
async function startFakeLambda() {
  const calls: { path: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      calls.push({ path: req.url ?? '', body });
      const name = /\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '')?.[1];
      if (name === 'remoteEcho') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ echoed: JSON.parse(body) as unknown }));
      } else if (name === 'remoteBroken') {
        res
          .writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' })
          .end(JSON.stringify({ errorType: 'KeyError', errorMessage: "'id'", stackTrace: [] }));
      } else if (name === 'remoteDown') {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"internal"}');
      } else {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"Type":"User","message":"Function not found"}');
      }
    });
  });
  return { ...(await onLoopback(server)), calls };
}

let api: Api;
let lambda: Awaited<ReturnType<typeof startFakeLambda>>;

before(async () => {
  lambda = await startFakeLambda();
  api = await startApi({
    baseDir: fixture('.'),
    lambda: {
      endpoint: lambda.url,
      functions: {
        orders: { handler: 'lambda-handler.mjs#handler', timeout: 5 },
        double: { command: [process.execPath, 'command-fn.mjs'], timeout: 5 },
      },
    },
  });
});
after(async () => {
  await api.integrations.close();
  await api.close();
  await lambda.close();
});

let n = 0;
async function run(resource: string, input: unknown, extra: Record<string, unknown> = {}) {
  const { stateMachineArn } = await api.client.send(
    new CreateStateMachineCommand({
      name: `lambda-${++n}`,
      roleArn: ROLE,
      definition: JSON.stringify({
        StartAt: 'Call',
        States: { Call: { Type: 'Task', Resource: resource, End: true, ...extra } },
      }),
    }),
  );
  const { executionArn } = await api.client.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
  );
  return { executionArn: executionArn!, d: await settled(api, executionArn!) };
}

const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

describe('Lambda functions: worker pool, commands, remote Invoke API', () => {
  it('an in-process handler gets a copy of its event: changing it changes neither the state nor its history', async () => {
    api.integrations.functions.register('mutator', (event) => {
      const e = event as { list: number[]; touched?: boolean };
      e.touched = true;
      e.list.push(99);
      return { seen: e.list.length };
    });
    const { executionArn, d } = await run(fn('mutator'), { list: [1] }, { ResultPath: '$.result' });
    assert.equal(d.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(d.output!), { list: [1], result: { seen: 2 } });
    const events = await historyOf(api, executionArn);
    const scheduled = events.find((e) => e.type === 'LambdaFunctionScheduled');
    assert.equal(scheduled?.lambdaFunctionScheduledEventDetails?.input, '{"list":[1]}');
  });

  it('a pooled handler runs with the legacy ARN: LambdaFunctionScheduled/Started/Succeeded', async () => {
    const { executionArn, d } = await run(fn('orders'), { id: 7 });
    assert.equal(d.status, 'SUCCEEDED');
    assert.equal((JSON.parse(d.output!) as { functionName: string }).functionName, 'orders');
    const events = await historyOf(api, executionArn);
    assert.deepEqual(types(events).slice(2, 5), [
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
    ]);
    assert.equal(events[2]!.lambdaFunctionScheduledEventDetails?.resource, fn('orders'));
  });

  it('a thrown error is LambdaFunctionFailed with the class name; TimeoutSeconds gives LambdaFunctionTimedOut', async () => {
    const failed = await run(fn('orders'), { id: 8, reject: true });
    assert.equal(failed.d.error, 'OrderRejected');
    const failedEvent = (await historyOf(api, failed.executionArn)).find(
      (e) => e.type === 'LambdaFunctionFailed',
    );
    assert.equal(failedEvent?.lambdaFunctionFailedEventDetails?.error, 'OrderRejected');
    const slow = await run(fn('orders'), { id: 9, hang: 3000 }, { TimeoutSeconds: 1 });
    assert.equal(slow.d.error, 'States.Timeout');
    assert.ok(types(await historyOf(api, slow.executionArn)).includes('LambdaFunctionTimedOut'));
  });

  it('a command gets the event on stdin and answers on stdout; its reported and unreported errors map', async () => {
    const ok = await run(
      'arn:aws:states:::lambda:invoke',
      {},
      { Parameters: { FunctionName: 'double', Payload: { n: 21 } } },
    );
    const out = JSON.parse(ok.d.output!) as { Payload: unknown; StatusCode: number; ExecutedVersion: string };
    assert.deepEqual(out.Payload, { doubled: 42, fn: 'double' });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    const events = await historyOf(api, ok.executionArn);
    assert.deepEqual(types(events).slice(2, 5), ['TaskScheduled', 'TaskStarted', 'TaskSucceeded']);
    const reported = await run(fn('double'), { n: 1000 });
    assert.equal(reported.d.error, 'ValueTooLarge');
    assert.equal(
      (JSON.parse(reported.d.cause!) as { errorMessage: string }).errorMessage,
      '1000 is too large',
    );
    const crashed = await run(fn('double'), { n: 1, crash: true });
    assert.equal(crashed.d.error, 'Lambda.Unknown');
  });

  it('functions without a local handler go to the Lambda Invoke API, with its error mapping', async () => {
    const echoed = await run(fn('remoteEcho:live'), { hello: 'world' });
    assert.deepEqual(JSON.parse(echoed.d.output!), { echoed: { hello: 'world' } });
    assert.ok(
      lambda.calls.some((c) => c.path === '/2015-03-31/functions/remoteEcho/invocations?Qualifier=live'),
    );
    const broken = await run(fn('remoteBroken'), {});
    assert.equal(broken.d.error, 'KeyError');
    const missing = await run(fn('remoteMissing'), {});
    assert.equal(missing.d.error, 'Lambda.ResourceNotFoundException');
    const down = await run(fn('remoteDown'), {});
    assert.equal(down.d.error, 'Lambda.ServiceException');
  });

  it('InvocationType Event answers 202 at once and DryRun 204, both with an empty Payload', async () => {
    const event = await run(
      'arn:aws:states:::lambda:invoke',
      {},
      { Parameters: { FunctionName: 'double', InvocationType: 'Event', Payload: { n: 1 } } },
    );
    const out = JSON.parse(event.d.output!) as { StatusCode: number; Payload: unknown };
    assert.equal(out.StatusCode, 202);
    assert.equal(out.Payload, '');
    const dry = await run(
      'arn:aws:states:::lambda:invoke',
      {},
      { Parameters: { FunctionName: 'orders', InvocationType: 'DryRun' } },
    );
    assert.equal((JSON.parse(dry.d.output!) as { StatusCode: number }).StatusCode, 204);
  });
});
