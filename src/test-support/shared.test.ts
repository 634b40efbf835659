import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sharedPath } from './shared.ts';

describe('sharedPath', () => {
  it('skips a missing path outside CI, and fails under CI (a corpus that does not run is no pass)', (t) => {
    const ci = process.env['CI'];
    t.after(() => {
      if (ci === undefined) delete process.env['CI'];
      else process.env['CI'] = ci;
    });
    delete process.env['CI'];
    const missing = sharedPath('no-such-folder');
    assert.match(String(missing.skip), /no-such-folder does not exist \(set STEPWISE_SHARED/);
    process.env['CI'] = '1';
    assert.throws(() => sharedPath('no-such-folder'), /no-such-folder does not exist/);
  });
});
