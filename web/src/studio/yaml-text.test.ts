import assert from 'node:assert/strict';
import { test } from 'node:test';
import { printDefinition } from './history.ts';
import type { JsonObject } from './json-edit.ts';
import { fromYaml, toYaml } from './yaml-text.ts';

const shared = { ErrorEquals: ['States.ALL'] };
const definition: JsonObject = {
  Comment: 'yes: on 2025-09-01',
  StartAt: 'A',
  States: {
    A: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { 'Payload.$': '$', Code: '200', Date: '2025-09-01', Flag: 'no', Empty: '', Nothing: null },
      Retry: [shared],
      Catch: [{ ...shared, Next: 'B' }],
      Next: 'B',
    },
    B: { Type: 'Pass', Result: { n: 1.5, big: 12345678901, list: [] }, End: true },
  },
};

test('YAML round trip: the same definition, key order and types included', () => {
  const yaml = toYaml(definition);
  assert.doesNotMatch(yaml, /[&*]a\d/, 'no anchors or aliases');
  assert.match(yaml, /^StartAt: A$/m);
  const back = fromYaml(yaml);
  assert.ok('definition' in back);
  assert.equal(printDefinition(back.definition), printDefinition(definition));
});

test('YAML typed by hand: comments and flow style are fine; bad YAML and non-mappings are problems', () => {
  const back = fromYaml('# a comment\nStartAt: X\nStates: {X: {Type: Succeed}}\n');
  assert.deepEqual(back, { definition: { StartAt: 'X', States: { X: { Type: 'Succeed' } } } });
  assert.ok('problem' in fromYaml('StartAt: [unclosed'));
  assert.ok('problem' in fromYaml('StartAt: A\nStartAt: B\n'), 'duplicate keys are refused');
  assert.deepEqual(fromYaml('- 1\n- 2\n'), { problem: 'A definition is a mapping (a JSON object).' });
});
