import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { killServer, startServerProcess } from '../support/server-process.ts';
import { folderWith } from './fixtures.ts';

describe('the serve banner (issue 19, item 7)', () => {
  it('shows the console URL, the functions and mocks loaded, the store and request signing', async () => {
    const dir = folderWith({
      'fns.mjs': 'export const functions = { greet: async () => 1, wave: async () => 2 };\n',
      'mocks.json': { StateMachines: {}, MockedResponses: {} },
    });
    const server = await startServerProcess(['--store', 'memory', '--functions', join(dir, 'fns.mjs')], {
      SFN_MOCK_CONFIG: join(dir, 'mocks.json'),
      STEPWISE_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      STEPWISE_SECRET_ACCESS_KEY: 'secret',
    });
    try {
      const out = server.output();
      assert.match(out, new RegExp(`^ {2}Console: +${server.url}/$`, 'm'));
      assert.match(out, /^ {2}Functions: greet, wave \(.*fns\.mjs\)$/m);
      assert.match(out, new RegExp(`^ {2}Mocks: +${join(dir, 'mocks.json')} `, 'm'));
      assert.match(
        out,
        /^ {2}Signing: +on: API requests must be signed \(AWS Signature V4\) with one of 1 configured key/m,
      );
      assert.match(out, /^ {2}Store: +memory$/m);
    } finally {
      await killServer(server);
    }
    const open = await startServerProcess(['--store', 'memory']);
    try {
      assert.match(open.output(), /^ {2}Signing: +off: any credentials \(or none\) are accepted/m);
      assert.match(open.output(), /^ {2}Functions: +none \(give a module with --functions FILE\)$/m);
    } finally {
      await killServer(open);
    }
  });
});
