import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture, runCli } from './support.ts';

describe('stepwise test (a real CLI process)', () => {
  it('runs the daycare example tests: real functions and mocked test cases pass', async () => {
    const run = await runCli(['test', 'examples/daycare-registration/tests.json']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /✔ a busy information service is retried/);
    assert.match(run.stdout, /✔ a full program ends in NoSpotsAvailable/);
    assert.match(run.stdout, /3 passed, 0 failed/);
  });

  it('reports what differs and exits 1 when a test fails', async () => {
    const run = await runCli(['test', fixture('failing.tests.json')]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /✔ mocked greeting/);
    assert.match(
      run.stdout,
      /✖ wrong expectation\n\s+output: expected \{"message":"bye"\}, got \{"message":"hello"\}/,
    );
    assert.match(run.stdout, /✔ unmocked function is not found/);
    assert.match(run.stdout, /2 passed, 1 failed/);
  });
});
