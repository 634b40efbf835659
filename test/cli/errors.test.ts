import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { runCli } from '../integrations/support.ts';
import { folderWith, passThrough } from './fixtures.ts';

const EXAMPLES = resolve(import.meta.dirname, '..', '..', 'examples');
const pass = { StartAt: 'A', States: { A: passThrough() } };

/** One line on stderr, no stack frames. */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.ok(!stderr.includes('    at '), stderr);
  return lines[0]!;
}

describe('CLI errors a user can act on (issue 19, item 5)', () => {
  it('a --functions module with a syntax error: its file and line', async () => {
    const dir = folderWith({ 'fns.mjs': 'export const functions = {\n  a: error x,\n};\n', 'p.json': pass });
    const r = await runCli(['run', 'p.json', '--functions', 'fns.mjs'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(
      oneLine(r.stderr),
      `stepwise run: functions module ${join(dir, 'fns.mjs')}:2: SyntaxError: Unexpected identifier 'x'`,
    );
  });

  it('a missing module: the path the user gave and where it was looked for, nothing internal', async () => {
    const dir = folderWith({ 'p.json': pass });
    const r = await runCli(['run', 'p.json', '--functions', 'nothere.mjs'], { cwd: dir });
    assert.equal(r.code, 1);
    const line = oneLine(r.stderr);
    assert.equal(
      line,
      `stepwise run: functions module nothere.mjs not found (no file ${join(dir, 'nothere.mjs')})`,
    );
  });

  it('an unwritable data folder: which folder and how to choose another', async () => {
    const dir = folderWith({ 'a-file': 'not a folder' });
    const r = await runCli(['serve', '--port', '0', '--no-examples', '--data-dir', 'a-file/data'], {
      cwd: dir,
    });
    assert.equal(r.code, 1);
    const line = oneLine(r.stderr);
    assert.match(
      line,
      new RegExp(`cannot write the SQLite store in data folder ${join(dir, 'a-file/data')} `),
    );
    assert.match(line, /--data-dir or STEPWISE_DATA_DIR$/);
  });

  it('worker and send-task-* with no server: the endpoint and what to do', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const { port } = probe.address() as { port: number };
    await new Promise((done) => probe.close(done));
    const NO_SERVER = `http://127.0.0.1:${port}`;
    for (const args of [
      ['send-task-success', 'token', '{}'],
      ['send-task-failure', 'token', 'Oops'],
      ['worker', '--activity', 'arn:aws:states:us-east-1:123456789012:activity:a', '--handler', 'w.mjs'],
    ]) {
      const dir = folderWith({ 'w.mjs': 'export const handler = async () => ({});\n' });
      const r = await runCli([...args, '--endpoint', NO_SERVER], { cwd: dir });
      assert.equal(r.code, 1, args[0]);
      assert.match(
        r.stderr.trim().split('\n').at(-1) ?? '',
        new RegExp(
          `no Stepwise server answers at ${NO_SERVER} \\(ECONNREFUSED\\): start one .* or give its address with --endpoint URL$`,
        ),
      );
      assert.ok(!r.stderr.includes('fetch failed'), r.stderr);
    }
  });

  it('--port abc and a misspelt flag: the flag, the value and the likely flag', async () => {
    const port = await runCli(['serve', '--port', 'abc']);
    assert.equal(port.code, 2);
    assert.equal(
      oneLine(port.stderr),
      "stepwise serve: --port expects a whole number from 0 to 65535, got 'abc'",
    );
    const typo = await runCli(['serve', '--prot', '80']);
    assert.equal(typo.code, 2);
    assert.equal(
      oneLine(typo.stderr),
      "stepwise serve: unknown option --prot for 'serve'; did you mean --port? (see stepwise serve --help)",
    );
  });

  it('run on an invalid definition: one diagnostic per line, each with file and location', async () => {
    const dir = folderWith({
      'bad.json': { StartAt: 'A', States: { A: passThrough('B'), C: { Type: 'Bogus' } } },
    });
    const r = await runCli(['run', 'bad.json'], { cwd: dir });
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    assert.match(lines[0] ?? '', /^bad\.json: ERROR MISSING_TRANSITION_TARGET at \/States\/A\/Next: /);
    assert.match(lines[1] ?? '', /^bad\.json: ERROR SCHEMA_VALIDATION_FAILED at \/States\/C\/Type: /);
    assert.ok(!r.stderr.includes('at null'), r.stderr);
    assert.match(lines.at(-1) ?? '', /^bad\.json: not run: \d+ error\(s\) in the definition$/);
  });

  it('the daycare example run without --functions: a hint that names --functions', async () => {
    const r = await runCli([
      'run',
      join(EXAMPLES, 'daycare-registration/definition.asl.json'),
      '--input',
      `@${join(EXAMPLES, 'daycare-registration/inputs/valid.json')}`,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^FAILED: Lambda\.ResourceNotFoundException/m);
    assert.match(
      r.stderr,
      /^hint: no local function has that name: give the module that exports it with --functions FILE/m,
    );
  });

  it('a test file that is not JSON: its name and what is wrong, on one line', async () => {
    const dir = folderWith({ 'broken.tests.json': '{\n  "tests": [,]\n}\n' });
    const r = await runCli(['test', 'broken.tests.json'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(oneLine(r.stderr), /^stepwise test: broken\.tests\.json: not valid JSON: /);
  });

  it('--verbose adds the stack trace', async () => {
    const dir = folderWith({ 'p.json': pass });
    const quiet = await runCli(['run', 'p.json', '--functions', 'nothere.mjs'], { cwd: dir });
    assert.ok(!quiet.stderr.includes('    at '));
    const verbose = await runCli(['run', 'p.json', '--functions', 'nothere.mjs', '--verbose'], { cwd: dir });
    assert.match(verbose.stderr, /\n {4}at /);
  });
});
