import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../integrations/support.ts';
import { folderWith } from './fixtures.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const EXAMPLES = resolve(ROOT, 'examples');

const callback = {
  StartAt: 'Ask',
  States: {
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: {
        QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
        'MessageBody.$': '$$.Task.Token',
      },
      End: true,
    },
  },
};

describe('stepwise run (issue 19, item 2)', () => {
  it('uses the functions of stepwise.config.json in the folder it runs in', async () => {
    const dir = folderWith({
      'fns.mjs': 'export const greet = async (e) => ({ message: `Hello, ${e.name}!` });\n',
      'stepwise.config.json': {
        integrations: { lambda: { functions: { greet: { handler: 'fns.mjs#greet' } } } },
      },
      'greet.asl.json': {
        StartAt: 'Greet',
        States: {
          Greet: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:123456789012:function:greet',
            End: true,
          },
        },
      },
    });
    const r = await runCli(['run', 'greet.asl.json', '--input', '{"name":"Ada"}'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { message: 'Hello, Ada!' });
  });

  it('prints the trace while the execution runs, not when it ends', async () => {
    const dir = folderWith({
      'wait.asl.json': {
        StartAt: 'Before',
        States: {
          Before: { Type: 'Pass', Next: 'Sleep' },
          Sleep: { Type: 'Wait', Seconds: 3, Next: 'After' },
          After: { Type: 'Pass', End: true },
        },
      },
    });
    const child = spawn(
      process.execPath,
      [resolve(ROOT, 'src/cli/main.ts'), 'run', 'wait.asl.json', '--trace'],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    const sleepingShown = new Promise<boolean>((done) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // Still running when the Wait state is shown: the line came live.
        if (stderr.includes('→ Sleep')) done(child.exitCode === null);
      });
      child.on('close', () => done(false));
    });
    assert.equal(await sleepingShown, true, stderr);
    assert.ok(!stderr.includes('→ After'), 'the state after the Wait is not shown before the Wait ends');
    const code = await new Promise((done) => child.on('close', done));
    assert.equal(code, 0);
    assert.match(stderr, /→ After/);
  });

  it('takes --mock-config and --test-case (a mocked full program ends in NoSpotsAvailable)', async () => {
    const r = await runCli([
      'run',
      resolve(EXAMPLES, 'daycare-registration/definition.asl.json'),
      '--functions',
      resolve(EXAMPLES, 'daycare-registration/functions.mjs'),
      '--mock-config',
      resolve(EXAMPLES, 'daycare-registration/mock-config.json'),
      '--test-case',
      'ProgramFull',
      '--input',
      `@${resolve(EXAMPLES, 'daycare-registration/inputs/valid.json')}`,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^FAILED: NoSpotsAvailable/m);
    const typo = await runCli([
      'run',
      resolve(EXAMPLES, 'daycare-registration/definition.asl.json'),
      '--mock-config',
      resolve(EXAMPLES, 'daycare-registration/mock-config.json'),
      '--test-case',
      'ProgramFul',
    ]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /no test case 'ProgramFul'.*did you mean 'ProgramFull'\?/);
  });

  it('says at once that a callback cannot be answered without a terminal or --answer', async () => {
    const dir = folderWith({ 'callback.asl.json': callback });
    const started = Date.now();
    const r = await runCli(['run', 'callback.asl.json'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.ok(Date.now() - started < 15_000);
    assert.match(r.stderr, /state 'Ask' waits for a task token \(callback\), which 'run' cannot receive/);
    assert.match(r.stderr, /--answer/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });

  it('answers a callback and an activity with --answer, in order', async () => {
    const dir = folderWith({
      'both.asl.json': {
        StartAt: 'Ask',
        States: {
          Ask: { ...callback.States.Ask, ResultPath: '$.first', End: false, Next: 'Work' },
          Work: {
            Type: 'Task',
            Resource: 'arn:aws:states:us-east-1:123456789012:activity:review',
            ResultPath: '$.second',
            End: true,
          },
        },
      },
    });
    const r = await runCli(['run', 'both.asl.json', '--answer', '{"ok":1}', '--answer', '{"ok":2}'], {
      cwd: dir,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { first: { ok: 1 }, second: { ok: 2 } });
    assert.match(r.stderr, /answered 'Ask' \(callback\)/);
    assert.match(r.stderr, /answered 'Work' \(activity\)/);
  });

  it('in a terminal, shows the token and reads the answer typed', async (t) => {
    // util-linux `script` gives the CLI a pseudo-terminal, as a user's shell would.
    if (spawnSync('script', ['--version']).status !== 0) return t.skip('no `script` to make a terminal');
    const dir = folderWith({ 'callback.asl.json': callback });
    const command = `${process.execPath} ${resolve(ROOT, 'src/cli/main.ts')} run callback.asl.json`;
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let typed = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const prompts = out.split('> ').length - 1;
      if (prompts > typed) {
        child.stdin.write(typed === 0 ? 'not json\n' : '{"typed":true}\n');
        typed++;
      }
    });
    const code = await new Promise((done) => child.on('close', done));
    assert.equal(code, 0, out);
    assert.match(out, /State 'Ask' waits for its task token \(callback\)/);
    assert.match(out, /token: [A-Za-z0-9_-]{20,}/);
    assert.match(out, /That is not JSON\./);
    assert.match(out, /^\{"typed":true\}\r?$/m);
  });
});
