// The web console in real headless Chromium against a real server with the example workflows.
// Each test leaves a screenshot in test-artifacts/screenshots/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { ConsoleHarness } from './harness.ts';
import { startConsole } from './harness.ts';

const EXAMPLES = resolve(import.meta.dirname, '..', '..', 'examples');
const ARN = 'arn:aws:states:us-east-1:123456789012';
const DAYCARE = `${ARN}:stateMachine:daycare-registration`;
const ORDERS = `${ARN}:stateMachine:order-processing`;

function example(machine: string, input: string): string {
  return readFileSync(join(EXAMPLES, machine, 'inputs', input), 'utf8');
}

const machinePath = (arn: string): string => `/#/state-machine/${encodeURIComponent(arn)}`;
const executionPath = (arn: string): string => `/#/execution/${encodeURIComponent(arn)}`;

/** The given attributes (and text) of every element matching `selector`. */
async function read(
  page: Page,
  selector: string,
  names: readonly string[],
): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for (const element of await page.locator(selector).all()) {
    const row: Record<string, string> = { text: (await element.textContent()) ?? '' };
    for (const name of names) row[name] = (await element.getAttribute(name)) ?? '';
    rows.push(row);
  }
  return rows;
}

async function edges(page: Page): Promise<{ source: string; target: string; kind: string; label: string }[]> {
  return (await read(page, '[data-edge]', ['data-source', 'data-target', 'data-edge'])).map((row) => ({
    source: row['data-source'] ?? '',
    target: row['data-target'] ?? '',
    kind: row['data-edge'] ?? '',
    label: row.text ?? '',
  }));
}

async function nodeStatuses(page: Page): Promise<Record<string, string>> {
  const rows = await read(page, '[data-state-name][data-status]', ['data-state-name', 'data-status']);
  return Object.fromEntries(
    rows.map((row): [string, string] => [row['data-state-name'] ?? '', row['data-status'] ?? '']),
  );
}

describe('web console (headless Chromium)', () => {
  let h: ConsoleHarness;
  before(async () => {
    h = await startConsole();
  });
  after(async () => {
    await h?.close();
  });

  test('lists the state machines with their type and last execution status', async () => {
    await h.call('StartExecution', {
      stateMachineArn: DAYCARE,
      name: 'listed-run',
      input: example('daycare-registration', 'valid.json'),
    });
    const page = await h.open('/');
    const daycare = page.locator('tr[data-name="daycare-registration"]');
    await daycare.waitFor();
    await page.locator('tr[data-name="order-processing"]').waitFor();
    assert.match(await daycare.innerText(), /Standard/);
    await daycare.locator('[data-status="SUCCEEDED"]').waitFor();
    await h.screenshot(page, '01-state-machines');
    await page.close();
  });

  test('draws the daycare workflow: a node per state and the right edges', async () => {
    const page = await h.open('/');
    await page.getByRole('link', { name: 'daycare-registration', exact: true }).click();
    await page.locator('[data-testid="machine-name"]', { hasText: 'daycare-registration' }).waitFor();
    await page.locator('[data-node="state"]').first().waitFor();
    const definition = JSON.parse(
      readFileSync(join(EXAMPLES, 'daycare-registration', 'definition.asl.json'), 'utf8'),
    ) as {
      States: Record<string, { Type: string }>;
    };
    const drawn = (await read(page, '[data-node="state"]', ['data-state-name', 'data-state-type'])).map(
      (row) => `${row['data-state-name']}:${row['data-state-type']}`,
    );
    assert.deepEqual(
      drawn.sort(),
      Object.entries(definition.States)
        .map(([name, state]) => `${name}:${state.Type}`)
        .sort(),
    );
    assert.equal(await page.locator('[data-node="start"]').count(), 1);
    assert.equal(await page.locator('[data-node="end"]').count(), 1);
    const all = await edges(page);
    const has = (source: string, target: string, kind: string, label?: RegExp): boolean =>
      all.some(
        (e) =>
          e.source === source && e.target === target && e.kind === kind && (!label || label.test(e.label)),
      );
    assert.ok(has('start', '/checkInformation', 'next'));
    assert.ok(has('/checkInformation', '/isInformationValid', 'next'));
    assert.ok(
      has('/isInformationValid', '/checkAgeRange', 'choice', /\$\.checks\.information\.statusCode == 200/),
    );
    assert.ok(has('/isInformationValid', '/InformationInvalid', 'default', /Default/));
    assert.ok(has('/areSpotsAvailable', '/NoSpotsAvailable', 'default'));
    assert.ok(has('/confirmRegistration', 'end', 'next'));
    for (const fail of ['InformationInvalid', 'AgeOutOfRange', 'NoSpotsAvailable'])
      assert.ok(has(`/${fail}`, 'end', 'next'));
    // Start, 3 Task->Choice, 3 Choice rules, 3 Defaults, confirmRegistration->End, 3 Fail->End
    assert.equal(all.length, 14);
    await page.locator('[data-testid="definition"]').waitFor();
    assert.match(await page.locator('[data-testid="diagnostics"]').innerText(), /valid/);
    await h.screenshot(page, '02-daycare-graph');
    await page.close();
  });

  test('edits a definition: diagnostics show on the graph, a valid one is saved', async () => {
    const { stateMachineArn } = await h.call<{ stateMachineArn: string }>('CreateStateMachine', {
      name: `editable-${Date.now()}`,
      roleArn: 'arn:aws:iam::123456789012:role/console-test',
      definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
    });
    const page = await h.open(machinePath(stateMachineArn));
    await page.getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByLabel('Definition', { exact: true });
    await editor.fill(
      JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nope' }, B: { Type: 'Succeed' } } }),
    );
    await page.locator('[data-state-name="A"] [data-testid="diagnostic-badge"]').waitFor();
    await page.locator('[data-state-name="B"] [data-testid="diagnostic-badge"]').waitFor();
    assert.match(await page.locator('[data-testid="diagnostics"]').innerText(), /MISSING_TRANSITION_TARGET/);
    assert.equal(await page.getByRole('button', { name: 'Save' }).isDisabled(), true);
    await h.screenshot(page, '03-definition-diagnostics');
    await editor.fill(
      JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } } }),
    );
    await page.locator('[data-testid="diagnostics"]', { hasText: 'valid' }).waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Edit' }).waitFor();
    const { definition } = await h.call<{ definition: string }>('DescribeStateMachine', { stateMachineArn });
    assert.equal((JSON.parse(definition) as { States: { A: { Next: string } } }).States.A.Next, 'B');
    // The saved definition is drawn anew (its layout takes a moment): its edge A -> B appears.
    await page.locator('[data-edge][data-source="/A"][data-target="/B"]').waitFor({ state: 'attached' });
    assert.ok((await edges(page)).some((e) => e.source === '/A' && e.target === '/B'));
    await page.close();
  });

  test('starts an execution from the input editor and watches it finish', async () => {
    const page = await h.open(machinePath(DAYCARE));
    // The dialog (components/Modal.tsx) closes on Escape and on a click beside it, not inside it.
    await page.getByRole('button', { name: 'Start execution' }).click();
    await page.getByRole('dialog', { name: 'Start execution' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Start execution' }).click();
    await page.getByRole('dialog').getByRole('heading', { name: 'Start execution' }).click();
    assert.equal(await page.getByRole('dialog').count(), 1);
    await page.mouse.click(5, 5);
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Start execution' }).click();
    const editor = page.locator('[data-testid="execution-input"]');
    await editor.fill('{ "child": ');
    await page.locator('[data-testid="input-error"]').waitFor();
    assert.equal(
      await page.getByRole('dialog').getByRole('button', { name: 'Start execution' }).isDisabled(),
      true,
    );
    await editor.fill(example('daycare-registration', 'valid.json'));
    await page.getByRole('dialog').getByRole('button', { name: 'Start execution' }).click();
    await page.waitForURL(/#\/execution\//);
    await page.locator('h1 [data-status="SUCCEEDED"]').waitFor();
    await page.locator('[data-state-name="confirmRegistration"][data-status="succeeded"]').waitFor();
    const statuses = await nodeStatuses(page);
    for (const name of ['checkInformation', 'isInformationValid', 'checkAgeRange', 'confirmRegistration']) {
      assert.equal(statuses[name], 'succeeded', name);
    }
    assert.equal(statuses.AgeOutOfRange, 'not-reached');
    await page.locator('[data-state-name="checkAgeRange"]').click();
    await page.getByRole('tab', { name: 'Output', exact: true }).click();
    assert.match(await page.locator('[data-testid="state-panel"]').innerText(), /"statusCode": 200/);
    assert.ok((await page.locator('[data-testid="events"] tbody tr').count()) >= 20);
    await page.getByRole('tab', { name: 'Timeline', exact: true }).click();
    await page.locator('[data-testid="timeline"] .bar').first().waitFor();
    await h.screenshot(page, '03-execution-succeeded');
    await page.close();
  });

  test('shows a failed state with its error and cause', async () => {
    const { executionArn } = await h.call<{ executionArn: string }>('StartExecution', {
      stateMachineArn: DAYCARE,
      input: example('daycare-registration', 'too-young.json'),
    });
    const page = await h.open(executionPath(executionArn));
    await page.locator('h1 [data-status="FAILED"]').waitFor();
    await page.locator('[data-state-name="AgeOutOfRange"][data-status="failed"]').click();
    const error = page.locator('[data-testid="state-panel"] [data-testid="state-error"]');
    await error.waitFor();
    assert.match(await error.innerText(), /AgeOutOfRange/);
    assert.match(await error.innerText(), /between 2 and 5 years/);
    assert.match(await page.locator('[data-testid="execution-error"]').innerText(), /AgeOutOfRange/);
    assert.equal((await nodeStatuses(page)).confirmRegistration, 'not-reached');
    await h.screenshot(page, '04-execution-failed');
    await page.close();
  });

  test('shows a caught error, Map iterations and the Parallel branches', async () => {
    const { executionArn } = await h.call<{ executionArn: string }>('StartExecution', {
      stateMachineArn: ORDERS,
      input: example('order-processing', 'out-of-stock.json'),
    });
    const page = await h.open(executionPath(executionArn));
    await page.locator('h1 [data-status]:not([data-status="RUNNING"])').waitFor();
    await page.locator('[data-state-name="FulfilOrder"][data-status="caught"]').waitFor();
    const all = await edges(page);
    assert.ok(
      all.some((e) => e.kind === 'catch' && e.source === '/FulfilOrder' && /OutOfStock/.test(e.label)),
    );
    const iterations = await page.getByLabel('Map iteration').locator('option').allInnerTexts();
    assert.deepEqual(iterations, ['All iterations', 'PriceItems[0]', 'PriceItems[1]']);
    await page.getByLabel('Map iteration').selectOption('PriceItems[1]');
    await page.locator('[data-state-name="PriceItem"]').click();
    assert.match(await page.locator('[data-testid="state-panel"]').innerText(), /PriceItems\[1\]/);
    await h.screenshot(page, '05-caught-error-map-parallel');
    await page.close();
  });

  test('updates a running execution live, and stops it', async () => {
    const name = `waiting-${Date.now()}`;
    const { stateMachineArn } = await h.call<{ stateMachineArn: string }>('CreateStateMachine', {
      name,
      roleArn: 'arn:aws:iam::123456789012:role/console-test',
      definition: JSON.stringify({
        StartAt: 'Prepare',
        States: {
          Prepare: { Type: 'Pass', Next: 'Short' },
          Short: { Type: 'Wait', Seconds: 4, Next: 'Long' },
          Long: { Type: 'Wait', Seconds: 600, End: true },
        },
      }),
    });
    const { executionArn } = await h.call<{ executionArn: string }>('StartExecution', { stateMachineArn });
    const page = await h.open(executionPath(executionArn));
    await page.locator('[data-state-name="Short"][data-status="running"]').waitFor();
    // Nothing reloads the page: the console polls and recolours the graph as the execution moves.
    await page.locator('[data-state-name="Long"][data-status="running"]').waitFor();
    assert.equal((await nodeStatuses(page)).Short, 'succeeded');
    await h.screenshot(page, '06-execution-running');
    await page.getByRole('button', { name: 'Stop execution' }).click();
    await page.locator('h1 [data-status="ABORTED"]').waitFor();
    await page.locator('[data-state-name="Long"][data-status="cancelled"]').waitFor();
    await page.close();
  });

  test('shows the workflow variables a JSONata state assigned', async () => {
    const { executionArn } = await h.call<{ executionArn: string }>('StartExecution', {
      stateMachineArn: `${ARN}:stateMachine:daycare-registration-jsonata`,
      input: example('daycare-registration', 'valid.json'),
    });
    const page = await h.open(executionPath(executionArn));
    await page.locator('h1 [data-status="SUCCEEDED"]').waitFor();
    await page.locator('[data-state-name="checkAgeRange"]').first().click();
    const variables = page.locator('[data-testid="state-variables"]');
    await variables.waitFor();
    assert.match(await variables.innerText(), /"age":\s*\{[^]*"statusCode": 200/);
    await h.screenshot(page, '10-state-variables');
    await page.close();
  });

  test('approves a task waiting for its callback token (human approval)', async () => {
    const asked: unknown[] = [];
    h.server.integrations.functions.registerAll({
      requestApproval: (event: unknown) => {
        asked.push(event);
        return Promise.resolve({ sent: true });
      },
    });
    const { stateMachineArn } = await h.call<{ stateMachineArn: string }>('CreateStateMachine', {
      name: `approval-${Date.now()}`,
      roleArn: 'arn:aws:iam::123456789012:role/console-test',
      definition: JSON.stringify({
        StartAt: 'AskManager',
        States: {
          AskManager: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: {
              FunctionName: 'requestApproval',
              Payload: { 'taskToken.$': '$$.Task.Token', 'request.$': '$' },
            },
            ResultPath: '$.decision',
            Next: 'Approved',
          },
          Approved: { Type: 'Succeed' },
        },
      }),
    });
    const { executionArn } = await h.call<{ executionArn: string }>('StartExecution', {
      stateMachineArn,
      input: JSON.stringify({ expense: 120 }),
    });
    const page = await h.open(executionPath(executionArn));
    const callback = page.locator('[data-testid="callbacks"] [data-state-name="AskManager"]');
    await callback.waitFor();
    // The callback list and the graph come from separate polls: wait for the graph too.
    await page.locator('[data-state-name="AskManager"][data-status="running"]').first().waitFor();
    await callback.getByLabel('Task output').fill('{ "approved": true, "by": "console" }');
    await h.screenshot(page, '08-callback-waiting');
    await callback.getByRole('button', { name: 'Approve' }).click();
    await page.locator('h1 [data-status="SUCCEEDED"]').waitFor();
    await page.locator('[data-testid="callbacks"]').waitFor({ state: 'detached' });
    const { output } = await h.call<{ output: string }>('DescribeExecution', { executionArn });
    assert.deepEqual(JSON.parse(output), { expense: 120, decision: { approved: true, by: 'console' } });
    assert.equal(asked.length, 1);
    await h.screenshot(page, '09-callback-approved');
    await page.close();
  });

  test('shows a task waiting for an activity worker until the worker answers', async () => {
    const { activityArn } = await h.call<{ activityArn: string }>('CreateActivity', {
      name: `review-${Date.now()}`,
    });
    const { stateMachineArn } = await h.call<{ stateMachineArn: string }>('CreateStateMachine', {
      name: `activity-${Date.now()}`,
      roleArn: 'arn:aws:iam::123456789012:role/console-test',
      definition: JSON.stringify({
        StartAt: 'Review',
        States: { Review: { Type: 'Task', Resource: activityArn, End: true } },
      }),
    });
    const { executionArn } = await h.call<{ executionArn: string }>('StartExecution', { stateMachineArn });
    const page = await h.open(executionPath(executionArn));
    const waiting = page.locator('[data-testid="callbacks"] [data-activity="Review"]');
    await waiting.waitFor();
    assert.match(await waiting.innerText(), new RegExp(activityArn.split(':').pop() ?? ''));
    const task = await h.call<{ taskToken: string }>('GetActivityTask', {
      activityArn,
      workerName: 'console-test',
    });
    await h.call('SendTaskSuccess', { taskToken: task.taskToken, output: '{"reviewed":true}' });
    await page.locator('h1 [data-status="SUCCEEDED"]').waitFor();
    await page.locator('[data-testid="callbacks"]').waitFor({ state: 'detached' });
    await page.close();
  });

  test('runs an Express machine synchronously from the start dialog', async () => {
    const { stateMachineArn } = await h.call<{ stateMachineArn: string }>('CreateStateMachine', {
      name: `express-${Date.now()}`,
      type: 'EXPRESS',
      roleArn: 'arn:aws:iam::123456789012:role/console-test',
      definition: JSON.stringify({
        StartAt: 'Greet',
        States: {
          Greet: {
            Type: 'Pass',
            Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.name)" },
            End: true,
          },
        },
      }),
    });
    const page = await h.open(machinePath(stateMachineArn));
    await page.getByRole('button', { name: 'Start execution' }).click();
    await page.locator('[data-testid="execution-input"]').fill('{ "name": "Ada" }');
    await page.getByRole('dialog').getByRole('button', { name: 'Start execution' }).click();
    const result = page.locator('[data-testid="sync-result"]');
    await result.waitFor();
    assert.match(await result.innerText(), /SUCCEEDED/);
    assert.match(await result.innerText(), /Hello, Ada!/);
    await page.close();
  });

  test('links a parent execution to its child and back', async () => {
    const role = 'arn:aws:iam::123456789012:role/console-test';
    const stamp = Date.now();
    const child = await h.call<{ stateMachineArn: string }>('CreateStateMachine', {
      name: `child-${stamp}`,
      roleArn: role,
      definition: JSON.stringify({ StartAt: 'Double', States: { Double: { Type: 'Pass', End: true } } }),
    });
    const parent = await h.call<{ stateMachineArn: string }>('CreateStateMachine', {
      name: `parent-${stamp}`,
      roleArn: role,
      definition: JSON.stringify({
        StartAt: 'RunChild',
        States: {
          RunChild: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: {
              StateMachineArn: child.stateMachineArn,
              Input: { 'n.$': '$.n', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
            },
            End: true,
          },
        },
      }),
    });
    const { executionArn } = await h.call<{ executionArn: string }>('StartExecution', {
      stateMachineArn: parent.stateMachineArn,
      input: '{"n": 2}',
    });
    const page = await h.open(executionPath(executionArn));
    await page.locator('h1 [data-status="SUCCEEDED"]').waitFor();
    const childLink = page.locator('dd a.chip');
    await childLink.waitFor();
    await childLink.click();
    await page.locator('[data-state-name="Double"][data-status="succeeded"]').waitFor();
    assert.match(page.url(), new RegExp(`execution%3Achild-${stamp}%3A`));
    const back = page.getByRole('link', { name: executionArn.split(':').pop() });
    await back.waitFor();
    await h.screenshot(page, '10-child-execution');
    await back.click();
    await page.locator('[data-state-name="RunChild"]').waitFor();
    await page.close();
  });

  test('is usable in a narrow window', async () => {
    const { executionArn } = await h.call<{ executionArn: string }>('StartExecution', {
      stateMachineArn: ORDERS,
      input: example('order-processing', 'confirmed.json'),
    });
    const page = await h.open(executionPath(executionArn), { width: 420, height: 800 });
    await page.locator('h1 [data-status="SUCCEEDED"]').waitFor();
    await page.locator('[data-node="state"]').first().waitFor();
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    await page.locator('[data-state-name="ConfirmOrder"]').click();
    await page.locator('[data-testid="state-panel"]').waitFor();
    await h.screenshot(page, '07-narrow-window');
    await page.close();
  });
});
