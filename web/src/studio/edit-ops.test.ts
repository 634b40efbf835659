import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addState,
  deleteState,
  duplicateState,
  renameProblem,
  renameState,
  replaceState,
  setStartAt,
  uniqueName,
} from './edit-ops.ts';
import type { JsonObject } from './json-edit.ts';
import { statesById, TOP } from './scope.ts';

const linear = (): JsonObject => ({
  Comment: 'kept',
  StartAt: 'A',
  States: {
    A: { Type: 'Pass', Next: 'B', Comment: 'a' },
    B: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, Retry: [] },
  },
  TimeoutSeconds: 30,
});
const pass = { Type: 'Pass', End: true };

describe('adding a state', () => {
  test('to an empty definition makes it StartAt', () => {
    const out = addState({ States: {} }, TOP, 'First', pass, { kind: 'alone' });
    assert.deepEqual(out, { StartAt: 'First', States: { First: pass } });
    assert.deepEqual(Object.keys(out), ['StartAt', 'States']);
  });

  test('after a state: it takes over the Next, in place of End, and sits after it', () => {
    const out = addState(linear(), TOP, 'N', pass, { kind: 'after', name: 'B' });
    assert.deepEqual(out.States, {
      A: { Type: 'Pass', Next: 'B', Comment: 'a' },
      B: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'N', Retry: [] },
      N: pass,
    });
    assert.deepEqual(Object.keys((out.States as JsonObject).B as JsonObject), [
      'Type',
      'Resource',
      'Next',
      'Retry',
    ]);
    const middle = addState(linear(), TOP, 'N', pass, { kind: 'after', name: 'A' });
    assert.deepEqual(Object.keys(middle.States as JsonObject), ['A', 'N', 'B']);
    assert.deepEqual((middle.States as JsonObject).N, { Type: 'Pass', Next: 'B' });
    assert.equal(((middle.States as JsonObject).A as JsonObject).Next, 'N');
  });

  test('on an edge, including the Start edge', () => {
    const between = addState(
      linear(),
      TOP,
      'W',
      { Type: 'Wait', Seconds: 1, End: true },
      { kind: 'between', from: 'A', to: 'B' },
    );
    assert.deepEqual((between.States as JsonObject).W, { Type: 'Wait', Seconds: 1, Next: 'B' });
    assert.equal(((between.States as JsonObject).A as JsonObject).Next, 'W');
    const first = addState(linear(), TOP, 'W', pass, { kind: 'between', from: undefined, to: 'A' });
    assert.equal(first.StartAt, 'W');
    assert.deepEqual(Object.keys(first.States as JsonObject), ['W', 'A', 'B']);
    assert.deepEqual(Object.keys(first), ['Comment', 'StartAt', 'States', 'TimeoutSeconds']);
  });

  test('after a Choice fills its open rule, then its Default, then goes before the Default', () => {
    let def: JsonObject = {
      StartAt: 'C',
      States: { C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true }] } },
    };
    def = addState(def, TOP, 'Yes', { Type: 'Succeed' }, { kind: 'after', name: 'C' });
    def = addState(def, TOP, 'No', { Type: 'Fail' }, { kind: 'after', name: 'C' });
    assert.deepEqual((def.States as JsonObject).C, {
      Type: 'Choice',
      Choices: [{ Variable: '$.x', IsPresent: true, Next: 'Yes' }],
      Default: 'No',
    });
    def = addState(def, TOP, 'Log', pass, { kind: 'after', name: 'C' });
    assert.equal(((def.States as JsonObject).C as JsonObject).Default, 'Log');
    assert.deepEqual((def.States as JsonObject).Log, { Type: 'Pass', Next: 'No' });
  });

  test('a Choice put on an edge sends its first rule on to the old target', () => {
    const choice = { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true }] };
    const out = addState(linear(), TOP, 'C', choice, { kind: 'between', from: 'A', to: 'B' });
    assert.deepEqual((out.States as JsonObject).C, {
      Type: 'Choice',
      Choices: [{ Variable: '$.x', IsPresent: true, Next: 'B' }],
    });
  });

  test('inside a Parallel branch', () => {
    const def: JsonObject = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }],
        },
      },
    };
    const scope = ['States', 'P', 'Branches', 0];
    const out = addState(def, scope, 'Y', pass, { kind: 'after', name: 'X' });
    assert.deepEqual(out, {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', Next: 'Y' }, Y: pass } }],
        },
      },
    });
    assert.deepEqual(statesById(out).get('/P[0]/Y'), { scope, name: 'Y' });
  });

  test('names are unique across the whole definition', () => {
    assert.equal(uniqueName(linear(), 'A'), 'A 2');
    assert.equal(uniqueName(linear(), 'Pass'), 'Pass');
  });
});

describe('deleting, renaming, StartAt', () => {
  test('deleting rewires what led to the state to its Next, or ends there', () => {
    const out = deleteState(linear(), TOP, 'A');
    assert.equal(out.StartAt, 'B');
    assert.deepEqual(Object.keys(out.States as JsonObject), ['B']);
    const tail = deleteState(linear(), TOP, 'B');
    assert.deepEqual((tail.States as JsonObject).A, { Type: 'Pass', End: true, Comment: 'a' });
  });

  test('deleting a Choice target drops the rule target, the Default and Catch', () => {
    const def: JsonObject = {
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'F' }], Default: 'F' },
        T: { Type: 'Task', Resource: 'r', End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }] },
        F: { Type: 'Fail' },
      },
    };
    const out = deleteState(def, TOP, 'F');
    assert.deepEqual(out.States, {
      C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true }] },
      T: { Type: 'Task', Resource: 'r', End: true, Catch: [] },
    });
  });

  test('renaming keeps the place and every reference follows', () => {
    const def: JsonObject = {
      StartAt: 'A',
      States: {
        A: { Type: 'Choice', Choices: [{ Not: { Variable: '$.x', IsNull: true }, Next: 'B' }], Default: 'B' },
        B: { Type: 'Task', Resource: 'r', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'A' }], End: true },
      },
    };
    const out = renameState(renameState(def, TOP, 'A', 'Check'), TOP, 'B', 'Work');
    assert.deepEqual(out, {
      StartAt: 'Check',
      States: {
        Check: {
          Type: 'Choice',
          Choices: [{ Not: { Variable: '$.x', IsNull: true }, Next: 'Work' }],
          Default: 'Work',
        },
        Work: {
          Type: 'Task',
          Resource: 'r',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Check' }],
          End: true,
        },
      },
    });
    assert.match(renameProblem(def, 'A', 'B') ?? '', /already exists/);
    assert.match(renameProblem(def, 'A', ' ') ?? '', /needs a name/);
    assert.equal(renameProblem(def, 'A', 'A'), undefined);
  });

  test('StartAt and replacing a state keep the order of keys', () => {
    const out = setStartAt(linear(), TOP, 'B');
    assert.deepEqual(Object.keys(out), ['Comment', 'StartAt', 'States', 'TimeoutSeconds']);
    assert.equal(out.StartAt, 'B');
    const replaced = replaceState(linear(), TOP, 'A', { Type: 'Pass', Result: 1, Next: 'B' });
    assert.deepEqual(Object.keys(replaced.States as JsonObject), ['A', 'B']);
    const def = linear();
    assert.equal(replaceState(def, TOP, 'Nope', pass), def, 'no such state: nothing changes');
  });
});

describe('duplicating', () => {
  test('a copy goes right after the state; inner states of a Parallel are renamed', () => {
    const def: JsonObject = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Next: 'Done',
          Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }],
        },
        Done: { Type: 'Succeed' },
      },
    };
    const { definition: out, name } = duplicateState(def, TOP, 'P');
    assert.equal(name, 'P copy');
    assert.deepEqual(Object.keys(out.States as JsonObject), ['P', 'P copy', 'Done']);
    assert.equal(((out.States as JsonObject).P as JsonObject).Next, 'P copy');
    assert.deepEqual((out.States as JsonObject)['P copy'], {
      Type: 'Parallel',
      Next: 'Done',
      Branches: [{ StartAt: 'X copy', States: { 'X copy': { Type: 'Pass', End: true } } }],
    });
    const fail = duplicateState(def, TOP, 'Done');
    assert.deepEqual(Object.keys(fail.definition.States as JsonObject), ['P', 'Done', 'Done copy']);
    assert.equal(((fail.definition.States as JsonObject).P as JsonObject).Next, 'Done');
  });
});
