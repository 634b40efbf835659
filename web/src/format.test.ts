import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, prettyJson } from './format.ts';

test('durations read in the unit that fits', () => {
  assert.equal(formatDuration(0.0025), '2.5 ms');
  assert.equal(formatDuration(0.25), '250 ms');
  assert.equal(formatDuration(2.5), '2.50 s');
  assert.equal(formatDuration(125), '2 min 5 s');
  assert.equal(formatDuration(7260), '2 h 1 min');
  assert.equal(formatDuration(-1), '—');
});

test('JSON is pretty-printed; other text is left as it is', () => {
  assert.equal(prettyJson('{"a":[1]}'), '{\n  "a": [\n    1\n  ]\n}');
  assert.equal(prettyJson('not json'), 'not json');
  assert.equal(prettyJson(undefined), '');
});
