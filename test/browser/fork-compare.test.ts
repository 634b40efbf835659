// Fork and compare (Stepwise extensions) in the console, in real headless Chromium: pick a state on
// the execution page, "Run from here" with its input edited in the JSON editor, land on the two
// executions side by side with the first divergence marked, and follow the links both ways.
// Screenshots go to test-artifacts/screenshots/ (50-…).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConsoleHarness } from './harness.ts';
import { startConsole } from './harness.ts';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const DEFINITION = JSON.stringify({
  StartAt: 'Price',
  States: {
    Price: { Type: 'Pass', Parameters: { 'total.$': 'States.MathAdd($.amount, 5)' }, Next: 'Check' },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.total', NumericGreaterThan: 100, Next: 'Review' }],
      Default: 'Approve',
    },
    Review: { Type: 'Pass', Result: 'review', End: true },
    Approve: { Type: 'Pass', Result: 'approved', End: true },
  },
});

const executionPath = (arn: string): string => `/#/execution/${encodeURIComponent(arn)}`;

describe('console: fork and compare (headless Chromium)', () => {
  let h: ConsoleHarness;
  let source: string;
  let stateMachineArn: string;
  before(async () => {
    h = await startConsole();
    ({ stateMachineArn } = await h.call<{ stateMachineArn: string }>('CreateStateMachine', {
      name: 'orders-fork',
      definition: DEFINITION,
      roleArn: ROLE,
    }));
    ({ executionArn: source } = await h.call<{ executionArn: string }>('StartExecution', {
      stateMachineArn,
      name: 'order-1',
      input: '{"amount":10}',
    }));
    await h.server.engine.waitForExecution(source);
  });
  after(async () => {
    await h?.close();
  });

  test('Run from here: edit the state input, then see both executions side by side', async () => {
    const page = await h.open(executionPath(source));
    await page.locator('[data-state-name="Check"][data-status="succeeded"]').click();
    await page.getByRole('button', { name: 'Run from here' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run from here' });
    // Opened on the state's entry, with the input it got in the editor.
    assert.match(await dialog.getByLabel('Fork from event').inputValue(), /^\d+$/);
    const chosen = await dialog.getByLabel('Fork from event').locator('option:checked').textContent();
    assert.match(chosen ?? '', /ChoiceStateEntered · Check/);
    const editor = dialog.getByTestId('fork-input');
    assert.equal(await editor.inputValue(), '{\n  "total": 15\n}');
    await editor.fill('{"total": ');
    assert.equal(await dialog.getByRole('button', { name: 'Run from here' }).isDisabled(), true);
    await editor.fill('{\n  "total": 500\n}');
    await h.screenshot(page, '50-fork-dialog');
    await dialog.getByRole('button', { name: 'Run from here' }).click();

    await page.waitForURL(/#\/compare\//);
    await page
      .getByTestId('first-divergence')
      .filter({ hasText: 'First divergence: Check (input differs)' })
      .waitFor();
    await page.locator('[data-testid="compare-right"] [data-status="SUCCEEDED"]').waitFor();
    const rows = page.getByTestId('compare-row');
    assert.equal(await rows.count(), 4);
    const first = page.locator('tr.first-divergence');
    assert.equal(await first.count(), 1);
    assert.match(await first.innerText(), /Check[^]*first divergence[^]*Check/);
    assert.match(await rows.nth(2).innerText(), /Approve[^]*not visited/);
    assert.match(await rows.nth(3).innerText(), /not visited[^]*Review/);
    await h.screenshot(page, '51-compare-side-by-side');

    // The fork names its source; the source lists the fork.
    await page.getByTestId('compare-right').getByRole('link').first().click();
    await page.getByTestId('forked-from').waitFor();
    assert.match(
      await page.getByTestId('forked-from').innerText(),
      /order-1 at event 4 \(edited Check\) · compare/,
    );
    // Its history marks the events copied from the source: 1–3 (Check was entered again, edited).
    const copied = page.locator('[data-testid="events"] tr:has(.chip.copied)');
    await copied.first().waitFor();
    assert.equal(await copied.count(), 3);
    await h.screenshot(page, '52-fork-execution');
    await page.getByTestId('forked-from').getByRole('link', { name: 'order-1' }).click();
    await page.getByTestId('forks').waitFor();
    assert.equal(await page.getByTestId('forks').locator('.chip').count(), 1);
    await page.close();
  });

  test('a fork onto a version without the state is refused with the reason in the dialog', async () => {
    await h.call('UpdateStateMachine', {
      stateMachineArn,
      definition: DEFINITION.replaceAll('Approve', 'Accept'),
      publish: true,
    });
    const page = await h.open(executionPath(source));
    await page.getByRole('button', { name: 'Fork…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run from here' });
    const events = dialog.getByLabel('Fork from event');
    const approve = await events
      .locator('option', { hasText: 'PassStateEntered · Approve' })
      .getAttribute('value');
    assert.ok(approve);
    await events.selectOption(approve);
    await dialog.getByLabel('Continue on').selectOption({ label: 'Version 1' });
    await dialog.getByRole('button', { name: 'Run from here' }).click();
    const error = dialog.getByTestId('fork-error');
    await error.waitFor();
    assert.match(
      await error.innerText(),
      /State 'Approve' \(entered at event \d+\) does not exist in the new definition/,
    );
    await h.screenshot(page, '53-fork-refused');
    await page.close();
  });
});
