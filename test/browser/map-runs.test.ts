// The execution page of a run with a distributed Map, in real headless Chromium: its Map Run's
// progress bar and item counts follow the run live (DescribeMapRun, polled), with its failure
// tolerance and its child executions (ListExecutions({mapRunArn})) or a note that there are none
// to list. Screenshots go to test-artifacts/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConsoleHarness } from './harness.ts';
import { startConsole } from './harness.ts';

const executionPath = (arn: string): string => `/#/execution/${encodeURIComponent(arn)}`;

/** Six items, two at a time, each waiting `wait` seconds; the one with `fail` fails, tolerated. */
const definition = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 2,
      ToleratedFailureCount: 2,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Check',
        States: {
          Check: {
            Type: 'Choice',
            Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Boom' }],
            Default: 'Work',
          },
          Work: { Type: 'Wait', SecondsPath: '$.wait', End: true },
          Boom: { Type: 'Fail', Error: 'Boom', Cause: 'this item fails' },
        },
      },
      End: true,
    },
  },
};
const items = [0, 1, 2, 3, 4, 5].map((n) => ({ n, wait: 2, fail: n === 3 }));

describe('Map Runs on the execution page (headless Chromium)', () => {
  let h: ConsoleHarness;
  before(async () => {
    h = await startConsole();
  });
  after(async () => {
    await h?.close();
  });

  test('shows a Map Run live: progress bar, item counts, tolerance, child executions', async () => {
    const { stateMachineArn } = await h.call<{ stateMachineArn: string }>('CreateStateMachine', {
      name: `map-run-view-${Date.now()}`,
      roleArn: 'arn:aws:iam::123456789012:role/console-test',
      definition: JSON.stringify(definition),
    });
    const { executionArn } = await h.call<{ executionArn: string }>('StartExecution', {
      stateMachineArn,
      input: JSON.stringify({ items }),
    });
    const page = await h.open(executionPath(executionArn));
    const run = page.locator('[data-testid="map-run"]');

    // While it runs: some items run, the rest wait, and the bar shows both.
    await run
      .locator('[data-count="running"]', { hasText: /^[12]$/ })
      .first()
      .waitFor({ timeout: 20_000 });
    assert.equal(await run.getAttribute('data-status'), 'RUNNING');
    assert.ok((await run.locator('.seg-running').count()) === 1, 'a running segment in the bar');
    assert.equal(await run.locator('tr[data-row="items"] [data-count="total"]').innerText(), '6');
    const bar = run.getByRole('progressbar', { name: 'Map Run progress' });
    assert.equal(await bar.getAttribute('aria-valuemax'), '6');
    assert.ok(Number(await bar.getAttribute('aria-valuenow')) < 6);
    assert.equal(await run.locator('[data-testid="map-run-tolerance"]').innerText(), 'Up to 2 items');
    await h.screenshot(page, 'map-run-running');

    // Without a reload, the counts follow the run to its end.
    await page.locator('[data-testid="map-run"][data-status="SUCCEEDED"]').waitFor({ timeout: 30_000 });
    const count = (key: string): Promise<string> =>
      run.locator(`tr[data-row="items"] [data-count="${key}"]`).innerText();
    assert.deepEqual(
      [await count('succeeded'), await count('failed'), await count('running'), await count('pending')],
      ['5', '1', '0', '0'],
    );
    assert.equal(await run.locator('[data-testid="map-run-done"]').innerText(), '6 of 6 items done');
    assert.equal(await bar.getAttribute('aria-valuenow'), '6');
    assert.equal(await run.locator('.seg-succeeded').count(), 1);
    assert.equal(await run.locator('.seg-failed').count(), 1);
    assert.equal(await run.locator('.seg-running, .seg-pending').count(), 0);

    // Child executions: listed with links where the server lists them, else said to be unavailable.
    const listed = run.locator('[data-testid="map-run-children"] a');
    if ((await listed.count()) > 0) {
      assert.equal(await listed.count(), 6);
      assert.match((await listed.first().getAttribute('href')) ?? '', /^#\/execution\/arn%3Aaws%3Astates/);
    } else {
      await run.locator('[data-testid="map-run-children-unavailable"]').waitFor();
    }
    await h.screenshot(page, 'map-run-done');
    await page.close();
  });

  test('an execution without a distributed Map shows no Map Run', async () => {
    const { stateMachineArn } = await h.call<{ stateMachineArn: string }>('CreateStateMachine', {
      name: `no-map-run-${Date.now()}`,
      roleArn: 'arn:aws:iam::123456789012:role/console-test',
      definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
    });
    const { executionArn } = await h.call<{ executionArn: string }>('StartExecution', {
      stateMachineArn,
      input: '{}',
    });
    const page = await h.open(executionPath(executionArn));
    await page.locator('[data-status="SUCCEEDED"]').first().waitFor();
    await page.getByRole('tab', { name: /Events/ }).waitFor();
    assert.equal(await page.locator('[data-testid="map-run"]').count(), 0);
    await page.close();
  });
});
