import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { SFNClient } from '@aws-sdk/client-sfn';
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DEFAULTS } from '../../src/config/index.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { sdkClient } from '../support/sdk-client.ts';

const ROLE = 'arn:aws:iam::123456789012:role/stepwise';
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:double';
const definition = (states: object, startAt: string): string =>
  JSON.stringify({ StartAt: startAt, States: states });

/** The value of one sample of a Prometheus text scrape, by metric name and exact label text. */
function sample(scrape: string, name: string, labels = ''): number | undefined {
  const line = scrape.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /metrics', () => {
  let server: RunningServer;
  let client: SFNClient;

  before(async () => {
    server = await startServer({ ...DEFAULTS, host: '127.0.0.1', port: 0, examples: false, store: 'memory' });
    server.integrations.functions.register('double', (event: unknown) => ({
      n: (event as { n: number }).n * 2,
    }));
    // Never answers: its execution stays open until stopped.
    server.integrations.functions.register('hang', () => new Promise<never>(() => {}));
    server.integrations.functions.register('boom', () => {
      throw new Error('boom');
    });
    client = sdkClient(server.url);
  });
  after(() => server.close());

  const scrape = async (): Promise<string> => {
    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it('counts executions by outcome and their tasks under AWS’s metric names, per state machine', async () => {
    const create = async (name: string, def: string, type?: 'EXPRESS'): Promise<string> =>
      (
        await client.send(
          new CreateStateMachineCommand({ name, definition: def, roleArn: ROLE, ...(type ? { type } : {}) }),
        )
      ).stateMachineArn!;
    const ok = await create(
      'Doubler',
      definition(
        {
          Twice: { Type: 'Task', Resource: LAMBDA, Next: 'Invoke' },
          Invoke: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'double', 'Payload.$': '$' },
            OutputPath: '$.Payload',
            End: true,
          },
        },
        'Twice',
      ),
    );
    const failing = await create(
      'Failing',
      definition(
        {
          Boom: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:boom', End: true },
        },
        'Boom',
      ),
    );
    const waiting = await create(
      'Waiting',
      definition({ W: { Type: 'Wait', Seconds: 600, End: true } }, 'W'),
    );
    const express = await create('Quick', definition({ P: { Type: 'Pass', End: true } }, 'P'), 'EXPRESS');

    const run = async (arn: string, input = '{"n": 1}'): Promise<void> => {
      const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn, input }));
      await server.engine.waitForExecution(executionArn!);
    };
    await run(ok);
    await run(ok);
    await run(failing);
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: waiting }));
    await client.send(new StopExecutionCommand({ executionArn }));
    await client.send(new StartSyncExecutionCommand({ stateMachineArn: express, input: '{}' }));

    const text = await scrape();
    const sm = (name: string): string => `state_machine="${name}"`;
    assert.equal(sample(text, 'stepwise_ExecutionsStarted', sm('Doubler')), 2);
    assert.equal(sample(text, 'stepwise_ExecutionsSucceeded', sm('Doubler')), 2);
    assert.equal(sample(text, 'stepwise_ExecutionsFailed', sm('Failing')), 1);
    assert.equal(sample(text, 'stepwise_ExecutionsAborted', sm('Waiting')), 1);
    assert.equal(
      sample(text, 'stepwise_ExecutionsSucceeded', sm('Quick')),
      1,
      'Express executions count too',
    );
    assert.equal(sample(text, 'stepwise_ExecutionsTimedOut', sm('Doubler')), 0);
    assert.equal(sample(text, 'stepwise_ExecutionThrottled'), 0);
    // ExecutionTime: a histogram in ms with AWS's name; every closed execution observed once.
    assert.equal(sample(text, 'stepwise_ExecutionTime_count', sm('Doubler')), 2);
    assert.equal(sample(text, 'stepwise_ExecutionTime_bucket', `le="+Inf",${sm('Doubler')}`), 2);
    assert.ok(text.includes(`stepwise_ExecutionTime_bucket{le="86400000",${sm('Doubler')}} 2`));

    const lambda = `${sm('Doubler')},resource="${LAMBDA}"`;
    for (const step of ['Scheduled', 'Started', 'Succeeded'])
      assert.equal(sample(text, `stepwise_LambdaFunctions${step}`, lambda), 2, step);
    assert.equal(sample(text, 'stepwise_LambdaFunctionRunTime_count', lambda), 2);
    assert.equal(sample(text, 'stepwise_LambdaFunctionScheduleTime_count', lambda), 2);
    assert.equal(sample(text, 'stepwise_LambdaFunctionTime_count', lambda), 2);
    const invoke = `${sm('Doubler')},resource="arn:aws:states:::lambda:invoke"`;
    assert.equal(sample(text, 'stepwise_ServiceIntegrationsScheduled', invoke), 2);
    assert.equal(sample(text, 'stepwise_ServiceIntegrationsSucceeded', invoke), 2);
    assert.equal(sample(text, 'stepwise_ServiceIntegrationTime_count', invoke), 2);
    const boom = `${sm('Failing')},resource="arn:aws:lambda:us-east-1:123456789012:function:boom"`;
    assert.equal(sample(text, 'stepwise_LambdaFunctionsFailed', boom), 1);
    assert.equal(sample(text, 'stepwise_LambdaFunctionsSucceeded', boom), 0);
  });

  it('shows the server’s own metrics: residency and HTTP requests by action and status', async () => {
    await client
      .send(
        new StartExecutionCommand({
          stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Nope',
        }),
      )
      .catch(() => {});
    await fetch(server.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSStepFunctions.MadeUp' },
      body: '{}',
    });
    const text = await scrape();
    assert.equal(sample(text, 'stepwise_open_executions', 'residency="memory"'), 0);
    assert.equal(sample(text, 'stepwise_parked_executions'), 0);
    assert.equal(sample(text, 'stepwise_http_requests_total', 'action="CreateStateMachine",status="200"'), 4);
    assert.equal(sample(text, 'stepwise_http_requests_total', 'action="StartExecution",status="400"'), 1);
    assert.equal(sample(text, 'stepwise_http_requests_total', 'action="UnknownOperation",status="400"'), 1);
    assert.equal(sample(text, 'stepwise_http_requests_total', 'action="/metrics",status="200"'), 1);
    assert.ok((sample(text, 'stepwise_process_resident_memory_bytes') ?? 0) > 0);
  });

  it('counts what an execution still running did so far, at every scrape', async () => {
    const hanging = 'arn:aws:lambda:us-east-1:123456789012:function:hang';
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({
        name: 'Hanging',
        definition: definition(
          { P: { Type: 'Pass', Next: 'H' }, H: { Type: 'Task', Resource: hanging, End: true } },
          'P',
        ),
        roleArn: ROLE,
      }),
    );
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
    const sm = 'state_machine="Hanging"';
    const lambda = `${sm},resource="${hanging}"`;
    let text = '';
    // The task is started once the execution's first turns have run.
    for (let i = 0; i < 50 && sample(text, 'stepwise_LambdaFunctionsStarted', lambda) !== 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      text = await scrape();
    }
    assert.equal(sample(text, 'stepwise_billed_state_transitions_total', sm), 2, 'P and H entered');
    assert.equal(sample(text, 'stepwise_LambdaFunctionsScheduled', lambda), 1);
    assert.equal(sample(text, 'stepwise_LambdaFunctionsStarted', lambda), 1);
    assert.equal(sample(text, 'stepwise_LambdaFunctionScheduleTime_count', lambda), 1);
    assert.equal(sample(text, 'stepwise_LambdaFunctionTime_count', lambda), 0, 'not closed');
    await client.send(new StopExecutionCommand({ executionArn }));
    await server.engine.waitForExecution(executionArn!);
    text = await scrape();
    assert.equal(sample(text, 'stepwise_ExecutionsAborted', sm), 1);
    assert.equal(sample(text, 'stepwise_billed_state_transitions_total', sm), 2);
  });

  it('refuses a scrape addressed to a name that is not the server’s (the DNS rebinding check)', async () => {
    const { port } = new URL(server.url);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/metrics', headers: { host: 'attacker.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject).end();
    });
    assert.equal(status, 403);
  });

  it('labels an execution started from a version or an alias with them, apart from unqualified starts', async () => {
    const created = await client.send(
      new CreateStateMachineCommand({
        name: 'Versioned',
        definition: definition({ Twice: { Type: 'Task', Resource: LAMBDA, End: true } }, 'Twice'),
        roleArn: ROLE,
        publish: true,
      }),
    );
    const version = created.stateMachineVersionArn!;
    const { stateMachineAliasArn: alias } = await client.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn: version, weight: 100 }],
      }),
    );
    for (const arn of [created.stateMachineArn!, version, version, alias!, alias!, alias!]) {
      const { executionArn } = await client.send(
        new StartExecutionCommand({ stateMachineArn: arn, input: '{"n": 1}' }),
      );
      await server.engine.waitForExecution(executionArn!);
    }
    const text = await scrape();
    const m = 'state_machine="Versioned"';
    assert.equal(sample(text, 'stepwise_ExecutionsSucceeded', m), 1);
    assert.equal(sample(text, 'stepwise_ExecutionsSucceeded', `${m},version="1"`), 2);
    assert.equal(sample(text, 'stepwise_ExecutionsStarted', `${m},version="1",alias="live"`), 3);
    assert.equal(sample(text, 'stepwise_ExecutionTime_count', `${m},version="1",alias="live"`), 3);
    assert.equal(
      sample(text, 'stepwise_LambdaFunctionsSucceeded', `${m},version="1",alias="live",resource="${LAMBDA}"`),
      3,
    );
    // Billing is the machine's, whatever it was started from.
    assert.equal(sample(text, 'stepwise_billed_state_transitions_total', m), 6);
  });
});
