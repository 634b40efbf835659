import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../integrations/support.ts';
import { folderWith } from './fixtures.ts';

// `validate` needs no configuration, `serve` and `run` read it at start; both must refuse a bad one.
describe('the configuration file is checked at start-up (issue 19, item 4)', () => {
  it('names the file, the key, what was expected and the near miss; unknown keys are refused', async () => {
    const dir = folderWith({
      'stepwise.config.json': {
        port: '8083',
        dataDri: './data',
        cors: { allowedOrigins: ['http://localhost:5173'] },
        allowedHosts: ['localhost'],
        integrations: { lambda: { functions: { score: { comand: ['python3', 'score.py'] } } } },
      },
    });
    const file = join(dir, 'stepwise.config.json');
    const r = await runCli(['serve', '--port', '0'], { cwd: dir });
    assert.equal(r.code, 2);
    const lines = r.stderr.trim().split('\n');
    assert.ok(
      lines.includes(`stepwise serve: ${file}: "port": expected number, got string "8083"`),
      r.stderr,
    );
    assert.ok(
      lines.includes(`stepwise serve: ${file}: "dataDri": unknown key (did you mean "dataDir"?)`),
      r.stderr,
    );
    assert.ok(
      lines.includes(
        `stepwise serve: ${file}: "integrations.lambda.functions.score.comand": unknown key (did you mean "command"?)`,
      ),
      r.stderr,
    );
    // The keys of the CORS / allowed-hosts settings are known.
    assert.ok(!/cors|allowedHosts/.test(r.stderr), r.stderr);
    assert.ok(!r.stderr.includes('    at '), 'no stack trace');
  });

  it('a JSON syntax error names the file and the position', async () => {
    const dir = folderWith({ 'stepwise.config.json': '{\n  "port": 8083,\n}\n' });
    const r = await runCli(['run', 'x.asl.json'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /stepwise\.config\.json: not valid JSON: .*line 3 column 1/);
  });

  it('environment variables are checked too, by name', async () => {
    const dir = folderWith({});
    const r = await runCli(['serve'], { cwd: dir, env: { STEPWISE_PORT: 'eighty' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /STEPWISE_PORT: expected a number, got 'eighty'/);
  });
});
