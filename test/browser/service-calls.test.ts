// The console's view of AWS service calls, in real headless Chromium against a real server whose
// integrations call dynalite (DynamoDB) and local-aws-sqs (SQS) on loopback ports: for each Task
// visit the request, the response or error, what a .waitForTaskToken task submitted, the region
// and the moments of the call; and the events table's payloads shown as JSON.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { StandIn } from '../support/aws-stand-ins.ts';
import { startDynalite, startLocalSqs } from '../support/aws-stand-ins.ts';
import type { ConsoleHarness } from './harness.ts';
import { startConsole } from './harness.ts';

const EXAMPLE = resolve(import.meta.dirname, '..', '..', 'examples', 'ticket-intake');
const TICKETS = 'arn:aws:states:us-east-1:123456789012:stateMachine:ticket-intake';
const ROLE = 'arn:aws:iam::123456789012:role/console-test';
const executionPath = (arn: string): string => `/#/execution/${encodeURIComponent(arn)}`;
const ticket = (file: string): string => readFileSync(join(EXAMPLE, 'inputs', file), 'utf8');

interface HistoryEvent {
  readonly type: string;
  readonly taskScheduledEventDetails?: { parameters: string };
}

describe('service calls in the console (headless Chromium, dynalite, local-aws-sqs)', () => {
  let h: ConsoleHarness;
  let dynamo: StandIn;
  let sqs: StandIn;
  before(async () => {
    [dynamo, sqs] = await Promise.all([startDynalite(), startLocalSqs()]);
    h = await startConsole({
      integrations: { aws: { endpoints: { dynamodb: dynamo.endpoint, sqs: sqs.endpoint } } },
    });
  });
  after(async () => {
    await h?.close();
    await Promise.all([dynamo?.close(), sqs?.close()]);
  });

  /** Polls DescribeExecution (bounded) until the execution has closed. */
  async function closed(executionArn: string): Promise<void> {
    const until = Date.now() + 60_000;
    while ((await h.call<{ status: string }>('DescribeExecution', { executionArn })).status === 'RUNNING') {
      if (Date.now() > until) throw new Error(`${executionArn} still running after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Runs an execution to its end, then opens its page once the graph is drawn. */
  async function finished(input: string, stateMachineArn = TICKETS): Promise<{ page: Page; arn: string }> {
    const { executionArn } = await h.call<{ executionArn: string }>('StartExecution', {
      stateMachineArn,
      input,
    });
    await closed(executionArn);
    const page = await h.open(executionPath(executionArn));
    // On a busy machine the first layout of the graph can take a while.
    await page.locator('[data-state-name][data-status]').first().waitFor({ timeout: 60_000 });
    await page.locator('h1 [data-status]:not([data-status="RUNNING"])').waitFor();
    return { page, arn: executionArn };
  }

  const call = (page: Page) => page.locator('[data-testid="state-panel"] [data-testid="task-call"]');

  test('a succeeded call: service, API, pattern, region, timing, the request and the response', async () => {
    const { page } = await finished(ticket('login-problem.json'));
    await page.locator('h1 [data-status="SUCCEEDED"]').waitFor();
    await page.locator('[data-state-name="QueueForTriage"]').click();
    const panel = call(page);
    await panel.waitFor();
    assert.equal(await panel.getAttribute('data-resource'), 'sqs:sendMessage');
    const head = await panel.locator('.call-head').innerText();
    for (const words of ['Amazon SQS', 'sendMessage', 'Optimized', 'Request Response', 'us-east-1']) {
      assert.ok(head.includes(words), `${words} in ${head}`);
    }
    const request = JSON.parse(await panel.locator('[data-testid="call-request"]').innerText()) as {
      QueueUrl: string;
      MessageBody: Record<string, string>;
    };
    assert.match(request.QueueUrl, /\/123456789012\/stepwise-ticket-triage$/);
    assert.deepEqual(request.MessageBody, {
      ticketId: 'T-1001',
      priority: 'high',
      subject: 'Cannot sign in after the password reset',
    });
    const response = JSON.parse(await panel.locator('[data-testid="call-response"]').innerText()) as {
      MessageId: string;
      SdkHttpMetadata: { HttpStatusCode: number };
    };
    assert.match(response.MessageId, /^[0-9a-f-]{36}$/);
    assert.equal(response.SdkHttpMetadata.HttpStatusCode, 200);
    const timing = await panel.locator('[data-testid="call-timing"] .call-step-label').allInnerTexts();
    assert.deepEqual(timing, ['Scheduled', 'Started', 'Succeeded', 'Total']);
    await h.screenshot(page, '20-service-call-succeeded');

    // The item as DynamoDB answered getItem, under the state's own name.
    await page.locator('[data-state-name="ReadTicket"]').click();
    await page.locator('[data-testid="state-panel"][data-state-name="ReadTicket"]').waitFor();
    const item = JSON.parse(await call(page).locator('[data-testid="call-response"]').innerText()) as {
      Item: { status: { S: string } };
    };
    assert.equal(item.Item.status.S, 'QUEUED');
    await page.close();
  });

  test('failed calls: the error name and cause, an aws-sdk call, one attempt at a time', async () => {
    const first = await h.call<{ executionArn: string }>('StartExecution', {
      stateMachineArn: TICKETS,
      input: ticket('invoice-question.json'),
    });
    await closed(first.executionArn);
    const { page, arn } = await finished(ticket('invoice-question.json'));
    const described = await h.call<{ status: string; output?: string }>('DescribeExecution', {
      executionArn: arn,
    });
    assert.deepEqual(
      [described.status, described.output],
      ['SUCCEEDED', '{"ticketId":"T-1002","status":"DUPLICATE"}'],
    );
    // Coloured once the history is read (after the status): then it must say "caught".
    const saveTicket = page.locator(
      '[data-state-name="SaveTicket"][data-status]:not([data-status="not-reached"])',
    );
    assert.equal(await saveTicket.getAttribute('data-status'), 'caught');
    await saveTicket.click();
    const error = call(page).locator('[data-testid="call-error"]');
    await error.waitFor();
    assert.match(await error.innerText(), /DynamoDB\.ConditionalCheckFailedException/);
    assert.match(await error.innerText(), /The conditional request failed/);
    assert.match(
      await call(page).locator('[data-testid="call-request"]').innerText(),
      /"ConditionExpression": "attribute_not_exists\(ticketId\)"/,
    );
    assert.deepEqual(await call(page).locator('.call-step-label').allInnerTexts(), [
      'Scheduled',
      'Started',
      'Failed',
      'Total',
    ]);
    await h.screenshot(page, '21-service-call-failed');
    await page.locator('[data-state-name="CreateTicketsTable"]').click();
    await page.locator('[data-testid="state-panel"][data-state-name="CreateTicketsTable"]').waitFor();
    assert.match(
      await call(page).locator('.call-head').innerText(),
      /Amazon DynamoDB[\s\S]*createTable[\s\S]*AWS SDK/,
    );
    assert.match(
      await call(page).locator('[data-testid="call-error"]').innerText(),
      /DynamoDb\.ResourceInUseException/,
    );
    await page.close();

    // A retried call: each attempt's request and error, picked one at a time.
    const { stateMachineArn } = await h.call<{ stateMachineArn: string }>('CreateStateMachine', {
      name: 'missing-table',
      roleArn: ROLE,
      definition: JSON.stringify({
        StartAt: 'Read',
        States: {
          Read: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:getItem',
            Parameters: { TableName: 'no-such-table', Key: { id: { S: 'x' } } },
            Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 1 }],
            End: true,
          },
        },
      }),
    });
    const retried = await finished('{}', stateMachineArn);
    await retried.page.locator('[data-state-name="Read"][data-status="failed"]').click();
    const attempts = call(retried.page).getByRole('tab');
    assert.deepEqual(await attempts.allInnerTexts(), ['Attempt 1 ✕', 'Attempt 2 ✕']);
    await attempts.first().click();
    assert.equal(await attempts.first().getAttribute('aria-selected'), 'true');
    assert.match(
      await call(retried.page).locator('[data-testid="call-error"]').innerText(),
      /DynamoDB\.ResourceNotFoundException/,
    );
    await h.screenshot(retried.page, '22-service-call-retried');
    await retried.page.close();
  });

  test('a .waitForTaskToken call shows what it submitted, then the answer it got', async () => {
    const { stateMachineArn } = await h.call<{ stateMachineArn: string }>('CreateStateMachine', {
      name: 'queue-and-wait',
      roleArn: ROLE,
      definition: JSON.stringify({
        StartAt: 'MakeQueue',
        States: {
          MakeQueue: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:sqs:createQueue',
            Parameters: { QueueName: 'approvals' },
            Next: 'AskForApproval',
          },
          AskForApproval: {
            Type: 'Task',
            Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
            Parameters: {
              'QueueUrl.$': '$.QueueUrl',
              MessageBody: { 'token.$': '$$.Task.Token', amount: 120 },
            },
            End: true,
          },
        },
      }),
    });
    const { executionArn } = await h.call<{ executionArn: string }>('StartExecution', { stateMachineArn });
    const page = await h.open(executionPath(executionArn));
    await page.locator('[data-state-name="AskForApproval"][data-status="running"]').click();
    const submitted = call(page).locator('[data-testid="call-submitted"]');
    await submitted.waitFor();
    assert.match(await submitted.innerText(), /"MessageId": "[0-9a-f-]{36}"/);
    assert.match(await call(page).locator('.call-head').innerText(), /Wait for Callback/);
    assert.match(
      await call(page).locator('[data-testid="call-response"]').innerText(),
      /Waiting for the response/,
    );

    const { events } = await h.call<{ events: HistoryEvent[] }>('GetExecutionHistory', { executionArn });
    const scheduled = events.filter((e) => e.type === 'TaskScheduled').at(-1);
    const { MessageBody } = JSON.parse(scheduled?.taskScheduledEventDetails?.parameters ?? '{}') as {
      MessageBody: { token: string };
    };
    await h.call('SendTaskSuccess', { taskToken: MessageBody.token, output: '{"approved":true}' });
    await page.locator('h1 [data-status="SUCCEEDED"]').waitFor();
    await call(page).locator('[data-testid="call-response"]', { hasText: '"approved": true' }).waitFor();
    assert.deepEqual(await call(page).locator('.call-step-label').allInnerTexts(), [
      'Scheduled',
      'Started',
      'Submitted',
      'Succeeded',
      'Total',
    ]);
    await h.screenshot(page, '23-service-call-callback');

    // The events table shows the same payloads as JSON, not as escaped strings.
    const row = page.locator('[data-testid="events"] tr[data-type="TaskSubmitted"]');
    await row.click();
    const details = page.locator('[data-testid="events"] [data-testid="event-details"]');
    await details.waitFor();
    const output = details.locator('[data-testid="event-field-output"]');
    assert.match(await output.innerText(), /the service's answer; the task now waits/);
    assert.match(await output.innerText(), /"MessageId": "/);
    assert.match(await details.innerText(), /resourceType\s+sqs/);
    await page.close();
  });
});
