import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { DescribeExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Polls DescribeExecution until the execution has closed. */
export async function settled(api: Api, executionArn: string, limitMs = 20_000) {
  const until = Date.now() + limitMs;
  for (;;) {
    const d = await api.client.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') return d;
    if (Date.now() > until) throw new Error(`${executionArn} still running`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function historyOf(api: Api, executionArn: string): Promise<HistoryEvent[]> {
  const h = await api.client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return h.events ?? [];
}

/** The event types of a history, in order. */
export const types = (events: HistoryEvent[]): string[] => events.map((e) => e.type ?? '');

/** Polls until `check` returns a value (not undefined). */
export async function eventually<T>(check: () => Promise<T | undefined>, limitMs = 10_000): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Runs the CLI (`stepwise …`) as a real child process (standard input closed, so not a terminal);
 * resolves with its exit code and output.
 */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(ROOT, 'src/cli/main.ts'), ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

export const fixture = (name: string): string => resolve(import.meta.dirname, 'fixtures', name);
