// `stepwise serve` as a child process, for tests that kill it (crash, failover).
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** What it has printed on stdout so far. */
  output(): string;
  /** What it has printed on stderr so far. */
  errors(): string;
}

/**
 * Starts a server on a free port of 127.0.0.1; resolves once it listens. The bundled examples
 * are left out unless `examples` is set.
 */
export async function startServerProcess(
  args: readonly string[],
  env: Record<string, string> = {},
  {
    examples = false,
    cwd = ROOT,
  }: {
    readonly examples?: boolean;
    /** Where it runs, and so which stepwise.config.json it reads (default: the repository root). */
    readonly cwd?: string;
  } = {},
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      resolve(ROOT, 'src/cli/main.ts'),
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      ...(examples ? [] : ['--no-examples']),
      ...args,
    ],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  return { child, ...(await listening(child)) };
}

/**
 * Waits until a spawned `stepwise serve` says where it listens and which store it opened (the
 * tests' servers and the benchmarks' alike); rejects if it exits first. Keeps what it prints.
 */
export async function listening(
  child: ChildProcess,
): Promise<{ url: string; output(): string; errors(): string }> {
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.stdout?.on('data', () => {
      const m = /listening on (http:\/\/\S+)[^]*Store: .*\n/.exec(out);
      if (m?.[1]) resolveUrl(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${err}`)));
  });
  return { url, output: () => out, errors: () => err };
}

/** Stops the server with `signal` (SIGKILL: a crash; SIGINT: Ctrl-C) and waits for it to exit. */
export async function killServer(server: ServerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = once(server.child, 'exit');
  server.child.kill(signal);
  await exited;
}

/** One API call (AWS JSON 1.0), answered with its status and JSON body. */
export async function callApi(
  url: string,
  action: string,
  body: object,
  signal?: AbortSignal,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    ...(signal ? { signal } : {}),
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** One API call that must succeed: its JSON body, or an error naming the action and the answer. */
export async function callOk(url: string, action: string, body: object): Promise<Record<string, unknown>> {
  const { status, json } = await callApi(url, action, body);
  if (status !== 200) throw new Error(`${action}: ${status} ${JSON.stringify(json)}`);
  return json;
}
