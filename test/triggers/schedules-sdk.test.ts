// The schedules API through EventBridge Scheduler's own SDK client, against a real server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import type { RunningServer } from '../../src/server/index.ts';
import { DEFAULTS, startServer } from '../../src/server/index.ts';

const ROLE = 'arn:aws:iam::123456789012:role/scheduler';
const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

describe('schedules API with @aws-sdk/client-scheduler', () => {
  let server: RunningServer;
  let client: SchedulerClient;
  let machine: string;
  before(async () => {
    server = await startServer({ ...DEFAULTS, port: 0, host: '127.0.0.1', store: 'memory', examples: false });
    client = new SchedulerClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    machine = server.engine.createStateMachine({
      name: 'Nightly',
      definition: PASS,
      roleArn: ROLE,
    }).stateMachineArn;
  });
  after(async () => {
    client.destroy();
    await server.close();
  });

  it('creates, gets, lists, updates and deletes a schedule', async () => {
    const created = await client.send(
      new CreateScheduleCommand({
        Name: 'nightly',
        ScheduleExpression: 'cron(0 2 * * ? *)',
        ScheduleExpressionTimezone: 'Europe/Berlin',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: machine, RoleArn: ROLE, Input: '{"job":"cleanup"}' },
        EndDate: new Date('2030-01-01T00:00:00Z'),
      }),
    );
    assert.equal(created.ScheduleArn, 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/nightly');
    const got = await client.send(new GetScheduleCommand({ Name: 'nightly' }));
    assert.equal(got.ScheduleExpression, 'cron(0 2 * * ? *)');
    assert.equal(got.ScheduleExpressionTimezone, 'Europe/Berlin');
    assert.equal(got.State, 'ENABLED');
    assert.equal(got.GroupName, 'default');
    assert.deepEqual(got.Target, { Arn: machine, RoleArn: ROLE, Input: '{"job":"cleanup"}' });
    assert.equal(got.EndDate?.toISOString(), '2030-01-01T00:00:00.000Z');
    assert.ok(got.CreationDate instanceof Date);
    const listed = await client.send(new ListSchedulesCommand({ NamePrefix: 'night' }));
    assert.deepEqual(
      listed.Schedules?.map((s) => [s.Name, s.State, s.Target?.Arn]),
      [['nightly', 'ENABLED', machine]],
    );
    await client.send(
      new UpdateScheduleCommand({
        Name: 'nightly',
        ScheduleExpression: 'cron(0 3 * * ? *)',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
        State: 'DISABLED',
        Target: { Arn: machine, RoleArn: ROLE },
      }),
    );
    const updated = await client.send(new GetScheduleCommand({ Name: 'nightly', GroupName: 'default' }));
    assert.equal(updated.State, 'DISABLED');
    assert.deepEqual(updated.FlexibleTimeWindow, { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 });
    await client.send(new DeleteScheduleCommand({ Name: 'nightly' }));
    await assert.rejects(client.send(new GetScheduleCommand({ Name: 'nightly' })), ResourceNotFoundException);
  });

  it('answers AWS-shaped errors: conflicts, unknown schedules, bad expressions', async () => {
    const input = {
      Name: 'twice',
      ScheduleExpression: 'rate(1 day)',
      FlexibleTimeWindow: { Mode: 'OFF' as const },
      Target: { Arn: machine, RoleArn: ROLE },
    };
    await client.send(new CreateScheduleCommand(input));
    await assert.rejects(client.send(new CreateScheduleCommand(input)), ConflictException);
    await assert.rejects(
      client.send(new DeleteScheduleCommand({ Name: 'never' })),
      ResourceNotFoundException,
    );
    await assert.rejects(
      client.send(
        new CreateScheduleCommand({ ...input, Name: 'bad', ScheduleExpression: 'cron(0 2 * * * *)' }),
      ),
      (e: unknown) => e instanceof ValidationException && /Invalid Schedule Expression/.test(e.message),
    );
    await assert.rejects(
      client.send(
        new CreateScheduleCommand({ ...input, Name: 'tz', ScheduleExpressionTimezone: 'Mars/Olympus' }),
      ),
      ValidationException,
    );
    await client.send(new DeleteScheduleCommand({ Name: 'twice' }));
  });

  it('a rate schedule without StartDate starts its first execution at once', async () => {
    await client.send(
      new CreateScheduleCommand({
        Name: 'now',
        ScheduleExpression: 'rate(1 hour)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: machine, RoleArn: ROLE, Input: '{"n":1}' },
      }),
    );
    for (let i = 0; i < 100 && server.engine.listExecutions(machine).length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const [execution] = server.engine.listExecutions(machine);
    assert.match(execution?.name ?? '', /^now-\d{8}T\d{6}Z$/);
    await client.send(new DeleteScheduleCommand({ Name: 'now' }));
  });
});
