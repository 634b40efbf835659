import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorMatches } from './match.ts';

describe('errorMatches', () => {
  it('matches an exact name, case-sensitively', () => {
    assert.equal(errorMatches(['MyError'], 'MyError'), true);
    assert.equal(errorMatches(['MyError'], 'myerror'), false);
    assert.equal(errorMatches(['Other', 'MyError'], 'MyError'), true);
    assert.equal(errorMatches(['Other'], 'MyError'), false);
    assert.equal(errorMatches([], 'MyError'), false);
  });

  it('States.ALL matches any error name, including States.Timeout', () => {
    for (const e of [
      'MyError',
      'States.TaskFailed',
      'States.Timeout',
      'States.HeartbeatTimeout',
      'Lambda.Unknown',
    ]) {
      assert.equal(errorMatches(['States.ALL'], e), true, e);
    }
  });

  it('States.TaskFailed matches task errors but not States.Timeout (AWS guide, "Handling errors")', () => {
    assert.equal(errorMatches(['States.TaskFailed'], 'States.TaskFailed'), true);
    assert.equal(errorMatches(['States.TaskFailed'], 'Lambda.ServiceException'), true);
    assert.equal(errorMatches(['States.TaskFailed'], 'States.Timeout'), false);
    assert.equal(errorMatches(['States.TaskFailed', 'States.Timeout'], 'States.Timeout'), true);
  });

  it('the terminal States.Runtime and States.DataLimitExceeded escape the wildcards', () => {
    for (const e of ['States.Runtime', 'States.DataLimitExceeded']) {
      assert.equal(errorMatches(['States.ALL'], e), false, e);
      assert.equal(errorMatches(['States.TaskFailed'], e), false, e);
      assert.equal(errorMatches(['States.TaskFailed', 'States.ALL'], e), false, e);
    }
  });

  it('a terminal error still matches when named exactly', () => {
    assert.equal(errorMatches(['States.Runtime'], 'States.Runtime'), true);
    assert.equal(errorMatches(['States.ALL', 'States.DataLimitExceeded'], 'States.DataLimitExceeded'), true);
  });
});

describe('errorMatches: a missed heartbeat (reported as States.Timeout)', () => {
  it('is matched by States.HeartbeatTimeout, States.Timeout and States.ALL, not by States.TaskFailed', () => {
    assert.equal(errorMatches(['States.HeartbeatTimeout'], 'States.Timeout', true), true);
    assert.equal(errorMatches(['States.Timeout'], 'States.Timeout', true), true);
    assert.equal(errorMatches(['States.ALL'], 'States.Timeout', true), true);
    assert.equal(errorMatches(['States.TaskFailed'], 'States.Timeout', true), false);
    assert.equal(errorMatches(['Other'], 'States.Timeout', true), false);
  });

  it('a TimeoutSeconds timeout is not matched by States.HeartbeatTimeout', () => {
    assert.equal(errorMatches(['States.HeartbeatTimeout'], 'States.Timeout'), false);
    assert.equal(errorMatches(['States.HeartbeatTimeout'], 'States.Timeout', false), false);
  });

  it('a States.HeartbeatTimeout recorded by earlier versions still matches as before', () => {
    assert.equal(errorMatches(['States.HeartbeatTimeout'], 'States.HeartbeatTimeout'), true);
    assert.equal(errorMatches(['States.Timeout'], 'States.HeartbeatTimeout'), true);
    assert.equal(errorMatches(['States.TaskFailed'], 'States.HeartbeatTimeout'), false);
  });
});
