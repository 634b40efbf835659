// What the Workflow Studio browser tests do on the page: drag from the palette, move a state,
// connect from a handle, fill the inspector. Every step waits for a condition, never a time.
import type { Locator, Page } from 'playwright-core';

/** Console errors and uncaught exceptions of a page: the studio must leave none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export const node = (page: Page, name: string): Locator =>
  page.locator(`[data-node="state"][data-state-name="${name}"]`);

export const field = (page: Page, label: string): Locator =>
  page.locator('[data-testid="inspector"]').getByLabel(label, { exact: true });

/** The drawing is laid out and fitted: a box that stays put over a few animation frames. */
async function settled(target: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  await target.waitFor();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const before = await target.boundingBox();
    // Two animation frames: a layout or a fit in between would move the box. Chromium may hold
    // a page's frames back (a busy machine, a page it thinks hidden), and an evaluate has no
    // timeout: a frame not come within 250 ms counts as one (the loop compares again anyway).
    await target
      .page()
      .evaluate(
        'new Promise((done) => { requestAnimationFrame(() => requestAnimationFrame(done)); setTimeout(done, 250); })',
      );
    const after = await target.boundingBox();
    if (before && after && JSON.stringify(before) === JSON.stringify(after)) return after;
  }
  throw new Error(`${String(target)} never stopped moving`);
}

/** A palette item dragged (HTML drag and drop) onto a state, an edge's "+", or the canvas. */
export async function dropTemplate(page: Page, template: string, target: Locator): Promise<void> {
  await settled(target);
  await page.locator(`[data-template="${template}"]`).dragTo(target);
}

/** A pointer drag from the middle of `from` to the middle of `to`, in steps as a hand moves. */
async function pointerDrag(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await settled(from);
  const b = await settled(to);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2 + 12, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** A state dragged onto a drop target: another state, an edge's "+", an empty branch. */
export async function moveState(page: Page, name: string, target: Locator): Promise<void> {
  await pointerDrag(page, node(page, name).locator('rect').first(), target);
}

/** The selected state's handle (Next, Rule 1, Default, + Catch) dragged onto the state `target`. */
export async function connect(page: Page, source: string, handle: string, target: string): Promise<void> {
  await node(page, source).click();
  const from = page.locator(`[data-handles-of="${source}"] [data-handle="${handle}"] circle`);
  await pointerDrag(page, from, node(page, target).locator('rect').first());
}

/** The selected state renamed in the inspector; waits for the canvas to draw the new name. */
export async function rename(page: Page, name: string): Promise<void> {
  await field(page, 'State name').fill(name);
  await field(page, 'State name').press('Enter');
  await node(page, name).waitFor();
  await page.locator(`[data-testid="inspector"][data-state="${name}"]`).waitFor();
}

/** An edge's "+" between two states. */
export const insertPoint = (page: Page, from: string, to: string): Locator =>
  page.locator(`[data-insert="between ${from} and ${to}"]`);

/** Waits for the canvas to draw a transition (an edge's box may be empty: attached, not visible). */
export async function edge(page: Page, from: string, to: string, kind = 'next'): Promise<void> {
  await page
    .locator(`[data-edge="${kind}"][data-source="/${from}"][data-target="/${to}"]`)
    .waitFor({ state: 'attached' });
}

/** Polls `check` (each poll waits on the browser) until it holds, for 30 s at most. */
export async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) if (await check()) return;
  throw new Error(`never true: ${what}`);
}
