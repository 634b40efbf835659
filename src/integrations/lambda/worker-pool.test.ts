import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import type { JsonObject } from '../../asl/index.ts';
import { WorkerPool } from './worker-pool.ts';

const fixtures = resolve(import.meta.dirname, '../../../test/integrations/fixtures');
const logs: string[] = [];
const pool = new WorkerPool(
  {
    orders: { handler: 'lambda-handler.mjs#handler', timeout: 2, memorySize: 64 },
    // Its own timeout is long, so that only the memory limit can end it (even on a busy machine).
    hungry: { handler: 'lambda-handler.mjs#handler', timeout: 60, memorySize: 32 },
    missing: { handler: 'no-such-module.mjs' },
  },
  fixtures,
  (name, line) => logs.push(`${name}: ${line}`),
);
after(() => pool.close());

let n = 0;
const call = (name: string, event: JsonObject) => {
  const running = pool.invoke({
    name,
    qualifier: undefined,
    invokedArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    event,
    requestId: `req-${++n}`,
    signal: new AbortController().signal,
  });
  assert.ok(running, `${name} is pooled`);
  return running;
};

describe('WorkerPool (handlers in worker threads)', () => {
  it('runs the handler with a Lambda context, keeps the sandbox warm and captures console output', async () => {
    const first = await call('orders', { id: 1 });
    assert.deepEqual(first, {
      ok: true,
      output: {
        id: 1,
        functionName: 'orders',
        arn: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
        memory: '64',
        remainingPositive: true,
        warm: false,
      },
    });
    const second = await call('orders', { id: 2 });
    assert.equal(second.ok && (second.output as { warm: boolean }).warm, true);
    assert.ok(logs.includes('orders: handling {"id":1}'), logs.join('\n'));
    const unknown = { name: 'unknown', qualifier: undefined, invokedArn: '', event: {}, requestId: 'r' };
    assert.equal(pool.invoke({ ...unknown, signal: new AbortController().signal }), undefined);
  });

  it("maps a thrown error to its class name with Lambda's JSON cause", async () => {
    const r = await call('orders', { id: 3, reject: true });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error, 'OrderRejected');
    const cause = JSON.parse(r.cause!) as { errorType: string; errorMessage: string };
    assert.equal(cause.errorType, 'OrderRejected');
    assert.equal(cause.errorMessage, 'order 3 rejected');
  });

  it('enforces the timeout (Sandbox.Timedout) and the memory limit (Runtime.ExitError), then recovers', async () => {
    const slow = await call('orders', { id: 4, hang: 5000 });
    assert.equal(!slow.ok && slow.error, 'Sandbox.Timedout');
    assert.match(!slow.ok ? (slow.cause ?? '') : '', /Task timed out after 2\.00 seconds/);
    const hog = await call('hungry', { id: 5, hog: true });
    assert.equal(!hog.ok && hog.error, 'Runtime.ExitError');
    const after = await call('orders', { id: 6 });
    assert.equal(after.ok, true);
  });

  it('a module that cannot be loaded fails with Runtime.ImportModuleError', async () => {
    const r = await call('missing', {});
    assert.equal(!r.ok && r.error, 'Runtime.ImportModuleError');
  });
});
