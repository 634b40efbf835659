// The execution page of a run with a distributed Map, in real headless Chromium: its Map Run's
// progress bar and item counts follow the run live (DescribeMapRun, polled), with its failure
// tolerance and its child executions (ListExecutions({mapRunArn})) or a note that there are none
// to list. Screenshots go to test-artifacts/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConsoleHarness } from './harness.ts';
import { startConsole } from './harness.ts';

const executionPath = (arn: string): string => `/#/execution/${encodeURIComponent(arn)}`;

/**
 * Six items, three at a time: item 0 succeeds and item 1 fails at once (tolerated), items 2–5
 * wait 50 s (under the 60 s after which an execution is parked). However slow the machine, the
 * run then holds still at 1 succeeded, 1 failed, 3 running, 1 pending until the test stops it.
 */
const definition = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 3,
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
const items = [0, 1, 2, 3, 4, 5].map((n) => ({ n, fail: n === 1, wait: n < 2 ? 0 : 50 }));

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
    const count = (key: string): Promise<string> =>
      run.locator(`tr[data-row="items"] [data-count="${key}"]`).innerText();
    const counts = async (): Promise<string[]> =>
      Promise.all(['succeeded', 'failed', 'running', 'pending', 'aborted', 'total'].map(count));

    // While it runs: the counts and a bar with a segment for each state present.
    await run.locator('tr[data-row="items"] [data-count="running"]', { hasText: /^3$/ }).waitFor();
    await run.locator('tr[data-row="items"] [data-count="failed"]', { hasText: /^1$/ }).waitFor();
    assert.equal(await run.getAttribute('data-status'), 'RUNNING');
    assert.deepEqual(await counts(), ['1', '1', '3', '1', '0', '6']);
    for (const segment of ['succeeded', 'failed', 'running', 'pending'])
      assert.equal(await run.locator(`.seg-${segment}`).count(), 1, segment);
    const bar = run.getByRole('progressbar', { name: 'Map Run progress' });
    assert.deepEqual(
      [await bar.getAttribute('aria-valuenow'), await bar.getAttribute('aria-valuemax')],
      ['2', '6'],
    );
    assert.equal(await run.locator('[data-testid="map-run-done"]').innerText(), '2 of 6 items done');
    assert.equal(await run.locator('[data-testid="map-run-tolerance"]').innerText(), 'Up to 2 items');
    await h.screenshot(page, 'map-run-running');

    // Stopped: without a reload, the page shows the run aborted, its unfinished items with it.
    await page.getByRole('button', { name: 'Stop execution' }).click();
    await page.locator('[data-testid="map-run"][data-status="ABORTED"]').waitFor();
    assert.deepEqual(await counts(), ['1', '1', '0', '0', '4', '6']);
    assert.equal(await run.locator('[data-testid="map-run-done"]').innerText(), '6 of 6 items done');
    assert.equal(await run.locator('.seg-aborted').count(), 1);
    assert.equal(await run.locator('.seg-running, .seg-pending').count(), 0);

    // Child executions: listed with links where the server lists them, else said to be unavailable.
    const listed = run.locator('[data-testid="map-run-children"] a');
    if ((await listed.count()) > 0) {
      assert.match((await listed.first().getAttribute('href')) ?? '', /^#\/execution\/arn%3Aaws%3Astates/);
    } else {
      await run.locator('[data-testid="map-run-children-unavailable"]').waitFor();
    }
    await h.screenshot(page, 'map-run-aborted');
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
