import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineDiff } from './line-diff.ts';

test('a line diff marks what was added and removed, in order', () => {
  const diff = lineDiff('a\nb\nc\nd', 'a\nc\nx\nd');
  assert.deepEqual(
    diff.map((line) => `${line.kind[0]}${line.text}`),
    ['sa', 'rb', 'sc', 'ax', 'sd'],
  );
  assert.deepEqual(lineDiff('', 'a'), [{ kind: 'added', text: 'a' }]);
  assert.ok(lineDiff('same\ntext', 'same\ntext').every((line) => line.kind === 'same'));
});

test('a changed line reads as removed, then added', () => {
  assert.deepEqual(
    lineDiff('x\n"Next": "B"\n}', 'x\n"Next": "B",\n"Retry": []\n}').map((line) => line.kind),
    ['same', 'removed', 'added', 'added', 'same'],
  );
});
