// Upgrade safety (DESIGN.md decision 2): histories recorded by an earlier engine, of executions
// left open at interesting points, must keep resuming to the same result. Each fixture is loaded
// into a fresh store, a runtime started on it resumes the open executions by replay, and every
// execution's final record and full history (types, ids, previousEventId, timestamps, details)
// must equal the recorded ones. A divergence fails here; README.md says what to do about it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertChain } from '../../src/test-support/engine-harness.ts';
import type { Outcome } from './harness.ts';
import { fixtures, resume } from './harness.ts';
import { SCENARIOS } from './scenarios.ts';
import { HISTORY_FORMAT } from '../../src/engine/index.ts';

const all = fixtures();

/** The first event that differs, named, so a divergence reads as a step of the execution. */
function firstDifference(actual: Outcome, expected: Outcome): string | undefined {
  const n = Math.max(actual.history.length, expected.history.length);
  for (let i = 0; i < n; i++) {
    const a = JSON.stringify(actual.history[i]);
    const e = JSON.stringify(expected.history[i]);
    if (a !== e) return `event ${i + 1} diverges:\n  recorded ${e}\n  now      ${a}`;
  }
  return undefined;
}

describe('replay: recorded open executions resume as they were recorded', () => {
  it('has at least 8 fixtures, one per scenario', () => {
    assert.ok(all.length >= 8, `${all.length} fixtures`);
    assert.deepEqual(
      all.map((f) => f.scenario).sort(),
      SCENARIOS.map((s) => s.name).sort(),
      'a scenario without its fixture (npm run replay:record -- NAME) or a fixture without its scenario',
    );
  });

  for (const fixture of all) {
    it(`${fixture.scenario}: ${fixture.description}`, { timeout: 60_000 }, async () => {
      const scenario = SCENARIOS.find((s) => s.name === fixture.scenario);
      assert.ok(scenario, `no scenario ${fixture.scenario}`);
      const open = fixture.store.executions.filter((x) => x.status === 'RUNNING');
      assert.ok(open.length > 0, 'the fixture has an open execution');
      for (const x of fixture.store.executions) assert.ok(x.historyFormat <= HISTORY_FORMAT);
      const outcomes = await resume(scenario, fixture);
      assert.deepEqual(
        outcomes.map((o) => o.executionArn),
        fixture.expected.map((o) => o.executionArn),
      );
      outcomes.forEach((actual, i) => {
        const expected = fixture.expected[i];
        assert.ok(expected);
        const where = `${actual.executionArn}: ${firstDifference(actual, expected) ?? ''}`;
        assert.equal(actual.status, expected.status, where);
        assert.equal(actual.output, expected.output, where);
        assert.equal(actual.error, expected.error, where);
        assert.equal(actual.cause, expected.cause, where);
        assert.equal(firstDifference(actual, expected), undefined, where);
        assert.deepEqual(actual.history, expected.history);
        assertChain(actual.history);
      });
    });
  }
});
