import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../integrations/support.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const README = readFileSync(resolve(ROOT, 'README.md'), 'utf8');

/** Splits a shell command line as sh would for plain words and single-quoted ones. */
const words = (line: string): string[] =>
  [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');

/** The README's `npm run stepwise -- run …` commands (continuation lines joined), as CLI arguments. */
function readmeRunCommands(): string[][] {
  const joined = README.replace(/\\\n\s*/g, '');
  return [...joined.matchAll(/^npm run stepwise -- (run .*)$/gm)].map((m) => words(m[1]!));
}

/** The execution's output: the last line of stdout (notifyApprover logs before it). */
const outputOf = (stdout: string): Record<string, unknown> =>
  JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as Record<string, unknown>;

const approval = (answer: string) =>
  runCli([
    'run',
    'examples/expense-approval/definition.asl.json',
    '--functions',
    'examples/expense-approval/functions.mjs',
    '--input',
    '@examples/expense-approval/inputs/large.json',
    '--answer',
    answer,
  ]);

describe('the examples are honest and their README commands run (issue 19, item 12)', () => {
  it('expense-approval pays out only on "approved": true, approved by whom the answer names', async () => {
    const declined = await approval('{"approved":false,"approver":"kim"}');
    assert.equal(declined.code, 0, declined.stderr);
    const out = outputOf(declined.stdout);
    assert.equal(out['status'], 'rejected');
    assert.equal(out['why'], 'declined by the approver');
    for (const answer of ['{}', '{"approved":"yes"}']) {
      const r = await approval(answer);
      assert.equal(outputOf(r.stdout)['status'], 'rejected', answer);
    }
    const approved = await approval('{"approved":true,"approver":"ada"}');
    assert.deepEqual(outputOf(approved.stdout), {
      status: 'reimbursed',
      employee: 'alan',
      amount: 1800,
      approvedBy: 'ada',
    });
  });

  it("every `npm run stepwise -- run …` of the README's examples runs as written", async () => {
    const commands = readmeRunCommands();
    assert.ok(commands.length >= 4, `found ${commands.length}`);
    for (const args of commands) {
      const r = await runCli(args);
      const mocked = args.includes('--test-case');
      // The ProgramFull test case ends in the workflow's own failure: that is what it shows.
      assert.equal(r.code, mocked ? 1 : 0, `${args.join(' ')}\n${r.stderr}`);
      if (mocked) assert.match(r.stderr, /^FAILED: NoSpotsAvailable/m);
      assert.ok(!r.stderr.includes('stepwise run:'), r.stderr);
    }
  });
});
