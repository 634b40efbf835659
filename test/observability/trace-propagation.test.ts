// Trace context propagation through a loopback OTLP collector: taken from StartExecution's
// traceparent / X-Amzn-Trace-Id headers, and carried into local and remote Lambda calls and
// nested executions (the child's trace continues the parent's task span).
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULTS } from '../../src/config/index.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { type Listening, onLoopback } from '../support/loopback.ts';
import { collector, type OtlpSpan } from './otlp-collector.ts';

const ROLE = 'arn:aws:iam::123456789012:role/stepwise';
const ARN = 'arn:aws:states:us-east-1:123456789012';
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('trace context propagation', () => {
  let otlp: Awaited<ReturnType<typeof collector>>;
  let lambda: Listening;
  const remoteHeaders: IncomingHttpHeaders[] = [];
  const localHeaders: (Readonly<Record<string, string>> | undefined)[] = [];
  let server: RunningServer;

  before(async () => {
    otlp = await collector();
    // A Lambda Invoke API on loopback: remembers each invocation's headers.
    lambda = await onLoopback(
      createServer((req, res) => {
        remoteHeaders.push(req.headers);
        req.resume();
        req.on('end', () =>
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"remote":true}'),
        );
      }),
    );
    server = await startServer({
      ...DEFAULTS,
      host: '127.0.0.1',
      port: 0,
      examples: false,
      store: 'memory',
      integrations: {
        baseDir: join(import.meta.dirname, 'fixtures'),
        lambda: {
          endpoint: lambda.url,
          functions: {
            pooled: { handler: 'trace-handler.mjs#handler', timeout: 10 },
            // A command's process gets it in its environment.
            command: {
              command: [
                process.execPath,
                '-e',
                'process.stdout.write(JSON.stringify({env: process.env._X_AMZN_TRACE_ID ?? null, traceparent: process.env.TRACEPARENT ?? null}))',
              ],
              timeout: 10,
            },
          },
        },
      },
      observability: { tracing: { endpoint: otlp.url } },
    });
    server.integrations.functions.register('local', (_event, context) => {
      localHeaders.push(context.traceHeaders);
      return { local: true };
    });
  });
  after(async () => {
    await server.close();
    await lambda.close();
    await otlp.close();
  });

  const api = async <T>(action: string, body: object, headers: Record<string, string> = {}): Promise<T> => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: {
        'X-Amz-Target': `AWSStepFunctions.${action}`,
        'Content-Type': 'application/x-amz-json-1.0',
        ...headers,
      },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    assert.equal(res.status, 200, JSON.stringify(json));
    return json;
  };
  const create = (name: string, states: object, startAt: string): Promise<unknown> =>
    api('CreateStateMachine', {
      name,
      roleArn: ROLE,
      definition: JSON.stringify({ StartAt: startAt, States: states }),
      tracingConfiguration: { enabled: true },
    });
  const start = async (machine: string, headers: Record<string, string> = {}): Promise<string> => {
    const { executionArn } = await api<{ executionArn: string }>(
      'StartExecution',
      { stateMachineArn: `${ARN}:stateMachine:${machine}`, input: '{}' },
      headers,
    );
    await server.engine.waitForExecution(executionArn);
    await server.flushObservability();
    return executionArn;
  };
  const rootOf = (executionArn: string): OtlpSpan => {
    const root = otlp.spans.find((s) =>
      s.attributes?.some(
        (a) => a.key === 'aws.stepfunctions.execution.arn' && a.value.stringValue === executionArn,
      ),
    );
    assert.ok(root, `no root span for ${executionArn}`);
    return root;
  };

  it('continues the trace of StartExecution’s traceparent header', async () => {
    await create('FromW3c', { Only: { Type: 'Pass', End: true } }, 'Only');
    const root = rootOf(await start('FromW3c', { traceparent: `00-${TRACE}-${PARENT}-01` }));
    assert.equal(root.traceId, TRACE);
    assert.equal(root.parentSpanId, PARENT);
  });

  it('continues the trace of an X-Amzn-Trace-Id header (X-Ray’s root and parent)', async () => {
    await create('FromXray', { Only: { Type: 'Pass', End: true } }, 'Only');
    const root = rootOf(
      await start('FromXray', {
        'X-Amzn-Trace-Id': 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      }),
    );
    assert.equal(root.traceId, '5759e988bd862e3fe1be46a994272793');
    assert.equal(root.parentSpanId, '53995c3f42cd8ad8');
    // A request without a trace header starts a trace of its own.
    const fresh = rootOf(await start('FromXray'));
    assert.notEqual(fresh.traceId, root.traceId);
    assert.equal(fresh.parentSpanId ?? '', '');
  });

  it('continues the trace of StartExecution’s traceHeader, and DescribeExecution shows it', async () => {
    await create('FromBody', { Only: { Type: 'Pass', End: true } }, 'Only');
    const traceHeader = 'Root=1-5759e988-bd862e3fe1be46a994272794;Parent=53995c3f42cd8ad9;Sampled=1';
    const { executionArn } = await api<{ executionArn: string }>('StartExecution', {
      stateMachineArn: `${ARN}:stateMachine:FromBody`,
      input: '{}',
      traceHeader,
    });
    await server.engine.waitForExecution(executionArn);
    await server.flushObservability();
    const root = rootOf(executionArn);
    assert.equal(root.traceId, '5759e988bd862e3fe1be46a994272794');
    assert.equal(root.parentSpanId, '53995c3f42cd8ad9');
    const described = await api<{ traceHeader?: string }>('DescribeExecution', { executionArn });
    assert.equal(described.traceHeader, traceHeader);
  });

  it('hands the Lambda task’s span to local functions (in process, worker thread, command) and a remote Lambda API', async () => {
    await create(
      'Lambdas',
      {
        Local: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:local',
          Next: 'Pooled',
        },
        Pooled: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:pooled',
          Next: 'Command',
        },
        Command: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:command',
          Next: 'Remote',
        },
        Remote: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'elsewhere', Payload: {} },
          End: true,
        },
      },
      'Local',
    );
    const executionArn = await start('Lambdas');
    const root = rootOf(executionArn);
    const task = (resource: RegExp): OtlpSpan => {
      const span = otlp.spans.find(
        (s) => s.traceId === root.traceId && s.kind === 3 && resource.test(s.name),
      );
      assert.ok(span, `no task span ${resource}`);
      return span;
    };
    const local = task(/function:local$/);
    const remote = task(/lambda:invoke$/);
    const xray = (span: OtlpSpan): string =>
      `Root=1-${span.traceId.slice(0, 8)}-${span.traceId.slice(8)};Parent=${span.spanId};Sampled=1`;
    assert.deepEqual(localHeaders.at(-1), {
      traceparent: `00-${root.traceId}-${local.spanId}-01`,
      'X-Amzn-Trace-Id': xray(local),
    });
    // A worker thread's handler sees it as Lambda's runtime gives it: _X_AMZN_TRACE_ID, per invocation.
    const pooled = task(/function:pooled$/);
    const history = await server.engine.readExecutionHistory(executionArn);
    // Local's result, then Pooled's and Command's (Remote, a lambda:invoke, ends in TaskSucceeded).
    const pooledResult = history.filter((e) => e.type === 'LambdaFunctionSucceeded')[1];
    assert.ok(pooledResult);
    assert.deepEqual(JSON.parse(pooledResult['lambdaFunctionSucceededEventDetails']?.['output'] as string), {
      env: xray(pooled),
      traceparent: `00-${root.traceId}-${pooled.spanId}-01`,
    });
    const command = task(/function:command$/);
    const commandResult = history.filter((e) => e.type === 'LambdaFunctionSucceeded')[2];
    assert.deepEqual(
      JSON.parse(commandResult?.['lambdaFunctionSucceededEventDetails']?.['output'] as string),
      {
        env: xray(command),
        traceparent: `00-${root.traceId}-${command.spanId}-01`,
      },
    );
    assert.equal(remoteHeaders.at(-1)?.['traceparent'], `00-${root.traceId}-${remote.spanId}-01`);
    assert.equal(remoteHeaders.at(-1)?.['x-amzn-trace-id'], xray(remote));
  });

  it('makes a nested execution’s trace continue its parent’s task span', async () => {
    await create('Child', { Work: { Type: 'Pass', End: true } }, 'Work');
    await create(
      'Parent',
      {
        Nest: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: { StateMachineArn: `${ARN}:stateMachine:Child`, Input: {} },
          End: true,
        },
      },
      'Nest',
    );
    const parent = rootOf(await start('Parent', { traceparent: `00-${TRACE}-${PARENT}-01` }));
    const nest = otlp.spans.find((s) => s.traceId === TRACE && s.kind === 3 && /startExecution/.test(s.name));
    assert.ok(nest);
    const { executions } = await api<{ executions: { executionArn: string }[] }>('ListExecutions', {
      stateMachineArn: `${ARN}:stateMachine:Child`,
    });
    const child = rootOf(executions[0]!.executionArn);
    assert.equal(parent.traceId, TRACE);
    assert.equal(child.traceId, TRACE);
    assert.equal(child.parentSpanId, nest.spanId);
  });
});
