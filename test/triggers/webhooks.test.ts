// Status-change events to a loopback webhook that fails now and then, and across restarts: every
// event arrives (at least once), in order per execution, signed, in AWS's EventBridge shape.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Runtime } from '../../src/server/index.ts';
import { createRuntime } from '../../src/server/index.ts';
import { verifyDelivery } from '../../src/triggers/index.ts';
import { CountingEntropy, VirtualClock } from '../../src/test-support/engine-harness.ts';
import { onLoopback } from '../support/loopback.ts';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const SECRET = 'hook-secret';
const PASS = JSON.stringify({
  StartAt: 'P',
  States: { P: { Type: 'Pass', Result: { ok: true }, End: true } },
});
const FAIL = JSON.stringify({
  StartAt: 'F',
  States: { F: { Type: 'Fail', Error: 'Order.Lost', Cause: 'no stock' } },
});
const WAIT = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 30, End: true } } });

interface Received {
  readonly status: string;
  readonly execution: string;
  readonly event: Record<string, unknown>;
}

/** A webhook receiver whose answer to the nth request (0-based) `answer` decides. */
async function receiver(answer: (n: number) => number) {
  const received: Received[] = [];
  let n = 0;
  let badSignatures = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const code = answer(n++);
      if (!verifyDelivery(SECRET, body, req.headers['x-stepwise-signature'] as string | undefined))
        badSignatures++;
      if (code === 200) {
        const event = JSON.parse(body) as { detail: { status: string; executionArn: string } };
        received.push({ status: event.detail.status, execution: event.detail.executionArn, event });
      }
      res.writeHead(code).end();
    });
  });
  const listening = await onLoopback(server);
  return { ...listening, received, badSignatures: () => badSignatures, requests: () => n };
}

function runtimeOn(dir: string, clock: VirtualClock, url: string): Promise<Runtime> {
  return createRuntime(
    {
      region: 'us-east-1',
      account: '123456789012',
      functionModules: [],
      examples: false,
      integrations: {},
      store: 'sqlite',
      dataDir: dir,
      triggers: { webhooks: [{ name: 'ops', url, secret: SECRET }] },
    },
    { clock, entropy: new CountingEntropy() },
  );
}

/** Moves virtual time (backoffs) and real time (HTTP) on until `done` or a bound. */
async function until(clock: VirtualClock, done: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) {
    await clock.advance(1000);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Per execution, the statuses received, duplicates (redeliveries) collapsed. */
function statusesBy(received: readonly Received[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of received) {
    const list = out.get(r.execution) ?? [];
    if (list.at(-1) !== r.status) list.push(r.status);
    out.set(r.execution, list);
  }
  return out;
}

describe('status-change events to webhooks', () => {
  it(
    'are AWS-shaped, signed, retried on failure and in order per execution',
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'stepwise-hooks-'));
      // Every third request fails: a 500, then the same event again after a backoff.
      const hook = await receiver((n) => (n % 3 === 1 ? 500 : 200));
      const clock = new VirtualClock();
      const runtime = await runtimeOn(dir, clock, hook.url);
      try {
        const pass = runtime.engine.createStateMachine({ name: 'Orders', definition: PASS, roleArn: ROLE });
        const fail = runtime.engine.createStateMachine({ name: 'Lost', definition: FAIL, roleArn: ROLE });
        const express = runtime.engine.createStateMachine({
          name: 'X',
          definition: PASS,
          roleArn: ROLE,
          type: 'EXPRESS',
        });
        const arns: string[] = [];
        for (let i = 0; i < 10; i++)
          arns.push(
            runtime.engine.startExecution({
              stateMachineArn: pass.stateMachineArn,
              name: `o${i}`,
              input: `{"i":${i}}`,
            }).executionArn,
          );
        const failed = runtime.engine.startExecution({
          stateMachineArn: fail.stateMachineArn,
          name: 'f',
          input: '{}',
        });
        await runtime.engine.startSyncExecution({ stateMachineArn: express.stateMachineArn, input: '{}' });
        await until(
          clock,
          () =>
            statusesBy(hook.received).size === 11 &&
            [...statusesBy(hook.received).values()].every((s) => s.length === 2),
        );
        const by = statusesBy(hook.received);
        for (const arn of arns) assert.deepEqual(by.get(arn), ['RUNNING', 'SUCCEEDED'], arn);
        assert.deepEqual(by.get(failed.executionArn), ['RUNNING', 'FAILED']);
        assert.equal(hook.badSignatures(), 0);
        assert.ok(hook.requests() > hook.received.length, 'some deliveries failed and were retried');
        assert.deepEqual(
          runtime.triggers.webhookStatus().map((s) => [s.webhook, s.pending]),
          [['ops', 0]],
        );
        const closed = hook.received.find(
          (r) => r.execution === failed.executionArn && r.status === 'FAILED',
        )!.event;
        const stopDate = runtime.engine.describeExecution(failed.executionArn).stopDate;
        assert.deepEqual(
          { ...closed, id: 'id', time: 'time' },
          {
            version: '0',
            id: 'id',
            'detail-type': 'Step Functions Execution Status Change',
            source: 'aws.states',
            account: '123456789012',
            time: 'time',
            region: 'us-east-1',
            resources: [failed.executionArn],
            detail: {
              executionArn: failed.executionArn,
              stateMachineArn: fail.stateMachineArn,
              name: 'f',
              status: 'FAILED',
              startDate: failed.startDate,
              stopDate,
              input: '{}',
              output: null,
              inputDetails: { included: true },
              outputDetails: null,
              error: 'Order.Lost',
              cause: 'no stock',
              redriveCount: 0,
              redriveDate: null,
              redriveStatus: 'REDRIVABLE',
              redriveStatusReason: null,
            },
          },
        );
        const succeeded = hook.received.find(
          (r) => r.execution === arns[0] && r.status === 'SUCCEEDED',
        )!.event;
        assert.deepEqual((succeeded['detail'] as Record<string, unknown>)['output'], '{"ok":true}');
        assert.deepEqual(
          (succeeded['detail'] as Record<string, unknown>)['redriveStatusReason'],
          'Execution is SUCCEEDED and cannot be redriven',
        );
      } finally {
        await runtime.shutdown();
        await hook.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it(
    'a restart delivers what the receiver missed while down, and the events of resumed executions',
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'stepwise-hooks-'));
      const down = await receiver(() => 503);
      const clock = new VirtualClock();
      const first = await runtimeOn(dir, clock, down.url);
      const machine = first.engine.createStateMachine({ name: 'Slow', definition: WAIT, roleArn: ROLE });
      const quick = first.engine.createStateMachine({ name: 'Quick', definition: PASS, roleArn: ROLE });
      const slow = first.engine.startExecution({
        stateMachineArn: machine.stateMachineArn,
        name: 's',
        input: '{}',
      });
      const fast = first.engine.startExecution({
        stateMachineArn: quick.stateMachineArn,
        name: 'q',
        input: '{}',
      });
      await first.engine.waitForExecution(fast.executionArn);
      await until(clock, () => down.requests() >= 3);
      // A crash: nothing more is written, nothing flushed.
      await first.abandon();
      await down.close();
      const up = await receiver(() => 200);
      const second = await runtimeOn(dir, clock, up.url);
      try {
        await until(
          clock,
          () =>
            statusesBy(up.received).get(slow.executionArn)?.length === 2 &&
            statusesBy(up.received).get(fast.executionArn)?.length === 2,
        );
        assert.deepEqual(statusesBy(up.received).get(fast.executionArn), ['RUNNING', 'SUCCEEDED']);
        // The slow one was resumed after the restart and closed then: its close is an event too.
        assert.deepEqual(statusesBy(up.received).get(slow.executionArn), ['RUNNING', 'SUCCEEDED']);
        assert.equal(up.badSignatures(), 0);
      } finally {
        await second.shutdown();
        await up.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
