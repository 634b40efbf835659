import assert from 'node:assert/strict';
import { test } from 'node:test';
import { intrinsicSyntaxError, isIntrinsicCall, isReferencePath, pathSyntaxError } from './query-syntax.ts';

test('paths: $, $$ and $var roots; dots, brackets, filters; refuses the malformed', () => {
  for (const ok of [
    '$',
    '$.a.b',
    '$$.Execution.Id',
    '$var.x',
    "$['a b'][0]",
    '$..price',
    "$.items[?(@.n == ']')]",
    '$.a[1:3]',
  ]) {
    assert.equal(pathSyntaxError(ok), undefined, ok);
  }
  for (const bad of ['a', '$.', '$.a[', '$a b', '$[]']) assert.notEqual(pathSyntaxError(bad), undefined, bad);
});

test('reference paths select one node', () => {
  assert.ok(isReferencePath('$.a[0].b'));
  assert.ok(isReferencePath("$['x:y']"));
  for (const bad of ['$.a[*]', '$..a', '$.a[?(@.x)]', '$.a[0,1]', '$.a[1:2]'])
    assert.equal(isReferencePath(bad), false, bad);
});

test('intrinsic calls: balanced parentheses outside quotes', () => {
  assert.ok(isIntrinsicCall("States.Format('{}', $.x)"));
  assert.equal(isIntrinsicCall('$.States'), false);
  assert.equal(intrinsicSyntaxError("States.Format('(', States.Array(1))"), undefined);
  assert.notEqual(intrinsicSyntaxError('States.Array(1'), undefined);
  assert.notEqual(intrinsicSyntaxError("States.Format('x)"), undefined);
  assert.notEqual(intrinsicSyntaxError('States.Array(1) extra'), undefined);
});
