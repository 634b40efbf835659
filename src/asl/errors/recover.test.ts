import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StepEnv } from '../decision.ts';
import { compileMachine } from '../definition/compile.ts';
import type { State } from '../definition/state.ts';
import type { JsonObject } from '../json.ts';
import * as step from '../step.ts';
import { sync } from '../sync-fixture.ts';

const recover = (...a: Parameters<typeof step.recover>) => sync(step.recover(...a));

const env = (random: () => number = () => 0.5): StepEnv => ({
  context: {},
  enteredEventId: 2,
  now: 0,
  variable: () => undefined,
  random,
  uuid: () => 'u',
});

function compileState(definition: JsonObject): State {
  const state = compileMachine({ StartAt: 'S', States: { S: definition } }).states.get('S');
  assert.ok(state);
  return state;
}

const task = (fields: JsonObject): State =>
  compileState({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...fields });

const boom = { error: 'Boom', cause: 'it broke' };

describe('recover', () => {
  it('retries with the first retrier whose ErrorEquals matches', () => {
    const s = task({
      Retry: [
        { ErrorEquals: ['Other'], IntervalSeconds: 9 },
        { ErrorEquals: ['Boom'], IntervalSeconds: 2, BackoffRate: 3 },
        { ErrorEquals: ['States.ALL'], IntervalSeconds: 7 },
      ],
    });
    assert.deepEqual(recover(s, {}, boom, [], env()), { kind: 'retry', retrier: 1, delayMs: 2000 });
    // attempts are counted per retrier: the delay grows with this retrier's own count
    assert.deepEqual(recover(s, {}, boom, [5, 2], env()), { kind: 'retry', retrier: 1, delayMs: 18000 });
  });

  it('an exhausted retrier falls to Catch; later matching retriers are not consulted', () => {
    const s = task({
      Retry: [
        { ErrorEquals: ['Boom'], MaxAttempts: 2 },
        { ErrorEquals: ['States.ALL'], MaxAttempts: 5 },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handler' }],
    });
    assert.equal(recover(s, {}, boom, [1], env()).kind, 'retry');
    assert.deepEqual(recover(s, {}, boom, [2], env()), {
      kind: 'catch',
      next: 'Handler',
      output: { Error: 'Boom', Cause: 'it broke' },
    });
  });

  it('an exhausted retrier without a matching catcher fails the state', () => {
    const s = task({
      Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 1 }],
      Catch: [{ ErrorEquals: ['Other'], Next: 'H' }],
    });
    assert.deepEqual(recover(s, {}, boom, [1], env()), { kind: 'fail' });
  });

  it('MaxAttempts 0 never retries', () => {
    const s = task({
      Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 0 }],
      Catch: [{ ErrorEquals: ['Boom'], Next: 'H' }],
    });
    assert.equal(recover(s, {}, boom, [], env()).kind, 'catch');
    assert.deepEqual(
      recover(task({ Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 0 }] }), {}, boom, [], env()),
      {
        kind: 'fail',
      },
    );
  });

  it('JitterStrategy FULL draws the delay from env.random', () => {
    const s = task({ Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 4, JitterStrategy: 'FULL' }] });
    assert.deepEqual(
      recover(
        s,
        {},
        boom,
        [],
        env(() => 0.25),
      ),
      { kind: 'retry', retrier: 0, delayMs: 1000 },
    );
  });

  it('the first matching catcher decides; its ResultPath places the error output', () => {
    const s = task({
      Catch: [
        { ErrorEquals: ['Other'], Next: 'A' },
        { ErrorEquals: ['Boom'], Next: 'B', ResultPath: '$.error' },
        { ErrorEquals: ['States.ALL'], Next: 'C' },
      ],
    });
    assert.deepEqual(recover(s, { in: 1 }, boom, [], env()), {
      kind: 'catch',
      next: 'B',
      output: { in: 1, error: { Error: 'Boom', Cause: 'it broke' } },
    });
  });

  it('catcher ResultPath null keeps the input; a missing cause leaves Cause out', () => {
    const keep = task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H', ResultPath: null }] });
    assert.deepEqual(recover(keep, { in: 1 }, boom, [], env()), {
      kind: 'catch',
      next: 'H',
      output: { in: 1 },
    });
    const whole = task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }] });
    assert.deepEqual(recover(whole, { in: 1 }, { error: 'Boom' }, [], env()), {
      kind: 'catch',
      next: 'H',
      output: { Error: 'Boom' },
    });
  });

  it('States.ALL neither retries nor catches States.Runtime; naming it does', () => {
    const all = task({
      Retry: [{ ErrorEquals: ['States.ALL'] }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }],
    });
    assert.deepEqual(recover(all, {}, { error: 'States.Runtime', cause: 'x' }, [], env()), { kind: 'fail' });
    const named = task({ Catch: [{ ErrorEquals: ['States.Runtime'], Next: 'H' }] });
    assert.equal(recover(named, {}, { error: 'States.Runtime', cause: 'x' }, [], env()).kind, 'catch');
  });

  it('States.TaskFailed does not catch States.Timeout', () => {
    const s = task({ Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'H' }] });
    assert.deepEqual(recover(s, {}, { error: 'States.Timeout' }, [], env()), { kind: 'fail' });
    assert.equal(recover(s, {}, { error: 'Lambda.Unknown' }, [], env()).kind, 'catch');
  });

  it('applies to Parallel and Map too', () => {
    const branch = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const par = compileState({
      Type: 'Parallel',
      Branches: [branch],
      End: true,
      Catch: [{ ErrorEquals: ['Boom'], Next: 'H' }],
    });
    assert.equal(recover(par, {}, boom, [], env()).kind, 'catch');
    const map = compileState({
      Type: 'Map',
      ItemProcessor: branch,
      End: true,
      Retry: [{ ErrorEquals: ['Boom'] }],
    });
    assert.equal(recover(map, {}, boom, [], env()).kind, 'retry');
  });

  it('has nothing to do for states without Retry/Catch (Pass, Choice, Wait, Fail), even if the fields are given', () => {
    const handlers = {
      Retry: [{ ErrorEquals: ['States.ALL'] }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }],
    };
    const states: JsonObject[] = [
      { Type: 'Pass', End: true },
      { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'S' }] },
      { Type: 'Wait', Seconds: 1, End: true },
      { Type: 'Fail' },
    ];
    for (const def of states) {
      assert.deepEqual(recover(compileState({ ...def, ...handlers }), {}, boom, [], env()), {
        kind: 'fail',
      });
    }
  });
});
