// The console's overview of the triggers (`/triggers`) over HTTP: with `credentials` configured it
// needs a Signature V4 like the rest of the API; it gives each schedule's next times on its own
// clock and the executions it started.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/server/index.ts';
import { DEFAULTS, startServer } from '../../src/server/index.ts';
import { signedPost } from '../support/signed-fetch.ts';

const KEY = { accessKeyId: 'AKIDCONSOLE', secretAccessKey: 'console-secret' };

interface Overview {
  readonly schedules: ReadonlyArray<{
    readonly Name: string;
    readonly ScheduleExpressionTimezone: string;
    readonly nextRuns: readonly number[];
    readonly lastRuns: ReadonlyArray<{ readonly name: string; readonly executionArn: string }>;
  }>;
  readonly rules: ReadonlyArray<{ readonly name: string; readonly eventBusName: string }>;
  readonly eventBuses: readonly string[];
}

describe('the /triggers overview', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({
      ...DEFAULTS,
      port: 0,
      host: '127.0.0.1',
      store: 'memory',
      credentials: [KEY],
      triggers: {
        rules: [{ name: 'r', eventBusName: 'shop', eventPattern: { source: ['s'] }, stateMachine: 'x' }],
        eventBuses: ['shop'],
      },
    });
  });
  after(() => server.close());

  it('refuses an unsigned request and answers a signed one', async () => {
    const unsigned = await fetch(`${server.url}/triggers`);
    assert.equal(unsigned.status, 400);
    assert.equal(unsigned.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    const res = await signedPost(new URL(`${server.url}/triggers`), '{}', KEY, 'states');
    assert.equal(res.status, 200);
    const overview = (await res.json()) as Overview;
    assert.deepEqual(
      overview.rules.map((r) => [r.name, r.eventBusName]),
      [['r', 'shop']],
    );
    assert.deepEqual(overview.eventBuses, ['shop']);
    // The bundled nightly-cleanup example: 02:00 in Berlin, five nights ahead.
    const nightly = overview.schedules.find((s) => s.Name === 'nightly-cleanup');
    assert.equal(nightly?.ScheduleExpressionTimezone, 'Europe/Berlin');
    assert.equal(nightly?.nextRuns.length, 5);
    for (const t of nightly?.nextRuns ?? []) {
      const berlin = new Date(t).toLocaleString('sv-SE', { timeZone: 'Europe/Berlin' });
      assert.match(berlin, / 02:00:00$/);
      assert.ok(t > Date.now());
    }
    assert.deepEqual(nightly?.lastRuns, []);
  });
});
