import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Engine } from '../../engine/index.ts';
import { ServiceError } from '../../engine/index.ts';
import { MemoryStore } from '../../store/drivers.ts';
import { engineOn, VirtualClock } from '../../test-support/engine-harness.ts';
import type { ScheduleSettings } from './schedule.ts';
import { ScheduleBook } from './schedule-book.ts';
import { ScheduleRunner } from './schedule-runner.ts';
import { DeadLetters } from './dead-letters.ts';

const ROLE = 'arn:aws:iam::123456789012:role/Scheduler';
const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
const HOUR = 3_600_000;

function setup(start = Date.UTC(2024, 0, 1)) {
  const clock = new VirtualClock(start);
  const store = new MemoryStore();
  const engine = engineOn(store, clock);
  const sm = engine.createStateMachine({ name: 'Nightly', definition: PASS, roleArn: ROLE });
  const book = new ScheduleBook(store, 'us-east-1', '123456789012');
  const logs: string[] = [];
  const runner = (e: Engine = engine) =>
    new ScheduleRunner({ book, engine: e, clock, log: (l) => logs.push(l) });
  const settings = (over: Partial<ScheduleSettings> = {}): ScheduleSettings => ({
    ScheduleExpression: 'rate(1 hour)',
    FlexibleTimeWindow: { Mode: 'OFF' },
    State: 'ENABLED',
    Target: { Arn: sm.stateMachineArn, RoleArn: ROLE, Input: '{"from":"schedule"}' },
    ActionAfterCompletion: 'NONE',
    ...over,
  });
  const names = (): string[] =>
    engine
      .listExecutions(sm.stateMachineArn)
      .map((e) => e.name)
      .sort();
  return { clock, store, engine, sm, book, runner, settings, names, logs };
}

describe('ScheduleRunner', () => {
  it('starts one execution per scheduled time, named for it, with the target input', async () => {
    const t = setup();
    await t.book.create('default', 'hourly', t.settings(), t.clock.now());
    const r = t.runner();
    r.start();
    await t.clock.advance(2 * HOUR + 1000);
    await r.stop();
    assert.deepEqual(t.names(), [
      'hourly-20240101T000000Z',
      'hourly-20240101T010000Z',
      'hourly-20240101T020000Z',
    ]);
    const [first] = t.engine.listExecutions(t.sm.stateMachineArn);
    assert.equal(t.engine.describeExecution(first!.executionArn).input, '{"from":"schedule"}');
    assert.equal((await t.book.get('default', 'hourly'))?.handledThrough, Date.UTC(2024, 0, 1, 2));
  });

  it('a cron in a time zone fires on its wall clock; a disabled schedule never fires', async () => {
    const t = setup(Date.UTC(2024, 2, 9, 12));
    await t.book.create(
      'default',
      'nightly',
      t.settings({ ScheduleExpression: 'cron(0 2 * * ? *)', ScheduleExpressionTimezone: 'Europe/Berlin' }),
      t.clock.now(),
    );
    await t.book.create('default', 'off', t.settings({ State: 'DISABLED' }), t.clock.now());
    const r = t.runner();
    r.start();
    await t.clock.advance(48 * HOUR);
    await r.stop();
    // 02:00 CET is 01:00Z.
    assert.deepEqual(t.names(), ['nightly-20240310T010000Z', 'nightly-20240311T010000Z']);
  });

  it('after downtime only the latest missed time fires, and none older than the maximum event age', async () => {
    const t = setup();
    await t.book.create('default', 'hourly', t.settings(), t.clock.now());
    await t.book.create(
      'default',
      'strict',
      t.settings({ Target: { ...t.settings().Target, RetryPolicy: { MaximumEventAgeInSeconds: 60 } } }),
      t.clock.now(),
    );
    // The server was down for 5.5 hours: no runner.
    await t.clock.advance(5.5 * HOUR);
    const r = t.runner();
    r.start();
    await t.clock.advance(1000);
    await r.stop();
    assert.deepEqual(t.names(), ['hourly-20240101T050000Z']);
    assert.ok(
      t.logs.some((l) => /hourly: 5 older missed time\(s\) skipped/.test(l)),
      t.logs.join('\n'),
    );
    assert.ok(t.logs.some((l) => /strict: 6 missed time\(s\) older than the maximum event age/.test(l)));
  });

  it('two runners on one store (two servers, a restart mid-fire) start each scheduled time once', async () => {
    const t = setup();
    await t.book.create('default', 'hourly', t.settings(), t.clock.now());
    const [a, b] = [t.runner(), t.runner()];
    a.start();
    b.start();
    await t.clock.advance(3 * HOUR + 1000);
    await Promise.all([a.stop(), b.stop()]);
    assert.equal(t.names().length, 4);
    assert.equal(new Set(t.names()).size, 4);
    const outcomes = [...a.fired, ...b.fired].map((f) => f.outcome);
    assert.ok(outcomes.includes('started'));
  });

  it('a flexible window fires within it; an at() schedule fires once and DELETE removes it', async () => {
    const t = setup();
    await t.book.create(
      'default',
      'flex',
      t.settings({
        ScheduleExpression: 'cron(0 6 * * ? *)',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 30 },
      }),
      t.clock.now(),
    );
    await t.book.create(
      'default',
      'once',
      t.settings({ ScheduleExpression: 'at(2024-01-01T03:00:00)', ActionAfterCompletion: 'DELETE' }),
      t.clock.now(),
    );
    const r = t.runner();
    r.start();
    await t.clock.advance(7 * HOUR);
    await r.stop();
    assert.deepEqual(t.names(), ['flex-20240101T060000Z', 'once-20240101T030000Z']);
    const flex = t.engine.listExecutions(t.sm.stateMachineArn).find((e) => e.name.startsWith('flex'))!;
    assert.ok(flex.startDate >= Date.UTC(2024, 0, 1, 6) && flex.startDate < Date.UTC(2024, 0, 1, 6, 30));
    assert.equal(await t.book.get('default', 'once'), undefined);
  });

  it('a start the store keeps refusing is retried per the RetryPolicy, then dead-lettered', async () => {
    const t = setup();
    const queue = 'arn:aws:sqs:us-east-1:123456789012:dlq';
    await t.book.create(
      'default',
      'busy',
      t.settings({
        Target: {
          ...t.settings().Target,
          RetryPolicy: { MaximumRetryAttempts: 3 },
          DeadLetterConfig: { Arn: queue },
        },
      }),
      t.clock.now(),
    );
    let calls = 0;
    const refusing = {
      startExecution: () => {
        calls++;
        throw new ServiceError('ServiceUnavailableException', 'the store is away');
      },
      writesOf: (f: () => unknown) => f(),
      reading: (f: () => unknown) => Promise.resolve().then(f),
    } as unknown as Engine;
    const sent: { queue: string; body: string; attributes: Record<string, string> }[] = [];
    const deadLetters = new DeadLetters(t.store, (q, body, attributes) => {
      sent.push({ queue: q, body, attributes: { ...attributes } });
      return Promise.resolve();
    });
    const r = new ScheduleRunner({
      book: t.book,
      engine: refusing,
      clock: t.clock,
      deadLetters,
      log: () => {},
    });
    r.start();
    // Backoff 1 s, 2 s, 4 s: the fourth attempt fails for good.
    await t.clock.advance(10_000);
    await r.stop();
    assert.equal(calls, 4);
    const [letter] = await deadLetters.list();
    assert.equal(letter?.ExhaustedRetryCondition, 'MaximumRetryAttempts');
    assert.equal(letter?.RetryAttempts, 3);
    assert.equal(letter?.Delivery, 'SENT');
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.queue, queue);
    assert.equal(sent[0]?.body, '{"from":"schedule"}');
    assert.equal(sent[0]?.attributes['EXHAUSTED_RETRY_CONDITION'], 'MaximumRetryAttempts');
    assert.equal(sent[0]?.attributes['ERROR_CODE'], 'ServiceUnavailableException');
  });

  it('a target that does not exist is not retried; the time is handled', async () => {
    const t = setup();
    await t.book.create(
      'default',
      'gone',
      t.settings({ Target: { Arn: `${t.sm.stateMachineArn}x`, RoleArn: ROLE } }),
      t.clock.now(),
    );
    const r = t.runner();
    r.start();
    await t.clock.advance(1000);
    await r.stop();
    assert.match(r.fired[0]?.outcome ?? '', /^StateMachineDoesNotExist/);
  });
});
