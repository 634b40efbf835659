// The Monitoring tab in real headless Chromium: charts drawn by uPlot from POST /monitoring, and
// the executions × states grid coloured by how each state fared in each run of the daycare example.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ConsoleHarness } from '../browser/harness.ts';
import { startConsole } from '../browser/harness.ts';

const EXAMPLES = resolve(import.meta.dirname, '..', '..', 'examples', 'daycare-registration', 'inputs');
const DAYCARE = 'arn:aws:states:us-east-1:123456789012:stateMachine:daycare-registration';

describe('console: Monitoring tab', () => {
  let h: ConsoleHarness;
  before(async () => {
    h = await startConsole();
  });
  after(async () => {
    await h?.close();
  });

  test('charts the runs, prices them, and grids executions × states by outcome', async () => {
    const runs = ['valid', 'valid', 'too-young', 'missing-information', 'program-full', 'valid'];
    for (const [i, input] of runs.entries()) {
      await h.call('StartExecution', {
        stateMachineArn: DAYCARE,
        name: `monitored-${i}-${input}`,
        input: readFileSync(join(EXAMPLES, `${input}.json`), 'utf8'),
      });
    }
    // Wait until every run closed, through the API the console also uses.
    for (;;) {
      const { executions } = await h.call<{ executions: { status: string }[] }>('ListExecutions', {
        stateMachineArn: DAYCARE,
      });
      if (executions.length === runs.length && executions.every((e) => e.status !== 'RUNNING')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const page = await h.open('/#/state-machine/' + encodeURIComponent(DAYCARE), {
      width: 1400,
      height: 1100,
    });
    await page.getByRole('tab', { name: 'Monitoring' }).click();
    await page.locator('[data-testid="monitoring"]').waitFor();
    assert.equal(
      await page.locator('[data-testid="monitoring-executions"]').innerText(),
      String(runs.length),
    );
    // uPlot draws each chart on a canvas, with its series in a legend.
    for (const chart of ['chart-status', 'chart-duration', 'chart-cost']) {
      await page.locator(`[data-testid="${chart}"] canvas`).waitFor();
    }
    const legend = await page.locator('[data-testid="chart-duration"] .u-legend').innerText();
    assert.match(legend, /p50[\s\S]*p95[\s\S]*p99/);
    // The transitions shown are the report's, and the price follows from them.
    const report = (await (
      await fetch(`${h.server.url}/monitoring`, {
        method: 'POST',
        body: JSON.stringify({ stateMachineArn: DAYCARE }),
      })
    ).json()) as { executions: { billedTransitions: number; states: Record<string, { outcome: string }> }[] };
    const transitions = report.executions.reduce((n, e) => n + e.billedTransitions, 0);
    assert.equal(
      await page.locator('[data-testid="monitoring-transitions"]').innerText(),
      String(transitions),
    );
    assert.equal(
      await page.locator('[data-testid="monitoring-cost"]').innerText(),
      `$${(transitions * 0.000025).toFixed(6)}`,
    );
    // Each failing input ends in its own Fail state: the grid shows it in red in that run's row.
    const grid = page.locator('[data-testid="execution-grid"]');
    await grid.waitFor();
    assert.equal(await grid.locator('tbody tr').count(), runs.length);
    const failed: string[] = [];
    const rows = grid.locator('tbody tr');
    for (let row = 0; row < (await rows.count()); row++) {
      const cells = rows.nth(row).locator('td[data-outcome="failed"]');
      for (let c = 0; c < (await cells.count()); c++)
        failed.push(`${row}:${await cells.nth(c).getAttribute('data-state')}`);
    }
    const expected = report.executions.flatMap((e, row) =>
      Object.entries(e.states)
        .filter(([, cell]) => cell.outcome === 'failed')
        .map(([state]) => `${row}:${state}`),
    );
    assert.deepEqual(failed, expected);
    // too-young, missing-information and program-full each fail in their own Fail state.
    assert.deepEqual(failed.map((f) => f.split(':')[1]).sort(), [
      'AgeOutOfRange',
      'InformationInvalid',
      'NoSpotsAvailable',
    ]);
    const errors = await page.locator('[data-testid="top-errors"] li').count();
    assert.ok(errors >= 1);
    await h.screenshot(page, '40-monitoring-tab');
    await grid.scrollIntoViewIfNeeded();
    await grid.screenshot({
      path: join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots', '41-execution-grid.png'),
    });
    await page.close();
  });
});
