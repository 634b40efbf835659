import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileState, enter, enterState, env, PREFIX, runtimeError } from './step-fixture.ts';

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
