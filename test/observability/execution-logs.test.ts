import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { LogLevel, SFNClient } from '@aws-sdk/client-sfn';
import { DEFAULTS, type ObservabilitySettings } from '../../src/config/index.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { logCollector } from './otlp-collector.ts';
import { sdkClient } from '../support/sdk-client.ts';

// The three machines and their logs as LocalStack's tests recorded them on AWS
// (tests/aws/services/stepfunctions/v2/logs/test_logs.snapshot.json): input "{}", role ROLE.
const ROLE = 'arn:aws:iam::123456789012:role/stepwise';
const PASS_RESULT = {
  StartAt: 'State_1',
  States: { State_1: { Type: 'Pass', Result: { Arg1: 'argument1' }, End: true } },
};
const CAUSE = "This state machines raises a 'SomeFailure' failure.";
const RAISE_FAILURE = {
  StartAt: 'FailState',
  States: { FailState: { Type: 'Fail', Error: 'SomeFailure', Cause: CAUSE } },
};
const WAIT_SECONDS_PATH = {
  StartAt: 'WaitState',
  States: { WaitState: { Type: 'Wait', SecondsPath: '$.input.waitSeconds', End: true } },
};
const EMPTY = { input: '{}', inputDetails: { truncated: false } };
const ARG1 = { output: '{"Arg1":"argument1"}', outputDetails: { truncated: false } };

/**
 * AWS gives the first state's entered event previousEventId 0 (not 1, the ExecutionStarted
 * event): Stepwise's history says 1, and its log follows its history (GetExecutionHistory and
 * the log agree). The one place the recording is not matched; see the engine's history.
 */
const FIRST = 1;

/** A record as recorded, without the fields each run changes (timestamp, ARN). */
type Expected = [id: number, type: string, previous: number, details: Record<string, unknown>];

/** AWS's recorded logs, by machine, level and includeExecutionData. */
const RECORDED: ReadonlyArray<readonly [string, object, LogLevel, boolean, Expected[]]> = [
  [
    'pass_result',
    PASS_RESULT,
    'ALL',
    true,
    [
      [1, 'ExecutionStarted', 0, { ...EMPTY, roleArn: ROLE }],
      [2, 'PassStateEntered', FIRST, { ...EMPTY, name: 'State_1' }],
      [3, 'PassStateExited', 2, { name: 'State_1', ...ARG1 }],
      [4, 'ExecutionSucceeded', 3, ARG1],
    ],
  ],
  [
    'pass_result',
    PASS_RESULT,
    'ALL',
    false,
    [
      [1, 'ExecutionStarted', 0, { roleArn: ROLE }],
      [2, 'PassStateEntered', FIRST, { name: 'State_1' }],
      [3, 'PassStateExited', 2, { name: 'State_1' }],
      [4, 'ExecutionSucceeded', 3, {}],
    ],
  ],
  ['pass_result', PASS_RESULT, 'ERROR', true, []],
  ['pass_result', PASS_RESULT, 'FATAL', true, []],
  ['pass_result', PASS_RESULT, 'OFF', true, []],
  [
    'raise_failure',
    RAISE_FAILURE,
    'ALL',
    false,
    [
      [1, 'ExecutionStarted', 0, { roleArn: ROLE }],
      [2, 'FailStateEntered', FIRST, { name: 'FailState' }],
      [3, 'ExecutionFailed', 2, { cause: CAUSE, error: 'SomeFailure' }],
    ],
  ],
  [
    'raise_failure',
    RAISE_FAILURE,
    'ERROR',
    true,
    [
      [2, 'FailStateEntered', FIRST, { ...EMPTY, name: 'FailState' }],
      [3, 'ExecutionFailed', 2, { cause: CAUSE, error: 'SomeFailure' }],
    ],
  ],
  [
    'raise_failure',
    RAISE_FAILURE,
    'FATAL',
    true,
    [[3, 'ExecutionFailed', 2, { cause: CAUSE, error: 'SomeFailure' }]],
  ],
  [
    'wait_seconds_path',
    WAIT_SECONDS_PATH,
    'ALL',
    false,
    [
      [1, 'ExecutionStarted', 0, { roleArn: ROLE }],
      [2, 'WaitStateEntered', FIRST, { name: 'WaitState' }],
      [
        3,
        'ExecutionFailed',
        2,
        {
          cause:
            "An error occurred while executing the state 'WaitState' (entered at the event id #2). The SecondsPath parameter does not reference an input value: $.input.waitSeconds",
          error: 'States.Runtime',
        },
      ],
    ],
  ],
];

const GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/recorded:*';

describe('execution logs', () => {
  let server: RunningServer;
  let client: SFNClient;
  let dir: string;

  /** A server (in memory) whose execution logs go as `logs` says, and its client. */
  const serve = async (logs: NonNullable<ObservabilitySettings['logs']>): Promise<void> => {
    server = await startServer({
      ...DEFAULTS,
      host: '127.0.0.1',
      port: 0,
      examples: false,
      store: 'memory',
      observability: { logs },
    });
    client = sdkClient(server.url);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-logs-'));
    await serve({
      destination: { file: join(dir, 'default.jsonl') },
      // Mapped without its `:*`: either spelling of the group's ARN finds it.
      logGroups: { [GROUP.slice(0, -2)]: { file: join(dir, 'recorded.jsonl') } },
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const logged = (file: string): Record<string, unknown>[] => {
    try {
      return readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    } catch {
      return [];
    }
  };

  const create = async (
    name: string,
    definition: object,
    level: LogLevel,
    includeExecutionData: boolean,
    group = GROUP,
    type?: 'EXPRESS',
  ): Promise<string> =>
    (
      await client.send(
        new CreateStateMachineCommand({
          name,
          definition: JSON.stringify(definition),
          roleArn: ROLE,
          ...(type ? { type } : {}),
          loggingConfiguration: {
            level,
            includeExecutionData,
            ...(level === 'OFF'
              ? {}
              : { destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: group } }] }),
          },
        }),
      )
    ).stateMachineArn!;

  it('writes AWS’s recorded records for each level and includeExecutionData, field by field', async () => {
    for (const [machine, definition, level, data, expected] of RECORDED) {
      const name = `${machine}_${level}_${data}`;
      const arn = await create(name, definition, level, data);
      const { executionArn } = await client.send(
        new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }),
      );
      const done = await server.engine.waitForExecution(executionArn!);
      await server.flushObservability();
      const records = logged('recorded.jsonl').filter((r) => r['execution_arn'] === executionArn);
      assert.deepEqual(
        records.map((r) => {
          // Epoch milliseconds, as a string, within the execution's time.
          const at = Number(r['event_timestamp']);
          assert.match(String(r['event_timestamp']), /^\d{13}$/);
          assert.ok(at >= done.startDate && at <= (done.stopDate ?? at), name);
          return { ...r, event_timestamp: 'timestamp' };
        }),
        expected.map(([id, type, previous, details]) => ({
          id: String(id),
          type,
          details,
          previous_event_id: String(previous),
          event_timestamp: 'timestamp',
          execution_arn: executionArn,
          redrive_count: '0',
        })),
        name,
      );
      // The keys in AWS's order: id, type, details, previous_event_id, event_timestamp, …
      for (const r of records)
        assert.deepEqual(Object.keys(r), [
          'id',
          'type',
          'details',
          'previous_event_id',
          'event_timestamp',
          'execution_arn',
          'redrive_count',
        ]);
    }
  });

  it('logs Express executions (their only history) to the default destination of an unmapped group', async () => {
    const arn = await create(
      'express_all',
      PASS_RESULT,
      'ALL',
      true,
      'arn:aws:logs:us-east-1:123456789012:log-group:elsewhere:*',
      'EXPRESS',
    );
    const done = await client.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: '{}' }));
    assert.equal(done.status, 'SUCCEEDED');
    await server.flushObservability();
    const records = logged('default.jsonl').filter((r) => r['execution_arn'] === done.executionArn);
    assert.deepEqual(
      records.map((r) => r['type']),
      ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded'],
    );
    assert.deepEqual(records[3]?.['details'], ARG1);
  });

  it('rotates a file destination at its size limit, keeping maxFiles old files', async () => {
    await server.close();
    await serve({ destination: { file: join(dir, 'small', 'log.jsonl'), maxBytes: 2048, maxFiles: 2 } });
    const arn = await create('rotated', PASS_RESULT, 'ALL', true);
    for (let i = 0; i < 12; i++) {
      const { executionArn } = await client.send(
        new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }),
      );
      await server.engine.waitForExecution(executionArn!);
      await server.flushObservability();
    }
    assert.deepEqual(readdirSync(join(dir, 'small')).sort(), ['log.jsonl', 'log.jsonl.1', 'log.jsonl.2']);
    for (const file of ['log.jsonl', 'log.jsonl.1', 'log.jsonl.2']) {
      const text = readFileSync(join(dir, 'small', file), 'utf8');
      assert.ok(Buffer.byteLength(text) <= 2048, file);
      for (const line of text.trim().split('\n'))
        assert.equal((JSON.parse(line) as { type: string }).type.length > 0, true);
    }
  });

  it('sends each record to an OTLP/HTTP logs endpoint, a log record a line, in order', async () => {
    const collector = await logCollector();
    await server.close();
    // A collector's base URL: the exporter posts to its /v1/logs.
    await serve({ destination: { otlp: collector.url } });
    try {
      const arn = await create('exported', PASS_RESULT, 'ALL', true);
      const { executionArn } = await client.send(
        new StartExecutionCommand({ stateMachineArn: arn, input: '{"a":1}' }),
      );
      await server.engine.waitForExecution(executionArn!);
      await server.flushObservability();
      const records = collector.records.map(
        (r) => JSON.parse(r.body?.stringValue ?? '{}') as Record<string, unknown>,
      );
      const history = server.engine.getExecutionHistory(executionArn!);
      assert.deepEqual(
        records.map((r) => [r['execution_arn'], r['type'], r['id']]),
        history.map((e) => [executionArn, e.type, String(e.id)]),
      );
      assert.deepEqual(
        records.map((r) => Object.keys(r).sort()),
        records.map(() =>
          [
            'details',
            'event_timestamp',
            'execution_arn',
            'id',
            'previous_event_id',
            'redrive_count',
            'type',
          ].sort(),
        ),
      );
      assert.equal(JSON.stringify(collector.resources[0]).includes('"stepwise"'), true, 'service.name');
    } finally {
      await collector.close();
    }
  });
});
