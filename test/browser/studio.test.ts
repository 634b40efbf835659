// Workflow Studio in real headless Chromium. The done-when: the daycare registration
// workflow built from an empty canvas by drag and drop only (palette drops, a state moved, a
// Default connected from its handle), configured with the forms, saved, started and seen to
// succeed; and an existing workflow's Retry edited in the form, with the JSON and YAML following.
// Screenshots of each step go to test-artifacts/screenshots/studio-*.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { ConsoleHarness } from './harness.ts';
import { startConsole } from './harness.ts';
import {
  connect,
  dropTemplate,
  edge,
  field,
  insertPoint,
  moveState,
  node,
  rename,
  watchErrors,
} from './studio-page.ts';

const EXAMPLES = resolve(import.meta.dirname, '..', '..', 'examples');
const DAYCARE = 'arn:aws:states:us-east-1:123456789012:stateMachine:daycare-registration';
type Definition = { StartAt: string; States: Record<string, Record<string, unknown>> };

/** Every transition of a definition, as "from -kind-> to" lines: what the two daycare flows share. */
function transitions(definition: Definition): string[] {
  const lines = [`start -> ${definition.StartAt}`];
  for (const [name, state] of Object.entries(definition.States)) {
    if (typeof state.Next === 'string') lines.push(`${name} -next-> ${state.Next}`);
    if (state.End === true) lines.push(`${name} -> end`);
    if (typeof state.Default === 'string') lines.push(`${name} -default-> ${state.Default}`);
    for (const rule of (state.Choices ?? []) as { Next?: string }[])
      lines.push(`${name} -rule-> ${rule.Next}`);
  }
  return lines.sort();
}

/** A Lambda task dropped on `target`, then given its function, result path and name in the forms. */
async function lambda(page: Page, name: string, target: ReturnType<Page['locator']>, resultPath?: string) {
  await dropTemplate(page, 'lambda', target);
  await page.locator('[data-testid="inspector"][data-state="Lambda Invoke"]').waitFor();
  await field(page, 'Parameters').fill(JSON.stringify({ FunctionName: name, 'Payload.$': '$' }));
  if (resultPath) await field(page, 'ResultPath').fill(resultPath);
  await rename(page, name);
}

/** A Choice dropped on the "+" between two states; its rule set in the form to statusCode == 200. */
async function check(page: Page, name: string, from: string, to: string, result: string) {
  await dropTemplate(page, 'choice', insertPoint(page, from, to));
  await page.locator('[data-testid="inspector"][data-state="Choice"]').waitFor();
  await rename(page, name);
  await field(page, 'Variable').fill(`${result}.Payload.statusCode`);
  await field(page, 'Operator').selectOption('NumericEquals');
  await field(page, 'Value').fill('200');
}

/** A Fail state (dropped on `target`) given its name and Error. */
async function fail(page: Page, name: string, target: ReturnType<Page['locator']>) {
  await dropTemplate(page, 'fail', target);
  await page.locator('[data-testid="inspector"][data-state="Fail"]').waitFor();
  await field(page, 'Error').fill(name);
  await rename(page, name);
}

describe('Workflow Studio (headless Chromium)', () => {
  let h: ConsoleHarness;
  before(async () => {
    h = await startConsole();
  });
  after(async () => {
    await h?.close();
  });

  test('builds the daycare registration workflow from an empty canvas by drag and drop, runs it', async () => {
    const valid = readFileSync(join(EXAMPLES, 'daycare-registration', 'inputs', 'valid.json'), 'utf8');
    const example = JSON.parse(
      readFileSync(join(EXAMPLES, 'daycare-registration', 'definition.asl.json'), 'utf8'),
    ) as Definition;
    const page = await h.open('/');
    page.setDefaultTimeout(30_000);
    const errors = watchErrors(page);
    await page.getByRole('link', { name: 'Create state machine' }).click();
    await page.locator('[data-testid="empty-canvas"]').waitFor();
    await h.screenshot(page, 'studio-01-empty');

    // The four Lambda tasks, each dropped on the one before; the third lands in the wrong place…
    await lambda(
      page,
      'checkInformation',
      page.locator('[data-testid="studio-canvas"]'),
      '$.checks.information',
    );
    await lambda(page, 'checkAgeRange', node(page, 'checkInformation'), '$.checks.age');
    await lambda(page, 'checkSpotsAvailability', node(page, 'checkInformation'), '$.checks.spots');
    await edge(page, 'checkInformation', 'checkSpotsAvailability');
    await h.screenshot(page, 'studio-02-misplaced');
    // … and is dragged to its place after checkAgeRange.
    await moveState(page, 'checkSpotsAvailability', node(page, 'checkAgeRange'));
    await edge(page, 'checkAgeRange', 'checkSpotsAvailability');
    await edge(page, 'checkInformation', 'checkAgeRange');
    await lambda(page, 'confirmRegistration', node(page, 'checkSpotsAvailability'));
    await h.screenshot(page, 'studio-03-moved');

    // A Choice on each edge between two checks; a Fail dropped on it becomes its Default.
    await check(page, 'isInformationValid', 'checkInformation', 'checkAgeRange', '$.checks.information');
    await fail(page, 'InformationInvalid', node(page, 'isInformationValid'));
    await check(page, 'isAgeInRange', 'checkAgeRange', 'checkSpotsAvailability', '$.checks.age');
    await fail(page, 'AgeOutOfRange', node(page, 'isAgeInRange'));
    await check(page, 'areSpotsAvailable', 'checkSpotsAvailability', 'confirmRegistration', '$.checks.spots');
    // The last Fail is dropped apart (after a Fail nothing follows) and connected from the handle.
    await fail(page, 'NoSpotsAvailable', node(page, 'AgeOutOfRange'));
    await h.screenshot(page, 'studio-04-unconnected');
    await connect(page, 'areSpotsAvailable', 'Default', 'NoSpotsAvailable');
    await edge(page, 'areSpotsAvailable', 'NoSpotsAvailable', 'default');
    await page.locator('[data-testid="problems"]', { hasText: 'The definition is valid.' }).waitFor();
    assert.equal(await page.locator('[data-testid="diagnostic-badge"]').count(), 0);
    await h.screenshot(page, 'studio-05-built');

    // Tested before saving: the age check's Choice, through TestState, with a sample input.
    await node(page, 'isAgeInRange').click();
    await page.locator('#studio-test-input').fill('{"checks":{"age":{"Payload":{"statusCode":200}}}}');
    await page.getByRole('button', { name: 'Test state' }).click();
    const answer = page.locator('[data-testid="test-answer"]');
    await answer.getByText('next: checkSpotsAvailability').waitFor();
    assert.match(await answer.innerText(), /SUCCEEDED/);
    await answer.scrollIntoViewIfNeeded();
    await h.screenshot(page, 'studio-05b-tested');

    // Saved with Ctrl+S: the diff, a name, Create.
    await page.locator('[data-testid="studio-canvas"]').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+s');
    const dialog = page.getByRole('dialog', { name: 'Save state machine' });
    await dialog.getByLabel('Name').fill('daycare-built');
    await h.screenshot(page, 'studio-06-save');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.locator('[data-testid="save-state"]', { hasText: 'Saved' }).waitFor();
    const saved = await h.call<{ definition: string }>('DescribeStateMachine', {
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:daycare-built',
    });
    const built = JSON.parse(saved.definition) as Definition;
    assert.deepEqual(transitions(built), transitions(example), 'the flow of the example, state for state');
    assert.deepEqual(built.States.isAgeInRange?.Choices, [
      { Variable: '$.checks.age.Payload.statusCode', NumericEquals: 200, Next: 'checkSpotsAvailability' },
    ]);
    assert.deepEqual(built.States.checkAgeRange?.Parameters, {
      FunctionName: 'checkAgeRange',
      'Payload.$': '$',
    });

    // At 800×900 the panes stack: the canvas over the full width, the inspector below it.
    await page.setViewportSize({ width: 800, height: 900 });
    const canvas = await page.locator('[data-testid="studio-canvas"]').boundingBox();
    const side = await page.locator('.studio-side').boundingBox();
    assert.ok(canvas && side && canvas.width > 700 && side.y >= canvas.y + canvas.height, 'stacked');
    await node(page, 'confirmRegistration').waitFor();
    await h.screenshot(page, 'studio-07-narrow');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Started with the daycare sample input and followed on the execution page to its success.
    await page.getByRole('button', { name: 'Start execution' }).click();
    await page.locator('[data-testid="execution-input"]').fill(valid);
    await page.getByRole('dialog').getByRole('button', { name: 'Start execution' }).click();
    await page.waitForURL(/#\/execution\//);
    await page.locator('h1 [data-status="SUCCEEDED"]').waitFor();
    await page.locator('[data-state-name="confirmRegistration"][data-status="succeeded"]').waitFor();
    await h.screenshot(page, 'studio-08-succeeded');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("edits an existing workflow's Retry in the form; the JSON and YAML follow, YAML edits come back", async () => {
    const page = await h.open(`/#/state-machine/${encodeURIComponent(DAYCARE)}`);
    page.setDefaultTimeout(30_000);
    const errors = watchErrors(page);
    await page.getByRole('link', { name: 'Design' }).click();
    await node(page, 'checkAgeRange').click();
    const retries = page.locator('[data-testid="retry-list"]');
    await retries.getByRole('button', { name: 'Add retry' }).click();
    await retries.getByLabel('MaxAttempts').fill('5');

    // The JSON follows: the code pane opens at the selected state.
    await page.getByRole('tab', { name: 'Code' }).click();
    const json = page.locator('[data-testid="code-pane-json"] .cm-content');
    await json.filter({ hasText: '"checkAgeRange": {' }).waitFor();
    await json.filter({ hasText: '"MaxAttempts": 5' }).waitFor();
    // So does the YAML view, and an edit there comes back to the form and the JSON.
    await page.getByRole('radio', { name: 'YAML' }).click();
    const yaml = page.locator('[data-testid="code-pane-yaml"] .cm-content');
    await yaml.filter({ hasText: 'MaxAttempts: 5' }).waitFor();
    await h.screenshot(page, 'studio-09-yaml');
    await yaml.locator('.cm-line', { hasText: 'MaxAttempts: 5' }).click();
    // Keys go to the editor only once its caret is on that line (under load it may still settle).
    await yaml.locator('.cm-activeLine', { hasText: 'MaxAttempts: 5' }).waitFor();
    // The 5 is replaced in one edit: no moment where the YAML says `MaxAttempts:` with no value.
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.type('7');
    await yaml.filter({ hasText: 'MaxAttempts: 7' }).waitFor();
    await page.getByRole('radio', { name: 'JSON' }).click();
    await json.filter({ hasText: '"MaxAttempts": 7' }).waitFor();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    assert.equal(await retries.getByLabel('MaxAttempts').inputValue(), '7');

    // The save dialog's diff shows the change.
    await page.getByRole('button', { name: 'Save…' }).click();
    const diff = await page.locator('[data-testid="save-diff"]').innerText();
    assert.match(
      diff,
      /"ResultPath": "\$\.checks\.age",\n- {7}"Next": "isAgeInRange"\n\+ {7}"Next": "isAgeInRange",\n\+ {7}"Retry": \[\n\+ {9}\{\n\+ {11}"ErrorEquals": \[\n\+ {13}"States.ALL"\n\+ {11}\],\n\+ {11}"IntervalSeconds": 1,\n\+ {11}"MaxAttempts": 7,/,
    );
    await h.screenshot(page, 'studio-10-retry-diff');
    // Escape closes the dialog (components/Modal.tsx) and only it: the state stays selected.
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.equal(await retries.getByLabel('MaxAttempts').count(), 1);
    assert.equal(await page.locator('[data-testid="save-state"]').innerText(), 'Unsaved changes');

    // Code → design: a definition typed in the JSON pane is drawn; Undo brings the old one back.
    await page.getByRole('tab', { name: 'Code' }).click();
    await json.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('{"StartAt": "Only", "States": {"Only": {"Type": "Succeed"}}}');
    await node(page, 'Only').waitFor();
    assert.equal(await page.locator('[data-node="state"]').count(), 1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await node(page, 'checkAgeRange').waitFor();
    assert.equal(await node(page, 'Only').count(), 0);

    // Leaving with unsaved changes asks; dismissing stays in the studio.
    // The dialog's event can reach this process after the click has returned: it is awaited (for
    // 10 s at most, then the assertion fails on no message rather than the test hanging).
    const asked = new Promise<string>((resolve) => {
      const none = setTimeout(() => resolve(''), 10_000);
      page.once('dialog', (dialog) => {
        clearTimeout(none);
        resolve(dialog.message());
        void dialog.dismiss();
      });
    });
    await page.getByRole('link', { name: 'State machines' }).click();
    assert.match(await asked, /unsaved changes/);
    await page.locator('[data-testid="studio"]').waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });
});
