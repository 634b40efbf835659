// Workflow Studio's canvas gestures and shortcuts in real headless Chromium: multi-select
// (ctrl-click, rubber band), duplicate and delete several, undo/redo from the keyboard, the
// shortcuts' help, the minimap, and states moved out of and into a Parallel branch.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { ConsoleHarness } from './harness.ts';
import { startConsole } from './harness.ts';
import { dropTemplate, moveState, node, until, watchErrors } from './studio-page.ts';

const DAYCARE = 'arn:aws:states:us-east-1:123456789012:stateMachine:daycare-registration';

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  assert.ok(found, `${String(locator)} has a box`);
  return found;
}

const selectionText = (page: Page) => page.locator('[data-testid="selection"] strong');

describe('Workflow Studio gestures (headless Chromium)', () => {
  let h: ConsoleHarness;
  before(async () => {
    h = await startConsole();
  });
  after(async () => {
    await h?.close();
  });

  test('multi-select, duplicate and delete several, undo/redo, help, minimap, Parallel branches', async () => {
    const page = await h.open(`/#/state-machine/${encodeURIComponent(DAYCARE)}`);
    page.setDefaultTimeout(30_000);
    const errors = watchErrors(page);
    await page.getByRole('link', { name: 'Design' }).click();
    const states = page.locator('[data-node="state"]');
    await node(page, 'checkAgeRange').click();
    await node(page, 'checkSpotsAvailability').click({ modifiers: ['Control'] });
    await selectionText(page).filter({ hasText: '2 states selected' }).waitFor();
    assert.equal(await page.locator('[data-node="state"].selected').count(), 2);

    // Ctrl+D duplicates both (the copies are selected), Delete removes them, Ctrl+Z/Ctrl+Y.
    await page.keyboard.press('Control+d');
    await node(page, 'checkAgeRange copy').waitFor();
    await node(page, 'checkSpotsAvailability copy').waitFor();
    assert.equal(await states.count(), 12);
    await h.screenshot(page, 'studio-11-duplicated');
    await page.keyboard.press('Delete');
    await node(page, 'checkAgeRange copy').waitFor({ state: 'detached' });
    assert.equal(await states.count(), 10);
    await page.keyboard.press('Control+z');
    await node(page, 'checkSpotsAvailability copy').waitFor();
    await page.keyboard.press('Control+y');
    await node(page, 'checkSpotsAvailability copy').waitFor({ state: 'detached' });

    // A rubber band (shift+drag) over the whole drawing selects every state; Escape clears it.
    await page.getByRole('button', { name: 'Fit' }).click();
    const canvas = await box(page.locator('[data-testid="studio-canvas"]'));
    await page.keyboard.down('Shift');
    await page.mouse.move(canvas.x + 4, canvas.y + 4);
    await page.mouse.down();
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2, { steps: 4 });
    await page.locator('[data-testid="rubber-band"]').waitFor();
    await page.mouse.move(canvas.x + canvas.width - 4, canvas.y + canvas.height - 4, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await selectionText(page).filter({ hasText: '10 states selected' }).waitFor();
    await h.screenshot(page, 'studio-12-rubber-band');
    await page.keyboard.press('Escape');
    await page.locator('.insp-empty').waitFor();

    // "?" shows the shortcuts, and hides them again.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.filter({ hasText: 'Duplicate the selected states' }).waitFor();
    await h.screenshot(page, 'studio-13-shortcuts');
    await page.keyboard.press('?');
    await help.waitFor({ state: 'detached' });

    // Zoomed in, the minimap outlines the part shown; a click low on it pans down there.
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
    const view = page.locator('[data-testid="minimap-view"]');
    const map = await box(page.locator('[data-testid="minimap"]'));
    const before = await box(view);
    await page.mouse.click(map.x + map.width / 2, map.y + map.height - 3);
    await until(async () => (await box(view)).y > before.y + 10, 'the minimap view moves down');
    await node(page, 'confirmRegistration').waitFor();
    await h.screenshot(page, 'studio-14-minimap');
    await page.getByRole('button', { name: 'Fit' }).click();

    // A Parallel after the last task; its second branch's state dragged out leaves the branch
    // empty, and a state dragged into the empty branch becomes its first.
    await dropTemplate(page, 'parallel', node(page, 'confirmRegistration'));
    await node(page, 'Parallel branch 2').waitFor();
    await moveState(page, 'Parallel branch 2', node(page, 'confirmRegistration'));
    const empty = page.locator('[data-drop="scope:/Parallel[1]"]');
    await empty.waitFor();
    await h.screenshot(page, 'studio-15-empty-branch');
    await moveState(page, 'checkSpotsAvailability', empty);
    await empty.waitFor({ state: 'detached' });
    // The drawing is laid out again after the move, so both boxes are read until they settle.
    await until(async () => {
      const group = await box(page.locator('[data-node="group"][data-state-name="Parallel"]'));
      const moved = await box(node(page, 'checkSpotsAvailability'));
      return moved.x >= group.x && moved.y >= group.y && moved.x + moved.width <= group.x + group.width;
    }, 'the moved state is drawn inside the Parallel');
    await h.screenshot(page, 'studio-16-moved-into-branch');
    // The move is one undo step; redo moves it again.
    await page.keyboard.press('Control+z');
    await empty.waitFor();
    await page.keyboard.press('Control+Shift+z');
    await empty.waitFor({ state: 'detached' });
    // The code pane opens at the selected state (it draws only the lines in view).
    await node(page, 'checkSpotsAvailability').click();
    await page.getByRole('tab', { name: 'Code' }).click();
    await page
      .locator('[data-testid="code-pane-json"] .cm-content')
      .filter({ hasText: '"StartAt": "checkSpotsAvailability"' })
      .waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });
});
