// What the HTTP benchmarks load a server with: the short workflow they start, and wrk's Lua script
// posting a Step Functions API call over and over.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes, in a temporary folder of its own (the caller removes `dir`), a script that posts `body`
 * as the JSON 1.0 request of `action`, then `extra` Lua lines (delays, a summary).
 */
export function wrkScript(
  action: string,
  body: string,
  extra: readonly string[] = [],
): { dir: string; script: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-wrk-'));
  const script = join(dir, 'post.lua');
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      'wrk.headers["Content-Type"] = "application/x-amz-json-1.0"',
      `wrk.headers["X-Amz-Target"] = "AWSStepFunctions.${action}"`,
      `wrk.body = [==[${body}]==]`,
      ...extra,
    ].join('\n'),
  );
  return { dir, script };
}

/** CreateStateMachine's request for the benchmarks' short workflow: three Pass states. */
export function threePasses(type: 'STANDARD' | 'EXPRESS'): Record<string, unknown> {
  return {
    name: `three-${type.toLowerCase()}`,
    type,
    roleArn: 'arn:aws:iam::123456789012:role/bench',
    definition: JSON.stringify({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Result: { a: 1 }, ResultPath: '$.a', Next: 'B' },
        B: { Type: 'Pass', Next: 'C' },
        C: { Type: 'Pass', End: true },
      },
    }),
  };
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** A process's CPU seconds so far, in user and kernel mode (/proc/PID/stat's utime and stime). */
export function cpuSeconds(pid: number): { user: number; system: number } {
  // Fields 14 and 15 (utime, stime), counted after the parenthesised command name.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / TICKS_PER_SECOND, system: Number(fields[12]) / TICKS_PER_SECOND };
}
