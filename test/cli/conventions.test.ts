import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../integrations/support.ts';
import { folderWith, passThrough } from './fixtures.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

/** `npm …` in the repository, typed in `cwd`, with none of the npm variables of a test run around it. */
function npm(args: string[], cwd: string) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') && k !== 'INIT_CWD'),
  );
  return spawn('npm', ['--prefix', ROOT, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('CLI conventions (issue 19, item 6)', () => {
  it('--help, -h and help for each command; --version', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await runCli([flag]);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^Usage: stepwise <command> \[options\]/);
      assert.match(r.stdout, /^ {2}send-task-failure +Fail a waiting task$/m);
    }
    const v = await runCli(['--version']);
    assert.deepEqual([v.code, v.stdout], [0, `stepwise ${VERSION}\n`]);
    const serve = await runCli(['serve', '--help']);
    assert.equal(serve.code, 0);
    assert.match(serve.stdout, /^Usage: stepwise serve \[options\]/);
    assert.match(serve.stdout, /--data-dir DIR/);
    const run = await runCli(['help', 'run']);
    assert.match(run.stdout, /--mock-config FILE/);
  });

  it('npm run stepwise -- … takes relative paths from the folder it is typed in', async () => {
    const dir = folderWith({ 'here.asl.json': { StartAt: 'A', States: { A: passThrough() } } });
    const child = npm(['run', '--silent', 'stepwise', '--', 'validate', 'here.asl.json'], dir);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((done) => child.on('close', done));
    assert.equal(code, 0, out);
    assert.match(out, /here\.asl\.json: OK, the definition is valid/);
  });

  it('killing `npm start` by its PID stops the server and frees the port', async () => {
    const dir = folderWith({});
    const child = npm(
      ['start', '--', '--host', '127.0.0.1', '--port', '0', '--store', 'memory', '--no-examples'],
      dir,
    );
    let out = '';
    const url = await new Promise<string>((done, fail) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m?.[1]) done(m[1]);
      });
      child.on('close', () => fail(new Error(`npm start ended: ${out}`)));
    });
    assert.equal((await fetch(`${url}/health`)).status, 200);
    child.kill('SIGTERM');
    const until = Date.now() + 10_000;
    let refused = false;
    while (!refused && Date.now() < until) {
      refused = await fetch(`${url}/health`).then(
        () => false,
        () => true,
      );
      if (!refused) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(refused, 'the server still answers after npm start was killed');
  });

  it('the installed command, npm start and npm run stepwise run Node with the same V8 flags', () => {
    // The benchmarks run the engine with the installed command's flags (bench/compiled.ts).
    const shebang = readFileSync(resolve(ROOT, 'bin', 'stepwise.js'), 'utf8').split('\n', 1)[0]!;
    const flags = /^#!\/usr\/bin\/env -S node (.*)$/.exec(shebang)?.[1];
    assert.ok(flags?.startsWith('--'), shebang);
    const scripts = (
      JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    assert.equal(scripts['start'], `node ${flags} src/cli/main.ts serve`);
    assert.equal(scripts['stepwise'], `node ${flags} src/cli/main.ts`);
  });
});
