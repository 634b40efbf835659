import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Decision, StepEnv } from '../../decision.ts';
import { compileMachine } from '../../definition/compile.ts';
import type { MapState, ParallelState, State, TaskState } from '../../definition/state.ts';
import type { Json, JsonObject } from '../../json.ts';
import { afterMap, afterParallel, afterTask, enterState, recover } from '../../step.ts';

const NOW = Date.UTC(2024, 0, 15, 12, 0, 0);
const PREFIX = (name: string): string =>
  `An error occurred while executing the state '${name}' (entered at the event id #7). `;

function env(variables: Record<string, Json> = {}): StepEnv {
  return {
    context: { Execution: { Name: 'e1' }, State: { Name: 'S' } },
    enteredEventId: 7,
    now: NOW,
    variable: (name) => (Object.hasOwn(variables, name) ? variables[name] : undefined),
    random: () => 0.5,
    uuid: () => 'u-1',
  };
}

/** A one-state JSONata machine's state (other states named in Next need not exist). */
function state(definition: JsonObject): State {
  const machine = compileMachine({ QueryLanguage: 'JSONata', StartAt: 'S', States: { S: definition } });
  const s = machine.states.get('S');
  assert.ok(s);
  return s;
}

function evaluationError(cause: string, location?: string): Decision {
  return {
    kind: 'error',
    error: 'States.QueryEvaluationError',
    cause: PREFIX('S') + cause,
    evaluationFailed: { location },
  };
}

describe('JSONata Pass, Succeed', () => {
  it('Output defaults to the input; Output and Assign see $states.input and the variables before', async () => {
    assert.deepEqual(await enterState(state({ Type: 'Pass', End: true }), { a: 1 }, env()), {
      kind: 'transition',
      output: { a: 1 },
      next: null,
    });
    const s = state({
      Type: 'Pass',
      Next: 'N',
      Output: { sum: '{% $states.input.a + $x %}' },
      Assign: { x: '{% $x + 1 %}', copy: '{% $x %}' },
    });
    assert.deepEqual(await enterState(s, { a: 1 }, env({ x: 10 })), {
      kind: 'transition',
      output: { sum: 11 },
      next: 'N',
      assigned: { x: 11, copy: 10 },
    });
  });

  it('Succeed has Output', async () => {
    assert.deepEqual(await enterState(state({ Type: 'Succeed', Output: '{% "done" %}' }), {}, env()), {
      kind: 'transition',
      output: 'done',
      next: null,
    });
  });

  it('an Assign that gives nothing is States.QueryEvaluationError at Assign/<name>', async () => {
    const s = state({ Type: 'Pass', End: true, Assign: { r: '{% $nope %}' } });
    assert.deepEqual(
      await enterState(s, {}, env()),
      evaluationError(
        "The JSONata expression '$nope' specified for the field 'Assign/r' returned nothing (undefined).",
        'Assign/r',
      ),
    );
  });
});

describe('JSONata Task', () => {
  const task = (fields: JsonObject): TaskState => {
    const s = state({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'N', ...fields });
    assert.equal(s.type, 'Task');
    return s;
  };

  it('Arguments build the parameters; TimeoutSeconds and HeartbeatSeconds may be expressions', async () => {
    const s = task({
      Arguments: { FunctionName: 'f', Payload: { n: '{% $states.input.n %}' } },
      TimeoutSeconds: '{% $states.input.t %}',
      HeartbeatSeconds: 5,
    });
    assert.deepEqual(await enterState(s, { n: 3, t: 60 }, env()), {
      kind: 'task',
      resource: 'arn:aws:states:::lambda:invoke',
      parameters: { FunctionName: 'f', Payload: { n: 3 } },
      timeoutSeconds: 60,
      heartbeatSeconds: 5,
      credentials: undefined,
    });
  });

  it('without Arguments the parameters are the input; a bad TimeoutSeconds fails', async () => {
    const d = await enterState(task({ TimeoutSeconds: '{% 0 %}' }), { n: 1 }, env());
    assert.deepEqual(
      d,
      evaluationError('The TimeoutSeconds field must be a positive integer, but was: 0', 'TimeoutSeconds'),
    );
    const plain = await enterState(task({}), { n: 1 }, env());
    assert.deepEqual(plain.kind === 'task' ? plain.parameters : undefined, { n: 1 });
  });

  it('Output defaults to $states.result; Output and Assign see $states.input and $states.result', async () => {
    assert.deepEqual(await afterTask(task({}), { in: 1 }, { r: 2 }, env()), {
      kind: 'transition',
      output: { r: 2 },
      next: 'N',
    });
    const s = task({
      Output: '{% $states.input.in + $states.result.r %}',
      Assign: { last: '{% $states.result %}' },
    });
    assert.deepEqual(await afterTask(s, { in: 1 }, { r: 2 }, env()), {
      kind: 'transition',
      output: 3,
      next: 'N',
      assigned: { last: { r: 2 } },
    });
  });

  it('Catch: Output defaults to $states.errorOutput; Output and Assign see it', async () => {
    const s = task({
      Catch: [
        { ErrorEquals: ['Other'], Next: 'X' },
        {
          ErrorEquals: ['States.ALL'],
          Next: 'H',
          Output: { failed: '{% $states.errorOutput.Error %}', was: '{% $states.input %}' },
          Assign: { why: '{% $states.errorOutput.Cause %}' },
        },
      ],
    });
    assert.deepEqual(await recover(s, 'in', { error: 'Boom', cause: 'c' }, [], env()), {
      kind: 'catch',
      next: 'H',
      output: { failed: 'Boom', was: 'in' },
      assigned: { why: 'c' },
    });
    assert.deepEqual(await recover(s, 'in', { error: 'Other' }, [], env()), {
      kind: 'catch',
      next: 'X',
      output: { Error: 'Other' },
    });
  });
});

describe('JSONata Choice', () => {
  const choice = state({
    Type: 'Choice',
    Choices: [
      {
        Condition: '{% $states.input.n > 10 %}',
        Next: 'Big',
        Output: { size: 'big' },
        Assign: { seen: 'big' },
      },
      { Condition: '{% $states.input.n > 5 %}', Next: 'Mid' },
    ],
    Default: 'Small',
    Output: '{% $states.input.n %}',
    Assign: { seen: 'small' },
  });

  it('the first true Condition decides, with its own Output and Assign', async () => {
    assert.deepEqual(await enterState(choice, { n: 11 }, env()), {
      kind: 'transition',
      output: { size: 'big' },
      next: 'Big',
      assigned: { seen: 'big' },
    });
    assert.deepEqual(await enterState(choice, { n: 6 }, env()), {
      kind: 'transition',
      output: { n: 6 },
      next: 'Mid',
    });
  });

  it("the Default takes the state's Output and Assign", async () => {
    assert.deepEqual(await enterState(choice, { n: 1 }, env()), {
      kind: 'transition',
      output: 1,
      next: 'Small',
      assigned: { seen: 'small' },
    });
  });

  it('a Condition that is not boolean is States.QueryEvaluationError', async () => {
    const s = state({
      Type: 'Choice',
      Choices: [{ Condition: '{% $states.input.n %}', Next: 'A' }],
      Default: 'B',
    });
    assert.deepEqual(
      await enterState(s, { n: 1 }, env()),
      evaluationError(
        'The Choices[0]/Condition field must evaluate to a boolean value, but was: 1',
        'Choices[0]/Condition',
      ),
    );
  });

  it('no match and no Default fails like a JSONPath Choice', async () => {
    const s = state({ Type: 'Choice', Choices: [{ Condition: '{% false %}', Next: 'A' }] });
    const d = await enterState(s, {}, env());
    assert.equal(d.kind === 'error' && d.error, 'States.Runtime');
  });
});

describe('JSONata Wait, Fail', () => {
  it('Seconds and Timestamp may be expressions; Output and Assign apply', async () => {
    const s = state({ Type: 'Wait', Seconds: '{% $states.input.s %}', Next: 'N', Output: '{% "after" %}' });
    assert.deepEqual(await enterState(s, { s: 3 }, env()), {
      kind: 'wait',
      until: NOW + 3000,
      output: 'after',
      next: 'N',
    });
    const t = state({ Type: 'Wait', Timestamp: '{% $states.input.at %}', End: true });
    const d = await enterState(t, { at: '2024-01-15T13:00:00Z' }, env());
    assert.equal(d.kind === 'wait' && d.until, Date.UTC(2024, 0, 15, 13, 0, 0));
  });

  it('a negative Seconds or a bad Timestamp is States.QueryEvaluationError', async () => {
    const s = state({ Type: 'Wait', Seconds: '{% -1 %}', End: true });
    assert.deepEqual(
      await enterState(s, {}, env()),
      evaluationError('The Seconds field must be a non-negative integer, but was: -1', 'Seconds'),
    );
    const t = state({ Type: 'Wait', Timestamp: '{% "soon" %}', End: true });
    assert.deepEqual(
      await enterState(t, {}, env()),
      evaluationError('The Timestamp field is not a valid timestamp: soon', 'Timestamp'),
    );
  });

  it('Fail Error and Cause may be expressions and must give strings (recorded: test_fail_*_jsonata)', async () => {
    const s = state({ Type: 'Fail', Error: '{% $states.input.e %}', Cause: 'literal' });
    assert.deepEqual(await enterState(s, { e: 'Exception' }, env()), {
      kind: 'fail',
      error: 'Exception',
      cause: 'literal',
    });
    assert.deepEqual(
      await enterState(s, { e: 1 }, env()),
      evaluationError('The Error field must be a string, but was: 1', 'Error'),
    );
  });
});

describe('JSONata Parallel, Map', () => {
  const branch = { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } };

  it('Parallel: Arguments give the branch input; Output sees the branch outputs as $states.result', async () => {
    const s = state({
      Type: 'Parallel',
      Branches: [branch],
      Arguments: '{% $states.input.x %}',
      Output: '{% $count($states.result) %}',
      Next: 'N',
    });
    assert.deepEqual(await enterState(s, { x: [1] }, env()), { kind: 'parallel', input: [1] });
    assert.deepEqual(await afterParallel(s as ParallelState, {}, ['a', 'b'], env()), {
      kind: 'transition',
      output: 2,
      next: 'N',
    });
  });

  const map = (fields: JsonObject): MapState => {
    const s = state({ Type: 'Map', ItemProcessor: branch, Next: 'N', ...fields });
    assert.equal(s.type, 'Map');
    return s;
  };

  it('Map: Items, ItemSelector with $states.context.Map.Item, MaxConcurrency as an expression', async () => {
    const s = map({
      Items: '{% $states.input.list %}',
      ItemSelector: {
        i: '{% $states.context.Map.Item.Index %}',
        v: '{% $states.context.Map.Item.Value %}',
        k: '{% $k %}',
      },
      MaxConcurrency: '{% 2 %}',
    });
    assert.deepEqual(await enterState(s, { list: ['a', 'b'] }, env({ k: 'K' })), {
      kind: 'map',
      items: [
        { i: 0, v: 'a', k: 'K' },
        { i: 1, v: 'b', k: 'K' },
      ],
      maxConcurrency: 2,
      toleratedFailureCount: undefined,
      toleratedFailurePercentage: undefined,
      runError: undefined,
    });
    assert.deepEqual(await afterMap(s, {}, [1, 2], env()), { kind: 'transition', output: [1, 2], next: 'N' });
  });

  it('Map: the input is the items by default; a literal Items array works too', async () => {
    const d = await enterState(map({}), [1, 2], env());
    assert.deepEqual(d.kind === 'map' && d.items, [1, 2]);
    const l = await enterState(map({ Items: [3] }), {}, env());
    assert.deepEqual(l.kind === 'map' && l.items, [3]);
  });

  it('Map: items that are neither array nor object are States.QueryEvaluationError (recorded: test_map_state_items_input_types.*)', async () => {
    for (const items of ['bar', 1, null] as Json[]) {
      assert.deepEqual(
        await enterState(map({ Items: '{% $states.input.items %}' }), { items }, env()),
        evaluationError(`Map state input must be an array but was: ${JSON.stringify(items)}`),
      );
    }
  });

  it('Map: an input object without Items is States.QueryEvaluationError (recorded: test_map_state_items_input_types.object)', async () => {
    assert.deepEqual(
      await enterState(map({}), { foo: 'bar' }, env()),
      evaluationError('Map state input must be an array but was: {"foo":"bar"}'),
    );
  });

  it('Map: an object Items selects is iterated by key-value pair, with $states.context.Map.Item.Key', async () => {
    const d = await enterState(map({ Items: '{% $states.input %}' }), { foo: 'bar', n: { x: 1 } }, env());
    assert.deepEqual(d.kind === 'map' && d.items, [
      { Key: 'foo', Value: 'bar' },
      { Key: 'n', Value: { x: 1 } },
    ]);
    const s = map({
      Items: '{% $states.input.servers %}',
      ItemSelector: {
        name: '{% $states.context.Map.Item.Key %}',
        port: '{% $states.context.Map.Item.Value.port %}',
        i: '{% $states.context.Map.Item.Index %}',
      },
    });
    const selected = await enterState(s, { servers: { web: { port: 80 }, db: { port: 5432 } } }, env());
    assert.deepEqual(selected.kind === 'map' && selected.items, [
      { name: 'web', port: 80, i: 0 },
      { name: 'db', port: 5432, i: 1 },
    ]);
    const empty = await enterState(map({ Items: '{% $states.input %}' }), {}, env());
    assert.deepEqual(empty.kind === 'map' && empty.items, []);
  });
});

describe('query languages side by side', () => {
  it('a JSONata state in a JSONPath machine uses JSONata; its neighbour keeps JSONPath', async () => {
    const machine = compileMachine({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.v %}', Next: 'B' },
        B: { Type: 'Pass', Parameters: { 'w.$': '$.v' }, End: true },
      },
    });
    const a = machine.states.get('A');
    const b = machine.states.get('B');
    assert.ok(a && b);
    assert.deepEqual(await enterState(a, { v: 1 }, env()), { kind: 'transition', output: 1, next: 'B' });
    // The JSONPath state still answers synchronously.
    assert.deepEqual(enterState(b, { v: 2 }, env()), { kind: 'transition', output: { w: 2 }, next: null });
  });

  it('states of a branch inherit the machine language, not their Parallel state one', () => {
    const machine = compileMachine({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          QueryLanguage: 'JSONata',
          Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', End: true } } }],
          End: true,
        },
      },
    });
    const p = machine.states.get('P');
    assert.ok(p?.type === 'Parallel' && p.jsonata !== undefined);
    assert.equal(p.branches[0]?.states.get('B')?.jsonata, undefined);
  });
});
