// Issue 20's console flows in real headless Chromium (Stepwise extensions): "Save as test" on
// the execution page downloads a test file that `stepwise test` passes; the Bulk operations page
// filters, dry-runs, selects and redrives (or forks from a state), then shows progress and each
// execution's result.
// Screenshots in test-artifacts/screenshots/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../integrations/support.ts';
import type { ConsoleHarness } from './harness.ts';
import { startConsole } from './harness.ts';

const ARN = 'arn:aws:states:us-east-1:123456789012';
const EXAMPLES = resolve(import.meta.dirname, '..', '..', 'examples');
const executionPath = (arn: string): string => `/#/execution/${encodeURIComponent(arn)}`;

describe('console: save as test, bulk operations (headless Chromium)', () => {
  let h: ConsoleHarness;
  before(async () => {
    h = await startConsole();
  });
  after(async () => {
    await h?.close();
  });

  async function settled(executionArn: string): Promise<string> {
    for (;;) {
      const d = await h.call<{ status: string }>('DescribeExecution', { executionArn });
      if (d.status !== 'RUNNING') return d.status;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  test('"Save as test" downloads a test file that `stepwise test` passes', async () => {
    const input = readFileSync(join(EXAMPLES, 'order-processing', 'inputs', 'confirmed.json'), 'utf8');
    const { executionArn } = await h.call<{ executionArn: string }>('StartExecution', {
      stateMachineArn: `${ARN}:stateMachine:order-processing`,
      name: 'saved-from-console',
      input,
    });
    assert.equal(await settled(executionArn), 'SUCCEEDED');
    const page = await h.open(executionPath(executionArn));
    const button = page.getByRole('button', { name: 'Save as test' });
    await button.waitFor();
    assert.equal(await button.isEnabled(), true);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    assert.equal(download.suggestedFilename(), 'saved-from-console.test.json');
    const file = await download.path();
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { tests: Array<{ testCase: string }> };
    assert.equal(saved.tests[0]?.testCase, 'saved-from-console');
    await h.screenshot(page, '50-save-as-test');
    const r = await runCli(['test', file]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /1 passed, 0 failed/);
    await page.close();
  });

  test('Bulk operations: filter, dry run, select, redrive; progress and per-execution results', async () => {
    await h.call('CreateStateMachine', {
      name: 'bulk-demo',
      roleArn: `arn:aws:iam::123456789012:role/r`,
      definition: JSON.stringify({
        StartAt: 'Charge',
        States: {
          Charge: {
            Type: 'Choice',
            Choices: [{ Variable: '$.amount', NumericGreaterThan: 100, Next: 'Declined' }],
            Default: 'Done',
          },
          Declined: { Type: 'Fail', Error: 'CardDeclined', Cause: 'over the limit' },
          Done: { Type: 'Succeed' },
        },
      }),
    });
    const arns: string[] = [];
    for (const [i, amount] of [50, 150, 250, 350, 80, 450].entries()) {
      const { executionArn } = await h.call<{ executionArn: string }>('StartExecution', {
        stateMachineArn: `${ARN}:stateMachine:bulk-demo`,
        name: `order-${i}`,
        input: JSON.stringify({ amount }),
      });
      arns.push(executionArn);
      await settled(executionArn);
    }
    const page = await h.open('/#/bulk');
    await page.getByLabel('State machine').selectOption(`${ARN}:stateMachine:bulk-demo`);
    await page.getByLabel('FAILED').check();
    await page.getByLabel('Input matches (JSONata)').fill('amount < 400');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByTestId('bulk-matched').filter({ hasText: '3 executions match' }).waitFor();
    // Leave one out: only the selected are touched.
    await page.getByLabel('order-2').uncheck();
    await h.screenshot(page, '51-bulk-dry-run');
    await page.getByRole('button', { name: 'Redrive 2 selected' }).click();
    const row = page.locator('[data-testid="bulk-operations"] tr[data-status="SUCCEEDED"]');
    await row.waitFor();
    assert.equal(await row.getByTestId('bulk-done').textContent(), '2/2');
    await row.getByRole('button').first().click();
    const results = page.getByTestId('bulk-results').locator('li');
    await page.getByTestId('bulk-results').locator('li').nth(1).waitFor();
    assert.deepEqual(await Promise.all((await results.all()).map((li) => li.getAttribute('data-outcome'))), [
      'SUCCEEDED',
      'SUCCEEDED',
    ]);
    await h.screenshot(page, '52-bulk-results');
    const redrives = await Promise.all(
      arns.map(async (executionArn) => {
        const d = await h.call<{ redriveCount?: number }>('DescribeExecution', { executionArn });
        return d.redriveCount ?? 0;
      }),
    );
    assert.deepEqual(redrives, [0, 1, 0, 1, 0, 0]);
    await page.close();
  });

  test('Bulk operations: fork the matched executions from a state', async () => {
    const page = await h.open('/#/bulk');
    await page.getByLabel('Action').selectOption('fork');
    await page.getByLabel('State machine').selectOption(`${ARN}:stateMachine:bulk-demo`);
    await page.getByLabel('Input matches (JSONata)').fill('amount = 450');
    // The dry run says what the run would do: from a state it never entered, it would be skipped.
    await page.getByLabel('Fork from state').fill('Nowhere');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page
      .getByTestId('bulk-predicted')
      .filter({ hasText: "SKIPPED: it never entered state 'Nowhere'" })
      .waitFor();
    await page.getByLabel('Fork from state').fill('Charge');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByTestId('bulk-matched').filter({ hasText: '1 executions match' }).waitFor();
    assert.equal(await page.getByTestId('bulk-predicted').count(), 0);
    await page.getByRole('button', { name: 'Fork 1 selected' }).click();
    const row = page.locator('[data-testid="bulk-operations"] tr[data-status="SUCCEEDED"]').first();
    await row.filter({ hasText: 'fork' }).waitFor();
    await row.getByRole('button').first().click();
    const result = page.getByTestId('bulk-results').locator('li').first();
    await result.waitFor();
    assert.equal(await result.getAttribute('data-outcome'), 'SUCCEEDED');
    await h.screenshot(page, '53-bulk-fork');
    const forks = await h.call<{ forks?: string[] }>('DescribeExecutionLineage', {
      executionArn: `${ARN}:execution:bulk-demo:order-5`,
    });
    assert.equal(forks.forks?.length, 1);
    const link = result.getByRole('link').nth(1);
    assert.equal(`/${(await link.getAttribute('href')) ?? ''}`, executionPath(forks.forks?.[0] ?? 'none'));
    await page.close();
  });
});
