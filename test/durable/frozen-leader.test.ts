// Issue 19, item 10: a leader that holds the lock but no longer serves. Frozen with SIGSTOP, it
// still accepts connections (the kernel does) and never answers: a standby's forwarded call
// fails with a clear, retryable 503 within its bound instead of hanging, and the standby's
// /health says it cannot reach a leader. A leader whose store went silent fails its own /health.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';

/** The bound on a forwarded call's answer (ANSWER_MS in src/server/cluster/forward-to-leader.ts). */
const ANSWER_MS = 10_000;

interface Health {
  status: string;
  role: string;
  problem?: string;
  leader?: { url?: string; reachable: boolean };
}

async function health(s: ServerProcess): Promise<{ code: number; body: Health; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${s.url}/health`, { signal: AbortSignal.timeout(15_000) });
  return { code: res.status, body: (await res.json()) as Health, ms: Date.now() - started };
}

/** An API call that the test gives up on (instead of hanging) after `ms`. */
async function callBounded(url: string, action: string, ms: number) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` },
    body: '{}',
    signal: AbortSignal.timeout(ms),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a frozen leader', { timeout: 120_000 }, () => {
  it("SIGSTOP: a standby's forwarded call fails with 503 ServiceUnavailable within the bound; its /health reports no reachable leader", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-frozen-'));
    const servers: ServerProcess[] = [];
    try {
      const leader = await startServerProcess(['--data-dir', dir]);
      servers.push(leader);
      const standby = await startServerProcess(['--data-dir', dir]);
      servers.push(standby);
      assert.match(standby.output(), /Standby/);
      await until('the standby sees a healthy leader', async () => (await health(standby)).code === 200);
      const ok = await health(standby);
      assert.deepEqual(ok.body.leader?.reachable, true);
      assert.equal((await health(leader)).body.role, 'leader');

      leader.child.kill('SIGSTOP');
      try {
        const started = Date.now();
        const call = await callBounded(standby.url, 'ListStateMachines', ANSWER_MS + 5_000);
        const ms = Date.now() - started;
        assert.equal(call.status, 503, JSON.stringify(call.json));
        assert.equal(call.json['__type'], 'ServiceUnavailable');
        assert.match(
          String(call.json['message']),
          /^The leading server at http:\/\/127\.0\.0\.1:\d+ did not answer within 10 s; try again\.$/,
        );
        assert.ok(ms >= ANSWER_MS - 500 && ms < ANSWER_MS + 5_000, `answered after ${ms} ms`);

        const down = await health(standby);
        assert.equal(down.code, 503, JSON.stringify(down.body));
        assert.equal(down.body.role, 'standby');
        assert.equal(down.body.status, 'unavailable');
        assert.equal(down.body.leader?.reachable, false);
        assert.match(down.body.problem ?? '', /the leader at http:\/\/127\.0\.0\.1:\d+ did not answer/);
        assert.ok(down.ms < 6_000, `/health answered after ${down.ms} ms`);
      } finally {
        leader.child.kill('SIGCONT');
      }
      // Thawed, the leader serves again and the standby says so.
      await until('the standby sees the leader again', async () => (await health(standby)).code === 200);
      const listed = await callApi(standby.url, 'ListStateMachines', {});
      assert.equal(listed.status, 200);
    } finally {
      for (const s of servers) await killServer(s);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("PostgreSQL gone silent: the leader's /health fails within its bound, and recovers with the store", async (t) => {
    const db = await createTestDatabase('frozenstore');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const proxy = await startFreezableProxy(5432);
    const url = new URL(db.url);
    url.port = String(proxy.port);
    let server: ServerProcess | undefined;
    try {
      server = await startServerProcess(['--store', url.toString()]);
      const s = server;
      const before = await health(s);
      assert.equal(before.code, 200, JSON.stringify(before.body));
      assert.equal(before.body.role, 'leader');

      proxy.freeze();
      const frozen = await health(s);
      assert.equal(frozen.code, 503, JSON.stringify(frozen.body));
      assert.equal(frozen.body.role, 'leader');
      assert.match(frozen.body.problem ?? '', /the store did not answer within 2 s/);
      assert.ok(frozen.ms < 6_000, `/health answered after ${frozen.ms} ms`);

      proxy.thaw();
      await until('the leader is healthy again', async () => (await health(s)).code === 200);
    } finally {
      proxy.thaw();
      if (server) await killServer(server);
      await proxy.close();
      await db.drop();
    }
  });
});

/**
 * A TCP proxy on loopback to `port` that can stop passing bytes both ways (they wait, in order,
 * until it thaws): a database that went silent without closing its connections.
 */
async function startFreezableProxy(port: number) {
  const sockets: Socket[] = [];
  const held: (() => void)[] = [];
  let frozen = false;
  const relay = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => {
      if (frozen) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
    from.on('end', () => to.end());
    from.on('error', () => to.destroy());
  };
  const server: Server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    relay(client, upstream);
    relay(upstream, client);
    sockets.push(client, upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return {
    port: address.port,
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const write of held.splice(0)) write();
    },
    async close() {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
