import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DEFAULTS } from '../../src/config/index.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { type Listening, onLoopback } from '../support/loopback.ts';
import { collector, type OtlpSpan } from './otlp-collector.ts';
import { sdkClient } from '../support/sdk-client.ts';

const ROLE = 'arn:aws:iam::123456789012:role/stepwise';

const attribute = (span: OtlpSpan, key: string): string | number | undefined => {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

describe('execution traces (OpenTelemetry, OTLP/HTTP)', () => {
  let otlp: Awaited<ReturnType<typeof collector>>;
  let target: Listening;
  const seen: IncomingHttpHeaders[] = [];
  let server: RunningServer;
  let client: SFNClient;
  let flaky = 0;

  before(async () => {
    otlp = await collector();
    target = await onLoopback(
      createServer((req, res) => {
        seen.push(req.headers);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }),
    );
    server = await startServer({
      ...DEFAULTS,
      host: '127.0.0.1',
      port: 0,
      examples: false,
      store: 'memory',
      integrations: { http: { allowHosts: ['127.0.0.1'] } },
      observability: { tracing: { endpoint: otlp.url } },
    });
    server.integrations.functions.register('flaky', () => {
      if (++flaky === 1) throw Object.assign(new Error('first try fails'), { name: 'Transient' });
      return { ok: true };
    });
    client = sdkClient(server.url);
  });
  after(async () => {
    await server.close();
    await target.close();
    await otlp.close();
  });

  const run = async (name: string, definition: object, enabled: boolean): Promise<string> => {
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({
        name,
        definition: JSON.stringify(definition),
        roleArn: ROLE,
        tracingConfiguration: { enabled },
      }),
    );
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    await server.engine.waitForExecution(executionArn!);
    await server.flushObservability();
    return executionArn!;
  };

  it('makes an execution one trace: states under it, tasks under their states, retries and errors as events', async () => {
    const executionArn = await run(
      'Traced',
      {
        StartAt: 'Fetch',
        States: {
          Fetch: {
            Type: 'Task',
            Resource: 'arn:aws:states:::http:invoke',
            Parameters: { ApiEndpoint: `${target.url}/orders`, Method: 'GET' },
            ResultSelector: { 'ok.$': '$.ResponseBody.ok' },
            Next: 'Both',
          },
          Both: {
            Type: 'Parallel',
            Branches: [
              {
                StartAt: 'Flaky',
                States: {
                  Flaky: {
                    Type: 'Task',
                    Resource: 'arn:aws:lambda:us-east-1:123456789012:function:flaky',
                    Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2 }],
                    End: true,
                  },
                },
              },
              { StartAt: 'Quick', States: { Quick: { Type: 'Pass', End: true } } },
            ],
            End: true,
          },
        },
      },
      true,
    );
    const root = otlp.spans.find((s) => attribute(s, 'aws.stepfunctions.execution.arn') === executionArn);
    assert.ok(root, 'the execution is exported as a root span');
    assert.equal(root.name, 'Traced');
    assert.equal(root.parentSpanId ?? '', '');
    assert.equal(attribute(root, 'aws.stepfunctions.execution.status'), 'SUCCEEDED');
    const trace = otlp.spans.filter((s) => s.traceId === root.traceId);
    const named = (name: string): OtlpSpan => {
      const span = trace.find((s) => s.name === name);
      assert.ok(span, `a span named ${name}`);
      return span;
    };
    const parentOf = (span: OtlpSpan): string | undefined =>
      trace.find((s) => s.spanId === span.parentSpanId)?.name;
    assert.equal(parentOf(named('Fetch')), 'Traced');
    assert.equal(parentOf(named('Both')), 'Traced');
    assert.equal(parentOf(named('Flaky')), 'Both', 'a branch’s states are inside their Parallel');
    assert.equal(parentOf(named('Quick')), 'Both');
    const http = named('arn:aws:states:::http:invoke');
    assert.equal(parentOf(http), 'Fetch');
    assert.equal(http.kind, 3, 'a task is a CLIENT span');
    const lambda = trace.filter((s) => s.name === 'arn:aws:lambda:us-east-1:123456789012:function:flaky');
    assert.equal(lambda.length, 2, 'one span per attempt');
    assert.deepEqual(lambda.map((s) => s.status?.code ?? 0).sort(), [0, 2]);
    const failed = lambda.find((s) => s.status?.code === 2)!;
    const exception = failed.events?.find((e) => e.name === 'exception');
    assert.equal(
      exception?.attributes?.find((a) => a.key === 'exception.type')?.value.stringValue,
      'Transient',
    );
    assert.deepEqual(
      named('Flaky').events?.map((e) => e.name),
      ['retry'],
    );
    // Spans take their times from the history: a state lies within its execution.
    assert.ok(BigInt(named('Both').startTimeUnixNano) >= BigInt(root.startTimeUnixNano));
    assert.ok(BigInt(named('Both').endTimeUnixNano) <= BigInt(root.endTimeUnixNano));
    assert.equal(otlp.resources.length > 0, true);

    // The HTTP task's request carried the trace: W3C traceparent naming the task's span.
    const headers = seen.at(-1)!;
    assert.equal(headers['traceparent'], `00-${root.traceId}-${http.spanId}-01`);
  });

  it('exports nothing for a state machine without tracing enabled, and sends no traceparent', async () => {
    const before = otlp.spans.length;
    const calls = seen.length;
    await run(
      'Untraced',
      {
        StartAt: 'Fetch',
        States: {
          Fetch: {
            Type: 'Task',
            Resource: 'arn:aws:states:::http:invoke',
            Parameters: { ApiEndpoint: target.url, Method: 'GET' },
            End: true,
          },
        },
      },
      false,
    );
    assert.equal(otlp.spans.length, before);
    assert.equal(seen.length, calls + 1);
    assert.equal(seen.at(-1)!['traceparent'], undefined);
  });

  it('marks a failed execution’s root span as an error with the execution’s error', async () => {
    const executionArn = await run(
      'Failing',
      { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Order.Invalid', Cause: 'no items' } } },
      true,
    );
    const root = otlp.spans.find((s) => attribute(s, 'aws.stepfunctions.execution.arn') === executionArn)!;
    assert.equal(root.status?.code, 2);
    assert.equal(root.status?.message, 'Order.Invalid');
    const fail = otlp.spans.find((s) => s.traceId === root.traceId && s.name === 'F')!;
    assert.equal(attribute(fail, 'aws.stepfunctions.state.type'), 'Fail');
  });
});
