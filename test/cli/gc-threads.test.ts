import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { singleThreadedGcRelaunch } from '../../src/cli/gc-threads.ts';
import { killServer, listening } from '../support/server-process.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ARGV = ['/usr/bin/node', '/app/src/cli/main.ts', 'serve', '--port', '0'];

/** `stepwise serve` pinned to CPU 0 with taskset; its command line as the kernel has it once it listens. */
async function pinnedServe(nodeFlags: readonly string[]): Promise<{ pid: number; cmdline: string[] }> {
  const child = spawn(
    'taskset',
    [
      ...['-c', '0', process.execPath, ...nodeFlags, resolve(ROOT, 'src/cli/main.ts'), 'serve'],
      ...['--host', '127.0.0.1', '--port', '0', '--store', 'memory', '--no-examples'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const server = { child, ...(await listening(child)) };
  try {
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
    return { pid: child.pid!, cmdline };
  } finally {
    await killServer(server, 'SIGTERM');
  }
}

describe('the collector on one CPU (gc-threads.ts)', () => {
  it('starts the CLI again with --single-threaded-gc on one CPU only, keeping its arguments', () => {
    assert.deepEqual(singleThreadedGcRelaunch(1, ['--max-semi-space-size=4'], undefined, ARGV), [
      '--max-semi-space-size=4',
      '--single-threaded-gc',
      '/app/src/cli/main.ts',
      'serve',
      '--port',
      '0',
    ]);
    assert.equal(singleThreadedGcRelaunch(2, ['--max-semi-space-size=4'], undefined, ARGV), undefined);
    assert.equal(singleThreadedGcRelaunch(16, [], '', ARGV), undefined);
  });

  it("leaves a choice of the user's own as it is: in Node's arguments or NODE_OPTIONS, either spelling", () => {
    for (const flag of ['--single-threaded-gc', '--no-single-threaded-gc', '--single_threaded_gc']) {
      assert.equal(singleThreadedGcRelaunch(1, [flag], undefined, ARGV), undefined, flag);
      assert.equal(
        singleThreadedGcRelaunch(1, [], `--max-old-space-size=512 ${flag}`, ARGV),
        undefined,
        flag,
      );
    }
    // A flag that only looks alike is no choice.
    assert.deepEqual(
      singleThreadedGcRelaunch(1, [], '--single-threaded-gc-extra', ARGV)?.at(0),
      '--single-threaded-gc',
    );
  });

  it(
    'a server pinned to one CPU runs on as the same process with --single-threaded-gc',
    { skip: process.platform !== 'linux' && 'taskset and /proc are Linux' },
    async () => {
      const pinned = await pinnedServe(['--max-semi-space-size=4']);
      assert.ok(pinned.cmdline.includes('--single-threaded-gc'), pinned.cmdline.join(' '));
      assert.ok(pinned.cmdline.includes('--max-semi-space-size=4'), pinned.cmdline.join(' '));
      assert.ok(pinned.cmdline.includes('serve'), pinned.cmdline.join(' '));
      // The user's choice stands.
      const chosen = await pinnedServe(['--no-single-threaded-gc']);
      assert.ok(!chosen.cmdline.includes('--single-threaded-gc'), chosen.cmdline.join(' '));
    },
  );
});
