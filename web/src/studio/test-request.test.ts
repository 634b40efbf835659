import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspectionStages, needsMock, testStateRequest } from './test-request.ts';

test('a lone state is tested with DEBUG inspection, in the query language it has', () => {
  const state = { Type: 'Pass', Output: '{% $states.input.a %}', End: true };
  const request = testStateRequest({ QueryLanguage: 'JSONata', StartAt: 'P', States: {} }, state, {
    input: '{"a":1}',
  });
  assert.deepEqual(request, {
    definition: JSON.stringify({
      Type: 'Pass',
      Output: '{% $states.input.a %}',
      End: true,
      QueryLanguage: 'JSONata',
    }),
    input: '{"a":1}',
    inspectionLevel: 'DEBUG',
  });
  const mocked = testStateRequest(
    {},
    { Type: 'Task', Resource: 'r', End: true },
    { input: '{}', mockResult: '{"ok":true}' },
  );
  assert.deepEqual(mocked.mock, { result: '{"ok":true}' });
  assert.equal(
    (JSON.parse(String(mocked.definition)) as { QueryLanguage?: string }).QueryLanguage,
    undefined,
  );
});

test('which states need a mocked result', () => {
  assert.equal(needsMock({ Type: 'Map' }), true);
  assert.equal(
    needsMock({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken' }),
    true,
  );
  assert.equal(needsMock({ Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2' }), true);
  assert.equal(needsMock({ Type: 'Task', Resource: 'arn:aws:states:us-east-1:1:activity:a' }), true);
  assert.equal(needsMock({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke' }), false);
});

test('inspection stages come in pipeline order', () => {
  const stages = inspectionStages({ afterResultPath: '3', input: '1', extra: 'x', afterInputPath: '2' });
  assert.deepEqual(
    stages.map((s) => s.stage),
    ['input', 'afterInputPath', 'afterResultPath', 'extra'],
  );
});
