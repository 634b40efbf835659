// The console's Triggers page in real headless Chromium against a real server (SQLite, the
// bundled examples): schedules with their next runs and last runs linked to their executions,
// rules, HTTP triggers, webhook deliveries failing at a loopback receiver, and a dead letter sent
// to local-aws-sqs.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ConsoleHarness } from '../browser/harness.ts';
import { startConsole } from '../browser/harness.ts';
import type { StandIn } from '../support/aws-stand-ins.ts';
import { LOCAL_CREDENTIALS, startLocalSqs } from '../support/aws-stand-ins.ts';
import type { Listening } from '../support/loopback.ts';
import { onLoopback } from '../support/loopback.ts';

describe('the Triggers page (headless Chromium)', () => {
  let h: ConsoleHarness;
  let sqs: StandIn;
  let receiver: Listening;
  let requests = 0;
  before(async () => {
    // A webhook receiver that is down: every delivery fails with 500.
    receiver = await onLoopback(
      createServer((req, res) => {
        requests++;
        req.resume();
        req.on('end', () => res.writeHead(500).end());
      }),
    );
    sqs = await startLocalSqs();
    const client = new SQSClient({
      endpoint: sqs.endpoint,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'console-dlq' }));
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    client.destroy();
    h = await startConsole({
      integrations: { aws: { endpoints: { sqs: sqs.endpoint }, credentials: LOCAL_CREDENTIALS } },
      triggers: {
        schedules: [
          // A rate fires at its creation first: one execution at once.
          { name: 'every-minute', stateMachine: 'nightly-cleanup', expression: 'rate(1 minute)' },
          { name: 'paused', stateMachine: 'nightly-cleanup', expression: 'rate(5 minutes)', enabled: false },
          {
            name: 'orphan',
            stateMachine: 'no-such-machine',
            expression: 'rate(1 hour)',
            deadLetterQueueArn: Attributes?.['QueueArn'],
          },
        ],
        webhooks: [{ name: 'audit', url: `${receiver.url}/hook?token=secret` }],
        rules: [
          {
            name: 'on-failure',
            eventPattern: { source: ['aws.states'], detail: { status: ['FAILED'] } },
            stateMachine: 'nightly-cleanup',
          },
        ],
        http: [{ name: 'orders', stateMachine: 'order-processing', path: '/{id}', apiKeys: ['k'] }],
        eventBuses: ['shop'],
      },
    });
  });
  after(async () => {
    await h?.close();
    await Promise.all([sqs?.close(), receiver?.close()]);
  });

  test('is reached from the header and shows schedules, runs, rules, deliveries and dead letters', async () => {
    // Wait until the webhook has failed once, so the page has a delivery error to show.
    for (let i = 0; i < 200 && requests === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(requests > 0, 'the webhook was called');
    const page = await h.open('/');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Triggers' }).click();
    await page.getByRole('heading', { name: 'Triggers', level: 1 }).waitFor();
    assert.match(page.url(), /#\/triggers$/);

    const schedules = page.getByTestId('triggers-schedules');
    const nightly = schedules.locator('tr[data-name="nightly-cleanup"]');
    await nightly.waitFor();
    const cells = await nightly.locator('td').allInnerTexts();
    assert.equal(cells[1], 'cron(0 2 * * ? *)');
    assert.equal(cells[2], 'Europe/Berlin');
    assert.equal(cells[3], 'Enabled');
    const next = nightly.getByTestId('next-runs').locator('li');
    assert.equal(await next.count(), 5);
    // Each next run is 02:00 on Berlin's wall clock, a day apart.
    const days = (await next.allInnerTexts()).map((t) => {
      assert.match(t, /^\d{4}-\d{2}-\d{2} 02:00:00$/);
      return Date.parse(`${t.slice(0, 10)}T00:00:00Z`);
    });
    assert.deepEqual(
      days.slice(1).map((d, i) => d - days[i]!),
      [86_400_000, 86_400_000, 86_400_000, 86_400_000],
    );

    const paused = schedules.locator('tr[data-name="paused"]');
    assert.equal(await paused.locator('[data-state]').innerText(), 'Disabled');
    assert.equal(await paused.getByTestId('next-runs').innerText(), '—');

    // The run the rate started at once is listed and links to its execution.
    const run = schedules.locator('tr[data-name="every-minute"]').getByTestId('last-runs').getByRole('link');
    await run.first().waitFor();
    const name = await run.first().innerText();
    assert.match(name, /^every-minute-\d{8}T\d{6}Z$/);

    const rules = page.getByTestId('triggers-rules');
    assert.match(
      await rules.locator('tr[data-name="on-failure"]').innerText(),
      /on-failure\s+default\s+\{"source":\["aws.states"\],"detail":\{"status":\["FAILED"\]\}\}\s+nightly-cleanup/,
    );
    assert.match(await rules.innerText(), /event buses: shop/);
    assert.match(
      await page.getByTestId('triggers-http-triggers').locator('tr[data-name="orders"]').innerText(),
      /POST \/triggers\/orders\/\{id\}\s+API key\s+order-processing/,
    );

    const audit = page.getByTestId('deliveries').locator('tr[data-name="audit"]');
    await audit.getByTestId('last-error').getByText('HTTP 500').waitFor();
    assert.ok(Number(await audit.getByTestId('failed-attempts').innerText()) >= 1);
    // The URL is shown without its query string (it may carry a token).
    assert.ok(!(await audit.innerText()).includes('secret'));
    assert.equal(
      await page.getByTestId('deliveries').locator('tr[data-name="rule:on-failure"] td').first().innerText(),
      'on-failure',
    );

    const letter = page.getByTestId('dead-letters').locator('tbody tr').first();
    await letter.getByText('StateMachineDoesNotExist').waitFor();
    assert.match(
      await letter.getByTestId('dead-letter-delivery').innerText(),
      /Sent to the queue\s+console-dlq/,
    );
    await h.screenshot(page, 'triggers-page');

    await run.first().click();
    await page.waitForURL(/#\/execution\//);
    assert.ok(decodeURIComponent(page.url()).endsWith(`:execution:nightly-cleanup:${name}`));
    await page.locator('h1 [data-status]').waitFor();
    await page.close();
  });
});
