// The console against a server that requires AWS Signature V4 (issue 19, item 8), in real
// headless Chromium: it asks for a key pair, signs every call in the browser, and keeps the key
// pair for the tab only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateStateMachineCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { ConsoleHarness } from './harness.ts';
import { startConsole } from './harness.ts';

const KEY = { accessKeyId: 'AKIDCONSOLE', secretAccessKey: 'console-secret-0123' };

describe('console with request signing required (headless Chromium)', () => {
  let h: ConsoleHarness;
  let machineArn: string;
  before(async () => {
    h = await startConsole({ credentials: [KEY], examples: false });
    const sdk = new SFNClient({ endpoint: h.server.url, region: 'us-east-1', credentials: KEY });
    const created = await sdk.send(
      new CreateStateMachineCommand({
        name: 'hello-world',
        roleArn: 'arn:aws:iam::123456789012:role/stepwise',
        definition: JSON.stringify({ StartAt: 'Hi', States: { Hi: { Type: 'Pass', End: true } } }),
      }),
    );
    sdk.destroy();
    machineArn = created.stateMachineArn ?? '';
  });
  after(async () => {
    await h?.close();
  });

  test('asks for a key pair, signs every call with it, keeps it for the tab only', async () => {
    const page = await h.open('/');
    const dialog = page.locator('[data-testid="sign-in"]');
    await dialog.waitFor();
    await h.screenshot(page, 'signing-01-sign-in');

    await dialog.locator('input[name="accessKeyId"]').fill(KEY.accessKeyId);
    await dialog.locator('input[name="secretAccessKey"]').fill('not-the-secret');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    const error = page.locator('[data-testid="sign-in-error"]');
    await error.waitFor();
    assert.match(await error.innerText(), /InvalidSignatureException/);
    assert.equal(await page.evaluate('sessionStorage.length'), 0);

    await dialog.locator('input[name="secretAccessKey"]').fill(KEY.secretAccessKey);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('tr[data-name="hello-world"]').waitFor();
    assert.equal(await page.locator('[data-testid="signed-in-as"]').innerText(), KEY.accessKeyId);
    assert.equal(await dialog.count(), 0);
    // The secret lives in this tab's sessionStorage only: no cookie, nothing kept across sessions.
    assert.equal(await page.evaluate('localStorage.length'), 0);
    assert.equal(await page.evaluate('document.cookie'), '');
    assert.match(String(await page.evaluate('JSON.stringify(sessionStorage)')), /AKIDCONSOLE/);

    // A state-changing call, signed in the browser and verified by the server.
    await page.getByRole('link', { name: 'hello-world', exact: true }).click();
    await page.getByRole('button', { name: 'Start execution' }).click();
    await page.locator('[data-testid="execution-input"]').fill('{}');
    await page.getByRole('dialog').getByRole('button', { name: 'Start execution' }).click();
    await page.waitForURL(/#\/execution\//);
    await page.locator('h1 [data-status="SUCCEEDED"]').waitFor();
    await h.screenshot(page, 'signing-02-signed-execution');
    const sdk = new SFNClient({ endpoint: h.server.url, region: 'us-east-1', credentials: KEY });
    const executions = await sdk.send(new ListExecutionsCommand({ stateMachineArn: machineArn }));
    sdk.destroy();
    assert.equal(executions.executions?.length, 1);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await dialog.waitFor();
    assert.equal(await page.evaluate('sessionStorage.length'), 0);
    await page.close();
  });

  test('another tab starts signed out; a key pair the server no longer accepts asks again', async () => {
    const page = await h.open('/');
    await page.locator('[data-testid="sign-in"]').waitFor();
    await page.evaluate(
      `sessionStorage.setItem('stepwise.signing', JSON.stringify({ accessKeyId: 'AKIDREVOKED', secretAccessKey: 'x', region: 'us-east-1' }))`,
    );
    await page.reload();
    assert.equal(await page.locator('[data-testid="signed-in-as"]').innerText(), 'AKIDREVOKED');
    await page.locator('[data-testid="sign-in"]').waitFor();
    await page.close();
  });
});
