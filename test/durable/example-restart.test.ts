// Issue 19, item 1: a restart must never fail an open execution because of start-up order. The
// bundled examples' functions are registered before open executions resume, so an example
// waiting on a callback (or asleep on a parked timer) carries on after `npm start` again; a
// function that is really gone still fails as on AWS, once everything is loaded.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { EXAMPLES_DIR } from '../../src/server/index.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';

const machineArn = (name: string) => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Event {
  id: number;
  type: string;
  timestamp: number;
  taskScheduledEventDetails?: { parameters: string };
  [details: `${string}EventDetails`]: unknown;
}

async function historyOf(url: string, executionArn: string): Promise<Event[]> {
  const h = await callApi(url, 'GetExecutionHistory', { executionArn, maxResults: 1000 });
  assert.equal(h.status, 200, JSON.stringify(h.json));
  return h.json['events'] as Event[];
}

/** Polls the history until `find` returns something. */
async function waitFor<T>(
  what: string,
  url: string,
  executionArn: string,
  find: (events: Event[]) => T | undefined,
): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = find(await historyOf(url, executionArn));
    if (found !== undefined) return found;
    assert.ok(Date.now() < deadline, `${what}: not within 20 s`);
    await sleep(50);
  }
}

async function startExample(url: string, example: string, input: string): Promise<string> {
  const r = await callApi(url, 'StartExecution', { stateMachineArn: machineArn(example), input });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return String(r.json['executionArn']);
}

async function describeWhenClosed(url: string, executionArn: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const d = await callApi(url, 'DescribeExecution', { executionArn });
    if (d.json['status'] !== 'RUNNING') return d.json;
    assert.ok(Date.now() < deadline, `${executionArn} still running after 20 s`);
    await sleep(50);
  }
}

const failures = (events: Event[]) => events.filter((e) => /Failed$|TimedOut$/.test(e.type));

describe(
  'a restart resumes example executions only once every function is registered',
  { timeout: 120_000 },
  () => {
    let dir = '';
    const servers: ServerProcess[] = [];
    const boot = async (args: string[] = [], examples = true) => {
      const s = await startServerProcess(['--data-dir', dir, ...args], {}, { examples });
      servers.push(s);
      return s;
    };
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'stepwise-example-restart-'));
    });
    afterEach(async () => {
      for (const s of servers.splice(0)) await killServer(s);
      rmSync(dir, { recursive: true, force: true });
    });

    it('expense-approval waiting on its callback: Ctrl-C, start again, answer the token, it succeeds', async () => {
      const first = await boot();
      const input = readFileSync(join(EXAMPLES_DIR, 'expense-approval', 'inputs', 'large.json'), 'utf8');
      const executionArn = await startExample(first.url, 'expense-approval', input);
      // The token notifyApprover was given (and printed for the approver).
      const token = await waitFor('notifyApprover is called', first.url, executionArn, (events) => {
        const scheduled = events.find((e) => e.type === 'TaskScheduled');
        if (!scheduled || !events.some((e) => e.type === 'TaskStarted')) return undefined;
        const parameters = JSON.parse(scheduled.taskScheduledEventDetails!.parameters) as {
          Payload: { taskToken: string };
        };
        return parameters.Payload.taskToken;
      });
      await waitFor('the task is submitted', first.url, executionArn, (events) =>
        events.some((e) => e.type === 'TaskSubmitted') ? true : undefined,
      );
      await killServer(first, 'SIGINT');

      const second = await boot();
      assert.match(second.output(), /resumed 1 open executions/);
      // The resumed task waits on the same token: notifyApprover is called again (at least once,
      // as a task whose result was not recorded) and prints it; or the execution failed at start.
      const deadline = Date.now() + 20_000;
      while (!second.output().includes(token)) {
        const d = await callApi(second.url, 'DescribeExecution', { executionArn });
        if (d.json['status'] !== 'RUNNING') break;
        assert.ok(Date.now() < deadline, 'notifyApprover is not called again within 20 s');
        await sleep(50);
      }
      assert.deepEqual(failures(await historyOf(second.url, executionArn)), [], 'nothing failed at restart');
      const answer = await callApi(second.url, 'SendTaskSuccess', {
        taskToken: token,
        output: JSON.stringify({ approved: true, approver: 'ada' }),
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.json));
      const done = await describeWhenClosed(second.url, executionArn);
      assert.equal(done['status'], 'SUCCEEDED', JSON.stringify(done));
      assert.equal((JSON.parse(String(done['output'])) as { status: string }).status, 'reimbursed');
    });

    it('trial-reminder parked on a timer that fell due while the server was down resumes into its function', async () => {
      const first = await boot(['--park-after', '1']);
      // trialDays of 2 s: welcome, remind at once, then a 2 s wait (parked) before checkPlan.
      const input = JSON.stringify({ customerId: 'C-1', email: 'ada@example.com', trialDays: 2 / 86400 });
      const executionArn = await startExample(first.url, 'trial-reminder', input);
      const entered = await waitFor('the last wait is entered', first.url, executionArn, (events) =>
        events.find(
          (e) =>
            e.type === 'WaitStateEntered' &&
            (e['stateEnteredEventDetails'] as { name: string }).name === 'UntilTheEnd',
        ),
      );
      await killServer(first, 'SIGINT');
      // Down until the timer is due: the next start finds it due and resumes it at once.
      const due = entered.timestamp * 1000 + 2_000; // epoch seconds, as AWS's JSON protocol
      await sleep(Math.max(0, due - Date.now()) + 200);

      const second = await boot(['--park-after', '1']);
      const done = await describeWhenClosed(second.url, executionArn);
      assert.equal(done['status'], 'SUCCEEDED', JSON.stringify(done));
      assert.deepEqual(JSON.parse(String(done['output'])), { customerId: 'C-1', outcome: 'closed' });
      const types = (await historyOf(second.url, executionArn)).map((e) => e.type);
      assert.equal(types.filter((t) => t === 'WaitStateExited').length, 2);
    });

    it('a function that is really gone after the restart fails the task as AWS does', async () => {
      const first = await boot();
      const input = readFileSync(join(EXAMPLES_DIR, 'expense-approval', 'inputs', 'large.json'), 'utf8');
      const executionArn = await startExample(first.url, 'expense-approval', input);
      await waitFor('the task is submitted', first.url, executionArn, (events) =>
        events.some((e) => e.type === 'TaskSubmitted') ? true : undefined,
      );
      await killServer(first, 'SIGINT');

      // Started again without the examples: the machine is in the store, notifyApprover is not.
      const second = await boot([], false);
      const done = await describeWhenClosed(second.url, executionArn);
      assert.equal(done['status'], 'FAILED');
      assert.equal(done['error'], 'Lambda.ResourceNotFoundException');
      assert.match(String(done['cause']), /function:notifyApprover/);
    });
  },
);
