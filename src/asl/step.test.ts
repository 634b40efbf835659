import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Decision, StepEnv } from './decision.ts';
import { compileMachine } from './definition/compile.ts';
import type { MapState, ParallelState, State, TaskState } from './definition/state.ts';
import type { Json, JsonObject } from './json.ts';
import * as step from './step.ts';
import { sync } from './sync-fixture.ts';

const enterState = (...a: Parameters<typeof step.enterState>) => sync(step.enterState(...a));
const afterTask = (...a: Parameters<typeof step.afterTask>) => sync(step.afterTask(...a));
const afterParallel = (...a: Parameters<typeof step.afterParallel>) => sync(step.afterParallel(...a));
const afterMap = (...a: Parameters<typeof step.afterMap>) => sync(step.afterMap(...a));

const NOW = Date.UTC(2024, 0, 15, 12, 0, 0);
const ENTERED = 7;
const PREFIX = (name: string): string =>
  `An error occurred while executing the state '${name}' (entered at the event id #${ENTERED}). `;

function env(overrides: Partial<StepEnv> = {}): StepEnv {
  return {
    context: {
      Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:M:e1', Name: 'e1' },
      State: { Name: 'S', EnteredTime: '2024-01-15T12:00:00.000Z' },
    },
    enteredEventId: ENTERED,
    now: NOW,
    variable: () => undefined,
    random: () => 0.25,
    uuid: () => '11111111-2222-4333-8444-555555555555',
    ...overrides,
  };
}

/** Compiles a one-state machine (other states named in Next need not exist: compile does not validate). */
function compileState(definition: JsonObject, name = 'S'): State {
  const state = compileMachine({ StartAt: name, States: { [name]: definition } }).states.get(name);
  assert.ok(state);
  return state;
}

function task(definition: JsonObject): TaskState {
  const s = compileState({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Next: 'N',
    ...definition,
  });
  if (s.type !== 'Task') throw new Error('not a Task');
  return s;
}

function parallel(definition: JsonObject): ParallelState {
  const branch = { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } };
  const s = compileState({ Type: 'Parallel', Branches: [branch, branch], Next: 'N', ...definition });
  if (s.type !== 'Parallel') throw new Error('not a Parallel');
  return s;
}

function map(definition: JsonObject): MapState {
  const processor = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
  const s = compileState({ Type: 'Map', ItemProcessor: processor, Next: 'N', ...definition });
  if (s.type !== 'Map') throw new Error('not a Map');
  return s;
}

function enter(definition: JsonObject, input: Json, e: StepEnv = env()): Decision {
  return enterState(compileState(definition), input, e);
}

function runtimeError(name: string, cause: string): Decision {
  return { kind: 'error', error: 'States.Runtime', cause: PREFIX(name) + cause };
}

describe('Pass', () => {
  it('passes its input through to Next by default', () => {
    assert.deepEqual(enter({ Type: 'Pass', Next: 'N' }, { a: 1 }), {
      kind: 'transition',
      output: { a: 1 },
      next: 'N',
    });
  });

  it('ends the machine with End: true (next null)', () => {
    assert.deepEqual(enter({ Type: 'Pass', End: true }, [1]), {
      kind: 'transition',
      output: [1],
      next: null,
    });
  });

  it('replaces the input with Result (ResultPath defaults to $)', () => {
    const d = enter({ Type: 'Pass', Result: { x: 1 }, Next: 'N' }, { a: 1 });
    assert.deepEqual(d, { kind: 'transition', output: { x: 1 }, next: 'N' });
  });

  it('keeps the input with ResultPath null', () => {
    const d = enter({ Type: 'Pass', Result: { x: 1 }, ResultPath: null, Next: 'N' }, { a: 1 });
    assert.deepEqual(d, { kind: 'transition', output: { a: 1 }, next: 'N' });
  });

  it('writes Result at a nested ResultPath, creating the missing objects', () => {
    const d = enter({ Type: 'Pass', Result: 'R', ResultPath: '$.a.b.c', Next: 'N' }, { a: { k: 1 }, z: 2 });
    assert.deepEqual(d, { kind: 'transition', output: { a: { k: 1, b: { c: 'R' } }, z: 2 }, next: 'N' });
  });

  it('merges into the raw input, not the InputPath selection', () => {
    const d = enter(
      { Type: 'Pass', InputPath: '$.in', ResultPath: '$.out', Next: 'N' },
      { in: { v: 1 }, other: true },
    );
    assert.deepEqual(d, {
      kind: 'transition',
      output: { in: { v: 1 }, other: true, out: { v: 1 } },
      next: 'N',
    });
  });

  it('fails with States.ResultPathMatchFailure when ResultPath crosses a non-object', () => {
    const d = enter({ Type: 'Pass', Result: 1, ResultPath: '$.a.b', Next: 'N' }, { a: 'text' });
    assert.deepEqual(d, {
      kind: 'error',
      error: 'States.ResultPathMatchFailure',
      cause: PREFIX('S') + 'Unable to apply ReferencePath $.a.b to input {"a":"text"}',
    });
  });

  it('evaluates Parameters against the InputPath selection, with $$ and intrinsics', () => {
    const d = enter(
      {
        Type: 'Pass',
        InputPath: '$.in',
        Parameters: { 'v.$': '$.v', 'exec.$': '$$.Execution.Name', 'id.$': 'States.UUID()', fixed: [1] },
        Next: 'N',
      },
      { in: { v: 'x' } },
    );
    assert.deepEqual(d, {
      kind: 'transition',
      output: { v: 'x', exec: 'e1', id: '11111111-2222-4333-8444-555555555555', fixed: [1] },
      next: 'N',
    });
  });

  it('gives {} as effective input for InputPath null', () => {
    assert.deepEqual(enter({ Type: 'Pass', InputPath: null, Next: 'N' }, { a: 1 }), {
      kind: 'transition',
      output: {},
      next: 'N',
    });
  });

  it('selects the output with OutputPath, and gives {} for OutputPath null', () => {
    const d = enter(
      { Type: 'Pass', Result: { r: [1, 2] }, ResultPath: '$.res', OutputPath: '$.res.r', Next: 'N' },
      {},
    );
    assert.deepEqual(d, { kind: 'transition', output: [1, 2], next: 'N' });
    assert.deepEqual(enter({ Type: 'Pass', OutputPath: null, End: true }, { a: 1 }), {
      kind: 'transition',
      output: {},
      next: null,
    });
  });

  it('reports an InputPath that selects nothing as States.Runtime with AWS cause (recorded case)', () => {
    // conformance scenarios/test_invalid_jsonpath.ST.INVALID_JSONPATH_IN_INPUTPATH
    const d = enter({ Type: 'Pass', InputPath: '$.NoSuchInputPath', End: true }, { a: 1 });
    assert.deepEqual(
      d,
      runtimeError('S', "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"),
    );
  });

  it('reports an OutputPath that selects nothing the same way', () => {
    const d = enterState(
      compileState({ Type: 'Pass', OutputPath: '$.NoSuchOutputPath', End: true }, 'pass'),
      {},
      env(),
    );
    assert.deepEqual(
      d,
      runtimeError('pass', "Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']"),
    );
  });

  it('quotes the event id of the visit in the cause', () => {
    const d = enter({ Type: 'Pass', InputPath: '$.x', End: true }, {}, env({ enteredEventId: 42 }));
    assert.equal(d.kind, 'error');
    assert.ok(
      d.kind === 'error' &&
        d.cause?.startsWith(
          "An error occurred while executing the state 'S' (entered at the event id #42). ",
        ),
    );
  });
});

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

describe('Succeed', () => {
  it('ends with its input, shaped by InputPath and OutputPath', () => {
    assert.deepEqual(enter({ Type: 'Succeed' }, { a: 1 }), {
      kind: 'transition',
      output: { a: 1 },
      next: null,
    });
    assert.deepEqual(enter({ Type: 'Succeed', InputPath: '$.a', OutputPath: '$.b' }, { a: { b: 2 } }), {
      kind: 'transition',
      output: 2,
      next: null,
    });
  });
});

describe('Fail', () => {
  it('fails with the literal Error and Cause', () => {
    assert.deepEqual(enter({ Type: 'Fail', Error: 'MyError', Cause: 'why' }, {}), {
      kind: 'fail',
      error: 'MyError',
      cause: 'why',
    });
  });

  it('has neither error nor cause when both are absent', () => {
    assert.deepEqual(enter({ Type: 'Fail' }, {}), { kind: 'fail', error: undefined, cause: undefined });
  });

  it('reads ErrorPath and CausePath from the input', () => {
    assert.deepEqual(
      enter({ Type: 'Fail', ErrorPath: '$.e', CausePath: '$.c.text' }, { e: 'E', c: { text: 'C' } }),
      {
        kind: 'fail',
        error: 'E',
        cause: 'C',
      },
    );
  });

  it('evaluates intrinsic calls in ErrorPath and CausePath (recorded: base/test_state_fail_intrinsic)', () => {
    const d = enter(
      {
        Type: 'Fail',
        ErrorPath: "States.Format('{}', $.Error)",
        CausePath: "States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)",
      },
      { Error: 'error string', Cause: 'cause string' },
    );
    assert.deepEqual(d, {
      kind: 'fail',
      error: 'error string',
      cause: 'This is a custom error message for error string, caused by cause string.',
    });
  });

  it('fails with States.Runtime when ErrorPath does not select a string', () => {
    const d = enter({ Type: 'Fail', ErrorPath: '$.e' }, { e: 42 });
    assert.deepEqual(d, runtimeError('S', 'The ErrorPath field must reference a string value: $.e == 42'));
  });
});

describe('Parallel', () => {
  it('starts the branches with the effective input (InputPath then Parameters)', () => {
    const s = parallel({ InputPath: '$.in', Parameters: { 'x.$': '$.x', 'name.$': '$$.State.Name' } });
    assert.deepEqual(enterState(s, { in: { x: 1 } }, env()), {
      kind: 'parallel',
      input: { x: 1, name: 'S' },
    });
  });

  it('keeps the branch outputs in branch order, then ResultSelector and ResultPath (afterParallel)', () => {
    const s = parallel({ ResultSelector: { 'first.$': '$[0]', 'all.$': '$' }, ResultPath: '$.r' });
    assert.deepEqual(afterParallel(s, { in: true }, ['a', 'b'], env()), {
      kind: 'transition',
      output: { in: true, r: { first: 'a', all: ['a', 'b'] } },
      next: 'N',
    });
  });

  it('outputs the array of branch outputs by default', () => {
    assert.deepEqual(afterParallel(parallel({}), {}, [{ b: 2 }, { a: 1 }], env()), {
      kind: 'transition',
      output: [{ b: 2 }, { a: 1 }],
      next: 'N',
    });
  });
});

describe('Map', () => {
  const inlineDecision = (items: Json[], maxConcurrency = 0): Decision => ({
    kind: 'map',
    items,
    maxConcurrency,
    toleratedFailureCount: undefined,
    toleratedFailurePercentage: undefined,
    runError: undefined,
  });

  it('iterates over the effective input when there is no ItemsPath', () => {
    assert.deepEqual(enterState(map({}), [1, 2], env()), inlineDecision([1, 2]));
  });

  it('selects the items with ItemsPath after InputPath', () => {
    assert.deepEqual(
      enterState(map({ InputPath: '$.in', ItemsPath: '$.list' }), { in: { list: ['a'] } }, env()),
      inlineDecision(['a']),
    );
  });

  it('builds item inputs with ItemSelector from $$.Map.Item.Index/Value and $', () => {
    const s = map({
      ItemsPath: '$.list',
      ItemSelector: {
        'i.$': '$$.Map.Item.Index',
        'v.$': '$$.Map.Item.Value',
        'k.$': '$.k',
        'e.$': '$$.Execution.Name',
      },
    });
    assert.deepEqual(
      enterState(s, { list: ['x', 'y'], k: 9 }, env()),
      inlineDecision([
        { i: 0, v: 'x', k: 9, e: 'e1' },
        { i: 1, v: 'y', k: 9, e: 'e1' },
      ]),
    );
  });

  it('accepts the legacy Parameters as ItemSelector', () => {
    const s = map({ Parameters: { 'idx.$': '$$.Map.Item.Index' } });
    assert.deepEqual(enterState(s, ['a', 'b'], env()), inlineDecision([{ idx: 0 }, { idx: 1 }]));
  });

  it('reads MaxConcurrency and MaxConcurrencyPath', () => {
    assert.deepEqual(enterState(map({ MaxConcurrency: 2 }), [1], env()), inlineDecision([1], 2));
    assert.deepEqual(
      enterState(map({ ItemsPath: '$.v', MaxConcurrencyPath: '$.m' }), { v: [1], m: 3 }, env()),
      inlineDecision([1], 3),
    );
  });

  it('rejects a MaxConcurrencyPath that is not an integer (recorded: test_max_concurrency_path.*)', () => {
    const s = compileState(
      {
        Type: 'Map',
        ItemsPath: '$.Values',
        MaxConcurrencyPath: '$.MaxConcurrencyValue',
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        Next: 'Final',
      },
      'MapState',
    );
    assert.deepEqual(
      enterState(s, { MaxConcurrencyValue: 'NoNumber', Values: ['HelloWorld'] }, env()),
      runtimeError(
        'MapState',
        'The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.MaxConcurrencyValue',
      ),
    );
    assert.deepEqual(
      enterState(s, { MaxConcurrencyValue: {}, Values: ['HelloWorld'] }, env()),
      runtimeError(
        'MapState',
        'The MaxConcurrencyPath field refers to value "{}" which is not a valid integer: $.MaxConcurrencyValue',
      ),
    );
  });

  it('fails an INLINE map with a negative ToleratedFailureCount before it starts', () => {
    const d = enterState(
      map({ ToleratedFailureCountPath: '$.c', ItemsPath: '$.items' }),
      { items: [], c: -1 },
      env(),
    );
    assert.deepEqual(d, runtimeError('S', 'ToleratedFailureCount cannot be negative.'));
  });

  it('gives a DISTRIBUTED map its tolerated-failure error as runError (recorded: ..._count_path.-1)', () => {
    const s = compileState(
      {
        Type: 'Map',
        ItemsPath: '$.Items',
        MaxConcurrency: 1,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'HandleItem',
          States: { HandleItem: { Type: 'Pass', End: true } },
        },
        ToleratedFailureCountPath: '$.ToleratedFailureCount',
        End: true,
      },
      'MapState',
    );
    assert.deepEqual(enterState(s, { Items: [0], ToleratedFailureCount: -1 }, env()), {
      kind: 'map',
      items: [0],
      maxConcurrency: 1,
      toleratedFailureCount: undefined,
      toleratedFailurePercentage: undefined,
      runError: {
        error: 'States.Runtime',
        cause: PREFIX('MapState') + 'ToleratedFailureCount cannot be negative.',
      },
    });
    const d = enterState(s, { Items: [0], ToleratedFailureCount: 'NoNumber' }, env());
    assert.ok(d.kind === 'map');
    assert.deepEqual(d.runError, {
      error: 'States.Runtime',
      cause:
        PREFIX('MapState') +
        'The ToleratedFailureCountPath field refers to value "NoNumber" which is not a valid integer: $.ToleratedFailureCount',
    });
  });

  it('passes valid tolerated-failure thresholds on', () => {
    const d = enterState(
      map({ ToleratedFailureCount: 2, ToleratedFailurePercentagePath: '$.p', ItemsPath: '$.i' }),
      { i: [1], p: 1.5 },
      env(),
    );
    assert.ok(d.kind === 'map');
    assert.equal(d.toleratedFailureCount, 2);
    assert.equal(d.toleratedFailurePercentage, 1.5);
    assert.equal(d.runError, undefined);
  });

  it('rejects a ToleratedFailurePercentage over 100', () => {
    assert.deepEqual(
      enterState(map({ ToleratedFailurePercentagePath: '$.p', ItemsPath: '$.i' }), { i: [], p: 101 }, env()),
      runtimeError('S', 'ToleratedFailurePercentage must be between 0 and 100.'),
    );
  });

  it('fails when the items are not an array', () => {
    for (const items of ['string', 1, null, { a: 1 }] as Json[]) {
      assert.deepEqual(
        enterState(map({ ItemsPath: '$.items' }), { items }, env()),
        runtimeError('S', `Map state input must be an array but was: ${JSON.stringify(items)}`),
      );
    }
  });

  it('applies ResultSelector, ResultPath and OutputPath to the iteration outputs (afterMap)', () => {
    const s = map({
      ResultSelector: { 'n.$': 'States.ArrayLength($)' },
      ResultPath: '$.out',
      OutputPath: '$.out',
    });
    assert.deepEqual(afterMap(s, { x: 1 }, [10, 20, 30], env()), {
      kind: 'transition',
      output: { n: 3 },
      next: 'N',
    });
    assert.deepEqual(afterMap(map({}), {}, ['a', 'b'], env()), {
      kind: 'transition',
      output: ['a', 'b'],
      next: 'N',
    });
  });
});
