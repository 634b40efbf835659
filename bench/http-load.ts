// What the HTTP benchmarks load a server with: the short workflow they start, and wrk's Lua script
// posting a Step Functions API call over and over.
import { mkdtempSync, writeFileSync } from 'node:fs';
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
