import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createWebAssetsHandler } from './web-assets.ts';

let dir: string;
let base: string;
let close: () => Promise<void>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'stepwise-secret.txt'), 'secret');
  const serve = createWebAssetsHandler(dir);
  const server = createServer((req, res) => {
    if (!serve(req, res)) res.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});

after(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'stepwise-secret.txt'), { force: true });
});

test('serves index.html at / and hashed assets with a long cache life', async () => {
  const index = await fetch(`${base}/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type') ?? '', /text\/html/);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  assert.match(await index.text(), /console/);
  const asset = await fetch(`${base}/assets/app-1234.js`);
  assert.match(asset.headers.get('content-type') ?? '', /javascript/);
  assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
  assert.equal(await asset.text(), 'console.log(1)');
});

test('unknown paths get the app (deep links) and nothing outside the folder is served', async () => {
  assert.match(await (await fetch(`${base}/state-machines/x`)).text(), /console/);
  const escaped = await fetch(`${base}/..%2Fstepwise-secret.txt`);
  assert.doesNotMatch(await escaped.text(), /secret/);
});

test('only GET and HEAD are the console; POST stays with the API', async () => {
  assert.equal((await fetch(`${base}/`, { method: 'POST', body: '{}' })).status, 418);
});
