import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_TARGET, edgeTarget, emptyScopeTargets, midpoint, nodeTarget } from './drop-target.ts';
import type { JsonObject } from './json-edit.ts';
import { statesById, TOP } from './scope.ts';

const definition: JsonObject = {
  StartAt: 'A',
  States: {
    A: { Type: 'Task', Resource: 'r', Next: 'Done' },
    Done: { Type: 'Succeed' },
    P: {
      Type: 'Parallel',
      End: true,
      Branches: [
        { StartAt: 'X', States: { X: { Type: 'Pass', Next: 'Y' }, Y: { Type: 'Pass', End: true } } },
      ],
    },
  },
};
const byId = statesById(definition);

test('an edge names the placement of a state dropped on it', () => {
  assert.deepEqual(edgeTarget(definition, byId, 'start', '/A')?.placement, {
    kind: 'between',
    from: undefined,
    to: 'A',
  });
  assert.deepEqual(edgeTarget(definition, byId, '/A', '/Done'), {
    scope: TOP,
    placement: { kind: 'between', from: 'A', to: 'Done' },
    label: 'between A and Done',
  });
  assert.deepEqual(edgeTarget(definition, byId, '/P[0]/X', '/P[0]/Y')?.scope, ['States', 'P', 'Branches', 0]);
  assert.deepEqual(edgeTarget(definition, byId, '/P', 'end')?.placement, { kind: 'after', name: 'P' });
  assert.equal(edgeTarget(definition, byId, '/Done', 'end'), undefined, 'nothing follows a Succeed');
  assert.deepEqual(nodeTarget({ scope: TOP, name: 'A' }).placement, { kind: 'after', name: 'A' });
  assert.deepEqual(EMPTY_TARGET.placement, { kind: 'alone' });
});

test('the "+" of an edge sits halfway along it', () => {
  assert.deepEqual(
    midpoint([
      { x: 0, y: 0 },
      { x: 0, y: 10 },
      { x: 30, y: 10 },
    ]),
    { x: 10, y: 10 },
  );
  assert.deepEqual(midpoint([{ x: 5, y: 5 }]), { x: 5, y: 5 });
});

test('an empty Parallel branch or Map processor takes a state as its first', () => {
  const def: JsonObject = {
    StartAt: 'P',
    States: {
      P: {
        Type: 'Parallel',
        Next: 'M',
        Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }, { States: {} }],
      },
      M: { Type: 'Map', End: true, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, States: {} } },
    },
  };
  const targets = emptyScopeTargets(def, statesById(def));
  assert.deepEqual([...targets.keys()], ['/P[1]', '/M']);
  assert.deepEqual(targets.get('/P[1]'), {
    scope: ['States', 'P', 'Branches', 1],
    placement: { kind: 'alone' },
    label: 'into branch 2 of P',
  });
  assert.deepEqual(targets.get('/M')?.scope, ['States', 'M', 'ItemProcessor']);
});
