import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../integrations/support.ts';
import { folderWith, passThrough } from './fixtures.ts';

describe('stepwise validate (issue 19, item 3)', () => {
  it('checks every file given, names each, and exits 1 when any fails', async () => {
    const dir = folderWith({
      'good.asl.json': { StartAt: 'A', States: { A: passThrough() } },
      'bad.asl.json': { StartAt: 'A', States: { A: passThrough('Missing') } },
      'also-good.asl.json': { StartAt: 'B', States: { B: passThrough() } },
    });
    const r = await runCli(['validate', 'good.asl.json', 'bad.asl.json', 'also-good.asl.json'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^good\.asl\.json: OK, the definition is valid$/m);
    assert.match(r.stdout, /^bad\.asl\.json: ERROR MISSING_TRANSITION_TARGET at \/States\/A\/Next: /m);
    assert.match(r.stdout, /^also-good\.asl\.json: OK, the definition is valid$/m);
    assert.match(r.stdout, /^2 valid, 1 invalid$/m);
    const fine = await runCli(['validate', 'good.asl.json', 'also-good.asl.json'], { cwd: dir });
    assert.equal(fine.code, 0, fine.stdout);
  });
});
