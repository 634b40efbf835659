// Workflow Studio in real headless Chromium: a workflow built from an empty canvas by drag and
// drop and the inspector's forms, saved, started and seen to succeed; an existing workflow's Retry
// edited in the form. Screenshots of each step go to test-artifacts/screenshots/studio-*.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { ConsoleHarness } from './harness.ts';
import { startConsole } from './harness.ts';

const EXAMPLES = resolve(import.meta.dirname, '..', '..', 'examples');
const DAYCARE = 'arn:aws:states:us-east-1:123456789012:stateMachine:daycare-registration';

/** Console errors and uncaught exceptions of a page: the studio must leave none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const node = (page: Page, name: string) => page.locator(`[data-node="state"][data-state-name="${name}"]`);
const field = (page: Page, label: string) =>
  page.locator('[data-testid="inspector"]').getByLabel(label, { exact: true });

async function drag(page: Page, template: string, target: string): Promise<void> {
  await page.locator(`[data-template="${template}"]`).dragTo(page.locator(target).first());
}

describe('Workflow Studio (headless Chromium)', () => {
  let h: ConsoleHarness;
  before(async () => {
    h = await startConsole();
  });
  after(async () => {
    await h?.close();
  });

  test('builds a Lambda task + Choice + Succeed + Fail from an empty canvas, saves, runs it', async () => {
    const valid = readFileSync(join(EXAMPLES, 'daycare-registration', 'inputs', 'valid.json'), 'utf8');
    const page = await h.open('/');
    const errors = watchErrors(page);
    await page.getByRole('link', { name: 'Create state machine' }).click();
    await page.locator('[data-testid="empty-canvas"]').waitFor();

    // A Lambda task, dropped on the empty canvas, configured and renamed in the inspector.
    await drag(page, 'lambda', '[data-testid="studio-canvas"]');
    await node(page, 'Lambda Invoke').waitFor();
    await field(page, 'Parameters').fill(
      JSON.stringify({ FunctionName: 'checkInformation', 'Payload.$': '$' }),
    );
    await field(page, 'State name').fill('Check information');
    await field(page, 'State name').press('Enter');
    await node(page, 'Check information').waitFor();

    // Test the state through TestState: the function runs for real, each stage's value is shown.
    await field(page, 'Input (JSON)').fill(valid);
    await page.getByRole('button', { name: 'Test state' }).click();
    const answer = page.locator('[data-testid="test-answer"]');
    await answer.waitFor();
    assert.match(await answer.innerText(), /SUCCEEDED/);
    assert.match(await answer.innerText(), /afterParameters/);
    assert.match(await answer.innerText(), /"statusCode":200/);
    await h.screenshot(page, 'studio-01-test-state');

    // A Choice after it; Succeed and Fail dropped on the Choice fill its rule and its Default.
    await drag(page, 'choice', '[data-node="state"][data-state-name="Check information"]');
    await node(page, 'Choice').waitFor();
    // Its rule has no target yet: the problem is listed and on the canvas; a click selects the state.
    await page.locator('[data-state-name="Choice"] [data-testid="diagnostic-badge"]').waitFor();
    await node(page, 'Check information').click();
    await page.locator('[data-testid="problems"] button', { hasText: '(Choice)' }).first().click();
    await page.locator('[data-testid="inspector"][data-state="Choice"]').waitFor();
    await field(page, 'Variable').fill('$.Payload.statusCode');
    await field(page, 'Operator').selectOption('NumericEquals');
    await field(page, 'Value').fill('200');
    await drag(page, 'succeed', '[data-node="state"][data-state-name="Choice"]');
    await node(page, 'Success').waitFor();
    await drag(page, 'fail', '[data-node="state"][data-state-name="Choice"]');
    await node(page, 'Fail').waitFor();
    await field(page, 'Error').fill('InformationInvalid');
    await page.locator('[data-testid="problems"]', { hasText: 'The definition is valid.' }).waitFor();
    await page.locator('[data-testid="diagnostic-badge"]').first().waitFor({ state: 'detached' });
    await h.screenshot(page, 'studio-02-built');

    // Undo takes the last edit back, redo brings it again.
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Redo' }).click();
    assert.equal(await field(page, 'Error').inputValue(), 'InformationInvalid');

    // The code pane shows the same definition.
    await page.getByRole('tab', { name: 'Code' }).click();
    const code = page.locator('[data-testid="code-pane"] .cm-content');
    await code.waitFor();
    assert.match(await code.innerText(), /"NumericEquals": 200/);
    await h.screenshot(page, 'studio-03-code');

    // Save: the diff, a name, Create.
    await page.getByRole('button', { name: 'Save…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save state machine' });
    assert.match(
      await dialog.locator('[data-testid="save-diff"]').innerText(),
      /\+ {5}"Check information": \{/,
    );
    await dialog.getByLabel('Name').fill('studio-built');
    await h.screenshot(page, 'studio-04-save');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.locator('[data-testid="save-state"]', { hasText: 'Saved' }).waitFor();
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:studio-built';
    const saved = await h.call<{ definition: string }>('DescribeStateMachine', { stateMachineArn: arn });
    const definition = JSON.parse(saved.definition) as {
      StartAt: string;
      States: Record<string, Record<string, unknown>>;
    };
    assert.equal(definition.StartAt, 'Check information');
    assert.deepEqual(definition.States.Choice, {
      Type: 'Choice',
      Choices: [{ Variable: '$.Payload.statusCode', NumericEquals: 200, Next: 'Success' }],
      Default: 'Fail',
    });

    // Start it with the daycare sample input and follow it on the execution page.
    await page.getByRole('button', { name: 'Start execution' }).click();
    await page.locator('[data-testid="execution-input"]').fill(valid);
    await page.getByRole('dialog').getByRole('button', { name: 'Start execution' }).click();
    await page.waitForURL(/#\/execution\//);
    await page.locator('h1 [data-status="SUCCEEDED"]').waitFor();
    await page.locator('[data-state-name="Success"][data-status="succeeded"]').waitFor();
    await h.screenshot(page, 'studio-05-succeeded');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("edits an existing workflow's Retry in the form and the JSON follows; leaving asks first", async () => {
    const page = await h.open(`/#/state-machine/${encodeURIComponent(DAYCARE)}`);
    const errors = watchErrors(page);
    await page.getByRole('link', { name: 'Design' }).click();
    await node(page, 'checkAgeRange').click();
    await page.locator('[data-testid="retry-list"]').getByRole('button', { name: 'Add retry' }).click();
    await page.locator('[data-testid="retry-list"]').getByLabel('MaxAttempts').fill('5');
    // The JSON follows: the code pane opens at the selected state, the save dialog's diff shows it.
    await page.getByRole('tab', { name: 'Code' }).click();
    await page.locator('[data-testid="code-pane"] .cm-content', { hasText: '"checkAgeRange": {' }).waitFor();
    await page.getByRole('button', { name: 'Save…' }).click();
    const diff = await page.locator('[data-testid="save-diff"]').innerText();
    assert.match(
      diff,
      /"ResultPath": "\$\.checks\.age",\n- {7}"Next": "isAgeInRange"\n\+ {7}"Next": "isAgeInRange",\n\+ {7}"Retry": \[\n\+ {9}\{\n\+ {11}"ErrorEquals": \[\n\+ {13}"States.ALL"\n\+ {11}\],\n\+ {11}"IntervalSeconds": 1,\n\+ {11}"MaxAttempts": 5,/,
    );
    await h.screenshot(page, 'studio-06-retry-diff');
    await page.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await page.locator('[data-testid="save-state"]').innerText(), 'Unsaved changes');

    // Code → design: a definition typed in the code pane is drawn; Undo brings the old one back.
    await page.locator('[data-testid="code-pane"] .cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('{"StartAt": "Only", "States": {"Only": {"Type": "Succeed"}}}');
    await node(page, 'Only').waitFor();
    assert.equal(await page.locator('[data-node="state"]').count(), 1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await node(page, 'checkAgeRange').waitFor();
    assert.equal(await node(page, 'Only').count(), 0);

    // At a narrow window the panels stack and the canvas stays usable.
    await page.setViewportSize({ width: 760, height: 900 });
    await node(page, 'checkAgeRange').waitFor();
    await h.screenshot(page, 'studio-07-narrow');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Leaving with unsaved changes asks; dismissing stays in the studio.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await page.getByRole('link', { name: 'State machines' }).click();
    await page.waitForFunction(() => true);
    assert.match(asked, /unsaved changes/);
    await page.locator('[data-testid="studio"]').waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });
});
