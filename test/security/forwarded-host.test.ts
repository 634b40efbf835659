// A standby forwards calls to the leader with the client's Host (a SigV4 signature covers it),
// which may be a name only the standby knows: the leader trusts peers of its store, not anyone
// who sets the forwarding header.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ServerProcess } from '../support/server-process.ts';
import { killServer, startServerProcess } from '../support/server-process.ts';
import { send } from '../support/raw-request.ts';

const list = (url: string, headers: Record<string, string>) =>
  send(url, {
    method: 'POST',
    headers: { 'X-Amz-Target': 'AWSStepFunctions.ListStateMachines', ...headers },
    body: '{}',
  });

describe('Host check across a leader and its standby', { timeout: 60_000 }, () => {
  it("a call to a standby under a name it accepts is served by a leader that doesn't know that name", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-peers-'));
    const servers: ServerProcess[] = [];
    try {
      const leader = await startServerProcess(['--data-dir', dir]);
      servers.push(leader);
      const standby = await startServerProcess(['--data-dir', dir, '--allowed-host', 'standby.internal']);
      servers.push(standby);
      assert.match(standby.output(), /Standby/);

      const through = await list(standby.url, { Host: 'standby.internal:8083' });
      assert.equal(through.status, 200, through.body);
      assert.deepEqual(JSON.parse(through.body), { stateMachines: [] });

      const direct = await list(leader.url, { Host: 'standby.internal:8083' });
      assert.equal(direct.status, 403);
      const forged = await list(leader.url, { Host: 'evil.example', 'X-Stepwise-Forwarded': '1' });
      assert.equal(forged.status, 403);
      const rebound = await list(standby.url, { Host: 'evil.example' });
      assert.equal(rebound.status, 403);
    } finally {
      for (const s of servers) await killServer(s);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
