// Forking an Express execution from its execution log (a Stepwise extension,
// docs/fork-and-compare.md), through a real server: at every event of a logged run (each fork
// ends as the run did, the task before the fork point not called again), with an edited input,
// a fork of a fork, a log that goes to standard output (kept in memory), and the refusals.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateStateMachineCommand, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import type { LogLevel, SFNClient } from '@aws-sdk/client-sfn';
import { DEFAULTS } from '../../src/config/index.ts';
import type { ExecutionRecord } from '../../src/engine/index.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { sdkClient } from '../support/sdk-client.ts';

const ROLE = 'arn:aws:iam::123456789012:role/stepwise';
const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const group = (name: string) => `arn:aws:logs:us-east-1:123456789012:log-group:${name}:*`;

/** JSONata: Load (a function) → Scale (a variable) → Check (Choice on the total) → Big | Small. */
const MACHINE = JSON.stringify({
  QueryLanguage: 'JSONata',
  StartAt: 'Load',
  States: {
    Load: {
      Type: 'Task',
      Resource: fn('load'),
      Arguments: { n: '{% $states.input.n %}' },
      Assign: { factor: 2 },
      Output: '{% $states.result %}',
      Next: 'Scale',
    },
    Scale: { Type: 'Pass', Output: { total: '{% $states.input.n * $factor %}' }, Next: 'Check' },
    Check: {
      Type: 'Choice',
      Choices: [{ Condition: '{% $states.input.total > 10 %}', Next: 'Big' }],
      Default: 'Small',
    },
    Big: { Type: 'Pass', Output: { size: 'big', total: '{% $states.input.total %}' }, End: true },
    Small: { Type: 'Pass', Output: { size: 'small', total: '{% $states.input.total %}' }, End: true },
  },
});

type LogRecord = { id: string; type: string; details?: Record<string, unknown>; execution_arn: string };

describe('StartForkedExecution of an Express execution, from its log', () => {
  let server: RunningServer;
  let client: SFNClient;
  let dir: string;
  let loads = 0;
  let orders: string;
  const closed = new Map<string, ExecutionRecord>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-fork-express-'));
    server = await startServer({
      ...DEFAULTS,
      host: '127.0.0.1',
      port: 0,
      examples: false,
      store: 'memory',
      observability: {
        logs: {
          // The default destination stays standard output (the `stdout` machine below).
          logGroups: {
            [group('orders')]: { file: join(dir, 'orders.jsonl') },
            [group('small')]: { file: join(dir, 'small.jsonl'), maxBytes: 3000, maxFiles: 1 },
          },
        },
      },
    });
    server.integrations.functions.register('load', (event) => {
      loads++;
      return Promise.resolve({ n: (event as { n: number }).n });
    });
    // How a fork whose log goes to standard output is seen to end (its log lines are not read back).
    server.engine.observe({ closed: ({ record }) => void closed.set(record.executionArn, record) });
    client = sdkClient(server.url);
  });
  after(async () => {
    client.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const create = async (
    name: string,
    level: LogLevel,
    includeExecutionData: boolean,
    logGroup = group('orders'),
    definition = MACHINE,
  ): Promise<string> =>
    (
      await client.send(
        new CreateStateMachineCommand({
          name,
          definition,
          roleArn: ROLE,
          type: 'EXPRESS',
          loggingConfiguration: {
            level,
            includeExecutionData,
            ...(level === 'OFF'
              ? {}
              : { destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: logGroup } }] }),
          },
        }),
      )
    ).stateMachineArn!;
  const run = async (stateMachineArn: string, input: string) => {
    const done = await client.send(new StartSyncExecutionCommand({ stateMachineArn, input }));
    assert.equal(done.status, 'SUCCEEDED', done.cause);
    return done;
  };
  const fork = async (body: Record<string, unknown>) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.StartForkedExecution',
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const logOf = async (file: string, executionArn: string): Promise<LogRecord[]> => {
    await server.flushObservability();
    const path = join(dir, file);
    if (!existsSync(path)) return [];
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as LogRecord)
      .filter((r) => r.execution_arn === executionArn);
  };
  /** The fork's log once it has closed (an Express execution's only history). */
  const closedLog = async (executionArn: string): Promise<LogRecord[]> => {
    for (;;) {
      const log = await logOf('orders.jsonl', executionArn);
      if (log.at(-1)?.type.startsWith('Execution') && log.length > 1) return log;
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  test('from every event of a logged run: each fork ends as the run did, copied tasks not called again', async () => {
    orders = await create('orders', 'ALL', true);
    const source = await run(orders, '{"n":3}');
    assert.equal(source.output, '{"size":"small","total":6}');
    const logged = await logOf('orders.jsonl', source.executionArn!);
    assert.equal(logged.at(-1)?.type, 'ExecutionSucceeded');
    const succeededAt = Number(logged.find((r) => r.type === 'LambdaFunctionSucceeded')!.id);
    for (const record of logged) {
      const eventId = Number(record.id);
      const before = loads;
      const res = await fork({ executionArn: source.executionArn, eventId });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const arn = res.json['executionArn'] as string;
      assert.match(arn, /^arn:aws:states:us-east-1:123456789012:express:orders:[^:]+:[^:]+$/);
      const log = await closedLog(arn);
      // The same path, the same events, the same output as the run it was forked from.
      assert.deepEqual(
        log.map((r) => r.type),
        logged.map((r) => r.type),
        `fork at event ${eventId}`,
      );
      assert.deepEqual(log.at(-1)?.details, logged.at(-1)?.details, `fork at event ${eventId}`);
      // Events up to the fork point are the source's, copied as they were.
      assert.deepEqual(
        log.filter((r) => Number(r.id) <= eventId && r.type !== 'ExecutionSucceeded').map((r) => r.details),
        logged
          .filter((r) => Number(r.id) <= eventId && r.type !== 'ExecutionSucceeded')
          .map((r) => r.details),
      );
      assert.equal(
        loads - before,
        eventId >= succeededAt ? 0 : 1,
        `Load calls of a fork at event ${eventId}`,
      );
    }
  });

  test('an edited input at a state entry, and a fork of that fork', async () => {
    const source = await run(orders, '{"n":3}');
    const logged = await logOf('orders.jsonl', source.executionArn!);
    const scale = logged.find((r) => r.type === 'PassStateEntered' && r.details?.['name'] === 'Scale')!;
    const before = loads;
    const res = await fork({
      executionArn: source.executionArn,
      eventId: Number(scale.id),
      input: '{"n":7}',
    });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const first = res.json['executionArn'] as string;
    const log = await closedLog(first);
    assert.deepEqual(log.at(-1)?.details?.['output'], '{"size":"big","total":14}');
    assert.equal(loads, before);
    // The fork's log is whole (copied events included): it can be forked in turn.
    const check = log.find((r) => r.type === 'ChoiceStateEntered')!;
    const again = await fork({ executionArn: first, eventId: Number(check.id), input: '{"total":1}' });
    assert.equal(again.status, 200, JSON.stringify(again.json));
    const second = await closedLog(again.json['executionArn'] as string);
    assert.equal(second.at(-1)?.details?.['output'], '{"size":"small","total":1}');
    assert.equal(second.find((r) => r.type === 'PassStateEntered')?.details?.['input'], '{"n":7}');
  });

  test('a log that goes to standard output: recent executions are kept in memory', async () => {
    // The log lines the server writes to standard output, caught here (and kept off the test's).
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string | Uint8Array, ...rest: never[]) => {
      const text = String(chunk);
      if (!text.includes('"execution_arn"')) return write(chunk, ...rest);
      lines.push(...text.split('\n').filter((l) => l !== ''));
      return true;
    };
    try {
      const stdout = await create(
        'stdout',
        'ALL',
        true,
        group('unmapped'),
        JSON.stringify({
          StartAt: 'Add',
          States: {
            Add: { Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, 1)' }, Next: 'Done' },
            Done: { Type: 'Pass', End: true },
          },
        }),
      );
      const source = await run(stdout, '{"a":1}');
      const res = await fork({ executionArn: source.executionArn, eventId: 2, input: '{"a":41}' });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const arn = res.json['executionArn'] as string;
      while (!closed.has(arn)) await new Promise((r) => setTimeout(r, 10));
      assert.equal(closed.get(arn)?.status, 'SUCCEEDED');
      assert.equal(closed.get(arn)?.output, '{"sum":42}');
      // One it does not keep (here: never run) is refused, saying where its log went.
      const gone = await fork({
        executionArn: source.executionArn!.replace(/:[^:]+$/, ':other'),
        eventId: 1,
      });
      assert.equal(gone.status, 400);
      assert.match(
        String(gone.json['message']),
        /its log went to standard output, which Stepwise cannot read back/,
      );
      await server.flushObservability();
      const log = lines.map((l) => JSON.parse(l) as LogRecord).filter((r) => r.execution_arn === arn);
      assert.deepEqual(
        log.map((r) => r.type),
        [
          'ExecutionStarted',
          'PassStateEntered',
          'PassStateExited',
          'PassStateEntered',
          'PassStateExited',
          'ExecutionSucceeded',
        ],
      );
    } finally {
      process.stdout.write = write;
    }
  });

  test('refused with the reason when the log does not hold every event with its data', async () => {
    const refused = async (executionArn: string | undefined, why: RegExp) => {
      const res = await fork({ executionArn, eventId: 1 });
      assert.equal(res.status, 400, JSON.stringify(res.json));
      assert.match(String(res.json['__type']), /ValidationException$/);
      assert.match(String(res.json['message']), /^Cannot fork Express execution 'arn:aws:states:[^']+': /);
      assert.match(String(res.json['message']), why);
    };
    const errors = await create('errors-only', 'ERROR', true);
    await refused((await run(errors, '{"n":1}')).executionArn, /level is ERROR, not ALL/);
    const noData = await create('no-data', 'ALL', false);
    await refused((await run(noData, '{"n":1}')).executionArn, /includeExecutionData false/);
    const off = await create('off', 'OFF', false);
    await refused((await run(off, '{"n":1}')).executionArn, /level is OFF/);
    // A small log file rotated once: the oldest executions' lines are gone.
    const small = await create('small', 'ALL', true, group('small'));
    const gone = (await run(small, '{"n":1}')).executionArn!;
    while ((await logOf('small.jsonl', gone)).length > 0 || (await logOf('small.jsonl.1', gone)).length > 0) {
      await run(small, '{"n":2}');
    }
    await refused(gone, /rotated away/);
    const unknown = await fork({
      executionArn: 'arn:aws:states:us-east-1:123456789012:express:nope:a:b',
      eventId: 1,
    });
    assert.match(String(unknown.json['__type']), /ExecutionDoesNotExist$/);
    const child = await fork({
      executionArn: 'arn:aws:states:us-east-1:123456789012:express:orders/Map:a:a',
      eventId: 1,
    });
    assert.match(String(child.json['__type']), /ExecutionNotForkable$/);
  });
});
