import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectState, deleteStates, duplicateStates, moveState } from './edit-ops.ts';
import type { JsonObject } from './json-edit.ts';
import { TOP } from './scope.ts';
import { slotLabel, slotsOf } from './transitions.ts';

const chain = (): JsonObject => ({
  StartAt: 'A',
  States: {
    A: { Type: 'Pass', Next: 'B' },
    B: { Type: 'Pass', Next: 'C' },
    C: { Type: 'Pass', End: true },
  },
});
const states = (def: JsonObject): JsonObject => def.States as JsonObject;
const BRANCH = ['States', 'P', 'Branches', 1];

const withParallel = (): JsonObject => ({
  StartAt: 'A',
  States: {
    A: { Type: 'Task', Resource: 'r', Next: 'P', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }] },
    P: {
      Type: 'Parallel',
      Next: 'F',
      Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }, { States: {} }],
    },
    F: { Type: 'Fail' },
  },
});

describe('moving a state', () => {
  test('to the end: what led to it leads to its Next; it ends the flow', () => {
    const out = moveState(chain(), { scope: TOP, name: 'A' }, TOP, { kind: 'after', name: 'C' });
    assert.equal(out.StartAt, 'B');
    assert.deepEqual(states(out), {
      B: { Type: 'Pass', Next: 'C' },
      C: { Type: 'Pass', Next: 'A' },
      A: { Type: 'Pass', End: true },
    });
  });

  test('onto an edge, before the first state', () => {
    const out = moveState(chain(), { scope: TOP, name: 'C' }, TOP, {
      kind: 'between',
      from: undefined,
      to: 'A',
    });
    assert.equal(out.StartAt, 'C');
    assert.deepEqual(states(out), {
      C: { Type: 'Pass', Next: 'A' },
      A: { Type: 'Pass', Next: 'B' },
      B: { Type: 'Pass', End: true },
    });
    const middle = moveState(chain(), { scope: TOP, name: 'A' }, TOP, {
      kind: 'between',
      from: 'B',
      to: 'C',
    });
    assert.equal(middle.StartAt, 'B');
    assert.deepEqual(states(middle), {
      B: { Type: 'Pass', Next: 'A' },
      A: { Type: 'Pass', Next: 'C' },
      C: { Type: 'Pass', End: true },
    });
  });

  test('onto its own edges, after itself or into itself: nothing changes', () => {
    const def = chain();
    const b = { scope: TOP, name: 'B' };
    assert.equal(moveState(def, b, TOP, { kind: 'between', from: 'A', to: 'B' }), def);
    assert.equal(moveState(def, b, TOP, { kind: 'between', from: 'B', to: 'C' }), def);
    assert.equal(moveState(def, b, TOP, { kind: 'after', name: 'B' }), def);
    const p = withParallel();
    assert.equal(moveState(p, { scope: TOP, name: 'P' }, BRANCH, { kind: 'alone' }), p);
  });

  test('into an empty Parallel branch: it becomes its StartAt, keeps only what the branch can reach', () => {
    const out = moveState(withParallel(), { scope: TOP, name: 'A' }, BRANCH, { kind: 'alone' });
    assert.equal(out.StartAt, 'P');
    assert.deepEqual(((states(out).P as JsonObject).Branches as JsonObject[])[1], {
      States: { A: { Type: 'Task', Resource: 'r', End: true, Catch: [] } },
      StartAt: 'A',
    });
  });

  test('out of a branch into the top level, after a state', () => {
    const out = moveState(withParallel(), { scope: ['States', 'P', 'Branches', 0], name: 'X' }, TOP, {
      kind: 'after',
      name: 'A',
    });
    assert.deepEqual(Object.keys(states(out)), ['A', 'X', 'P', 'F']);
    assert.deepEqual(states(out).X, { Type: 'Pass', Next: 'P' });
    assert.equal((states(out).A as JsonObject).Next, 'X');
    assert.deepEqual(((states(out).P as JsonObject).Branches as JsonObject[])[0], { States: {} });
  });

  test('into a Map processor, between two of its states', () => {
    const def: JsonObject = {
      StartAt: 'T',
      States: {
        T: { Type: 'Pass', Next: 'M' },
        M: {
          Type: 'Map',
          End: true,
          ItemProcessor: {
            StartAt: 'I',
            States: { I: { Type: 'Pass', Next: 'J' }, J: { Type: 'Pass', End: true } },
          },
        },
      },
    };
    const out = moveState(def, { scope: TOP, name: 'T' }, ['States', 'M', 'ItemProcessor'], {
      kind: 'between',
      from: 'I',
      to: 'J',
    });
    assert.equal(out.StartAt, 'M');
    assert.deepEqual((states(out).M as JsonObject).ItemProcessor, {
      StartAt: 'I',
      States: {
        I: { Type: 'Pass', Next: 'T' },
        T: { Type: 'Pass', Next: 'J' },
        J: { Type: 'Pass', End: true },
      },
    });
  });

  test('a Choice keeps its rules when moved in its scope', () => {
    const def: JsonObject = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Next: 'C' },
        C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'Y' }], Default: 'N' },
        Y: { Type: 'Succeed' },
        N: { Type: 'Fail' },
        Z: { Type: 'Pass', End: true },
      },
    };
    const out = moveState(def, { scope: TOP, name: 'C' }, TOP, { kind: 'after', name: 'Z' });
    assert.deepEqual(states(out).C, def.States && (def.States as JsonObject).C);
    assert.equal((states(out).Z as JsonObject).Next, 'C');
    assert.deepEqual(states(out).A, { Type: 'Pass', End: true });
  });
});

describe('connecting by dragging from a handle', () => {
  const choice: JsonObject = {
    StartAt: 'C',
    States: {
      C: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.a', IsNull: true },
          { Variable: '$.b', IsNull: true },
        ],
      },
      T: { Type: 'Task', Resource: 'r', End: true },
      F: { Type: 'Fail' },
    },
  };
  test('a Choice: each rule and the Default', () => {
    const c = choice.States as JsonObject;
    assert.deepEqual(
      slotsOf(c.C as JsonObject).map((slot) => slotLabel(c.C as JsonObject, slot)),
      ['Rule 1', 'Rule 2', 'Default'],
    );
    let out = connectState(choice, TOP, 'C', { kind: 'rule', index: 1 }, 'T');
    out = connectState(out, TOP, 'C', { kind: 'default' }, 'F');
    assert.deepEqual(states(out).C, {
      Type: 'Choice',
      Choices: [
        { Variable: '$.a', IsNull: true },
        { Variable: '$.b', IsNull: true, Next: 'T' },
      ],
      Default: 'F',
    });
  });

  test("a Task's Next replaces its End; a new Catch is for States.ALL; unknown targets do nothing", () => {
    const t = (choice.States as JsonObject).T as JsonObject;
    assert.deepEqual(
      slotsOf(t).map((slot) => slotLabel(t, slot)),
      ['Next', '+ Catch'],
    );
    let out = connectState(choice, TOP, 'T', { kind: 'next' }, 'C');
    assert.deepEqual(Object.keys(states(out).T as JsonObject), ['Type', 'Resource', 'Next']);
    out = connectState(out, TOP, 'T', { kind: 'catch', index: 0 }, 'F');
    out = connectState(out, TOP, 'T', { kind: 'catch', index: 0 }, 'C');
    assert.deepEqual(states(out).T, {
      Type: 'Task',
      Resource: 'r',
      Next: 'C',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }],
    });
    assert.equal(connectState(out, TOP, 'T', { kind: 'next' }, 'Nowhere'), out);
    assert.deepEqual(slotsOf({ Type: 'Fail' }), []);
  });
});

describe('several states at once', () => {
  test('delete and duplicate a selection', () => {
    const gone = deleteStates(chain(), [
      { scope: TOP, name: 'A' },
      { scope: TOP, name: 'C' },
    ]);
    assert.deepEqual(gone, { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } });
    const { definition, copies } = duplicateStates(chain(), [
      { scope: TOP, name: 'A' },
      { scope: TOP, name: 'B' },
    ]);
    assert.deepEqual(
      copies.map((c) => c.name),
      ['A copy', 'B copy'],
    );
    assert.deepEqual(Object.keys(states(definition)), ['A', 'A copy', 'B', 'B copy', 'C']);
    assert.equal((states(definition)['B copy'] as JsonObject).Next, 'C');
  });
});
