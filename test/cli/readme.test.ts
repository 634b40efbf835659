import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../integrations/support.ts';
import { killServer, startServerProcess } from '../support/server-process.ts';
import { folderWith } from './fixtures.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const README = readFileSync(resolve(ROOT, 'README.md'), 'utf8');

/** The `export A=… B=…` line the README gives for the AWS CLI, as variables. */
function readmeAwsEnvironment(): Record<string, string> {
  const line = /^export (AWS_DEFAULT_REGION=.*)$/m.exec(README)?.[1];
  assert.ok(line, 'the README says how to give the AWS CLI a region and credentials');
  return Object.fromEntries(line.split(/\s+/).map((pair) => pair.split('=') as [string, string]));
}

describe('what the README says (issue 19, item 11)', () => {
  it('a thrown error is named by its `name`, as in Lambda’s Node.js runtime', async () => {
    const dir = folderWith({
      'fns.mjs': [
        'class MyError extends Error {}',
        "class Named extends Error { name = 'Named'; }",
        'export const functions = {',
        "  plain: async () => { throw new MyError('class only'); },",
        "  named: async () => { throw new Named('with a name'); },",
        "  text: async () => { throw 'not an error'; },",
        '};',
      ].join('\n'),
      'throws.asl.json': {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemProcessor: {
              StartAt: 'Call',
              States: {
                Call: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Parameters: { 'FunctionName.$': '$' },
                  Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$', Next: 'Caught' }],
                  End: true,
                },
                Caught: { Type: 'Pass', OutputPath: '$.Error', End: true },
              },
            },
            End: true,
          },
        },
      },
    });
    const r = await runCli(
      ['run', 'throws.asl.json', '--functions', 'fns.mjs', '--input', '["plain","named","text"]'],
      {
        cwd: dir,
      },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), ['Error', 'Named', 'string']);
  });

  it('the AWS CLI commands work on a machine with no AWS configuration, with the variables it gives', async (t) => {
    if (spawnSync('aws', ['--version']).status !== 0) return t.skip('the AWS CLI is not installed');
    const server = await startServerProcess(['--store', 'memory']);
    try {
      const home = mkdtempSync(join(tmpdir(), 'stepwise-home-'));
      const bare = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
      const aws = (env: Record<string, string>) =>
        spawnSync('aws', ['--endpoint-url', server.url, 'stepfunctions', 'list-state-machines'], {
          env: { ...bare, HOME: home, ...env },
          encoding: 'utf8',
        });
      const without = aws({});
      assert.notEqual(without.status, 0, 'without them the AWS CLI refuses (no region or credentials)');
      const withThem = aws(readmeAwsEnvironment());
      assert.equal(withThem.status, 0, withThem.stderr);
      assert.deepEqual(JSON.parse(withThem.stdout), { stateMachines: [] });
    } finally {
      await killServer(server);
    }
  });
});
