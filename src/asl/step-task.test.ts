import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from './json.ts';
import {
  afterTask,
  compileState,
  enter,
  enterState,
  env,
  NOW,
  PREFIX,
  runtimeError,
  task,
} from './step-fixture.ts';

describe('Task', () => {
  it('decides to run the resource with the effective input as parameters', () => {
    const s = task({ InputPath: '$.payload', Parameters: { FunctionName: 'f', 'Payload.$': '$' } });
    assert.deepEqual(enterState(s, { payload: { n: 1 }, other: 2 }, env()), {
      kind: 'task',
      resource: 'arn:aws:states:::lambda:invoke',
      parameters: { FunctionName: 'f', Payload: { n: 1 } },
      timeoutSeconds: undefined,
      heartbeatSeconds: undefined,
      credentials: undefined,
    });
  });

  it('carries TimeoutSeconds and HeartbeatSeconds', () => {
    const d = enterState(task({ TimeoutSeconds: 30, HeartbeatSeconds: 10 }), {}, env());
    assert.equal(d.kind, 'task');
    assert.ok(d.kind === 'task');
    assert.equal(d.timeoutSeconds, 30);
    assert.equal(d.heartbeatSeconds, 10);
  });

  it('reads TimeoutSecondsPath and HeartbeatSecondsPath from the input', () => {
    const d = enterState(
      task({ TimeoutSecondsPath: '$.t', HeartbeatSecondsPath: '$.h' }),
      { t: 60, h: 5 },
      env(),
    );
    assert.ok(d.kind === 'task');
    assert.equal(d.timeoutSeconds, 60);
    assert.equal(d.heartbeatSeconds, 5);
  });

  it('rejects a TimeoutSecondsPath value that is not a positive integer', () => {
    const s = task({ TimeoutSecondsPath: '$.t' });
    for (const t of [0, -3, 1.5, 'ten', null]) {
      const d = enterState(s, { t }, env());
      assert.equal(d.kind, 'error', `t = ${JSON.stringify(t)}`);
      assert.ok(d.kind === 'error');
      assert.equal(d.error, 'States.Runtime');
      assert.ok(d.cause?.startsWith(PREFIX('S') + 'The TimeoutSecondsPath field refers to value'), d.cause);
    }
  });

  it('applies ResultSelector, ResultPath and OutputPath after the task (afterTask)', () => {
    const s = task({
      ResultSelector: { 'code.$': '$.StatusCode', 'body.$': '$.Payload.body' },
      ResultPath: '$.result',
      OutputPath: '$.result',
    });
    const input = { keep: true };
    const result = { StatusCode: 200, Payload: { body: 'ok' }, ExecutedVersion: '$LATEST' };
    assert.deepEqual(afterTask(s, input, result, env()), {
      kind: 'transition',
      output: { code: 200, body: 'ok' },
      next: 'N',
    });
  });

  it('merges the result into the raw input (afterTask with ResultPath, no OutputPath)', () => {
    const s = task({ InputPath: '$.sub', ResultPath: '$.r' });
    assert.deepEqual(afterTask(s, { sub: 1, x: 2 }, 'done', env()), {
      kind: 'transition',
      output: { sub: 1, x: 2, r: 'done' },
      next: 'N',
    });
  });

  it('turns a ResultSelector path failure into an error decision with the AWS prefix', () => {
    const s = task({ ResultSelector: { 'v.$': '$.missing' } });
    const d = afterTask(s, {}, { other: 1 }, env());
    assert.equal(d.kind, 'error');
    assert.ok(d.kind === 'error' && d.cause?.startsWith(PREFIX('S')), JSON.stringify(d));
  });
});

describe('Choice', () => {
  const choice: JsonObject = {
    Type: 'Choice',
    InputPath: '$.in',
    OutputPath: '$.v',
    Choices: [
      { Variable: '$.v', NumericGreaterThan: 10, Next: 'Big' },
      { Variable: '$.v', NumericLessThan: 0, Next: 'Negative' },
    ],
  };

  it('goes to the first matching rule, with InputPath then OutputPath applied', () => {
    assert.deepEqual(enter(choice, { in: { v: 11 } }), { kind: 'transition', output: 11, next: 'Big' });
    assert.deepEqual(enter(choice, { in: { v: -1 } }), { kind: 'transition', output: -1, next: 'Negative' });
  });

  it('takes Default when no rule matches', () => {
    assert.deepEqual(enter({ ...choice, Default: 'Other' }, { in: { v: 5 } }), {
      kind: 'transition',
      output: 5,
      next: 'Other',
    });
  });

  it('fails with States.Runtime when no rule matches and there is no Default', () => {
    assert.deepEqual(
      enter(choice, { in: { v: 5 } }),
      runtimeError('S', 'Failed to transition out of the state. The state does not point to a next state.'),
    );
  });
});

describe('Wait', () => {
  it('Seconds: waits until now + Seconds, passing its input', () => {
    assert.deepEqual(enter({ Type: 'Wait', Seconds: 90, Next: 'N' }, { a: 1 }), {
      kind: 'wait',
      until: NOW + 90_000,
      output: { a: 1 },
      next: 'N',
    });
  });

  it('Timestamp: waits until the timestamp', () => {
    const d = enter({ Type: 'Wait', Timestamp: '2030-02-03T04:05:06Z', End: true }, {});
    assert.deepEqual(d, { kind: 'wait', until: Date.UTC(2030, 1, 3, 4, 5, 6), output: {}, next: null });
  });

  it('SecondsPath: reads the seconds from the effective input; OutputPath shapes the output', () => {
    const d = enter(
      { Type: 'Wait', InputPath: '$.in', SecondsPath: '$.s', OutputPath: '$.s', Next: 'N' },
      { in: { s: 3 } },
    );
    assert.deepEqual(d, { kind: 'wait', until: NOW + 3000, output: 3, next: 'N' });
  });

  it('SecondsPath 0 waits until now', () => {
    const d = enter({ Type: 'Wait', SecondsPath: '$.s', Next: 'N' }, { s: 0 });
    assert.ok(d.kind === 'wait');
    assert.equal(d.until, NOW);
  });

  it('TimestampPath: reads an ISO-8601 timestamp with offset', () => {
    const d = enter({ Type: 'Wait', TimestampPath: '$.t', Next: 'N' }, { t: '2030-01-01T01:00:00+01:00' });
    assert.ok(d.kind === 'wait');
    assert.equal(d.until, Date.UTC(2030, 0, 1, 0, 0, 0));
  });

  const waitSecondsPath = { Type: 'Wait', SecondsPath: '$.input.waitSeconds', End: true };

  it('SecondsPath negative: AWS cause (recorded: base/test_base_wait_seconds_path.-1)', () => {
    assert.deepEqual(
      enterState(compileState(waitSecondsPath, 'WaitState'), { input: { waitSeconds: -1 } }, env()),
      runtimeError(
        'WaitState',
        'The SecondsPath parameter references a negative value: $.input.waitSeconds == -1',
      ),
    );
  });

  it('SecondsPath not an integer: AWS cause (recorded: base/test_base_wait_seconds_path.1.5)', () => {
    assert.deepEqual(
      enterState(compileState(waitSecondsPath, 'WaitState'), { input: { waitSeconds: 1.5 } }, env()),
      runtimeError(
        'WaitState',
        'The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 1.5',
      ),
    );
  });

  it('SecondsPath missing: does not reference an input value', () => {
    assert.deepEqual(
      enterState(compileState(waitSecondsPath, 'WaitState'), { input: {} }, env()),
      runtimeError(
        'WaitState',
        'The SecondsPath parameter does not reference an input value: $.input.waitSeconds',
      ),
    );
  });

  it('TimestampPath not a timestamp: States.Runtime', () => {
    assert.deepEqual(
      enter({ Type: 'Wait', TimestampPath: '$.t', End: true }, { t: '2030-01-01 00:00:00' }),
      runtimeError(
        'S',
        'The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == "2030-01-01 00:00:00"',
      ),
    );
  });
});

describe('Task, read after its call', () => {
  it('tells whether `$$` may be read after the task answers (a later field mentions it, or a Retry)', () => {
    const after = (definition: JsonObject): boolean => task(definition).contextAfterTask;
    // Read as the state is entered only: Parameters, paths read before the call.
    assert.equal(after({}), false);
    assert.equal(after({ Parameters: { 'at.$': '$$.State.EnteredTime' }, TimeoutSecondsPath: '$.t' }), false);
    assert.equal(after({ Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.e', Next: 'N' }] }), false);
    // Read after it.
    assert.equal(after({ ResultSelector: { 'at.$': '$$.State.EnteredTime' } }), true);
    assert.equal(after({ OutputPath: '$$.Execution' }), true);
    assert.equal(after({ Assign: { 'ctx.$': 'States.JsonToString($$)' } }), true);
    assert.equal(
      after({
        Catch: [{ ErrorEquals: ['States.ALL'], Assign: { 'at.$': '$$.State.EnteredTime' }, Next: 'N' }],
      }),
      true,
    );
    assert.equal(after({ Retry: [{ ErrorEquals: ['States.ALL'] }] }), true);
  });
});
