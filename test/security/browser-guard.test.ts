// Black-box HTTP tests of what a web page in the user's browser can do to a running Stepwise
// (issue 21): a real server on a loopback port, requests shaped as browsers send them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULTS } from '../../src/config/index.ts';
import type { Settings } from '../../src/config/index.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { WEB_DIST } from '../../src/server/index.ts';
import { send } from '../support/raw-request.ts';
import { killServer, startServerProcess } from '../support/server-process.ts';

const api = (url: string, action: string, body: object, headers: Record<string, string> = {}) =>
  send(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': `AWSStepFunctions.${action}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });

const preflight = (url: string, origin: string, headers = 'x-amz-target,content-type') =>
  send(url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': headers,
    },
  });

const ROLE = 'arn:aws:iam::123456789012:role/stepwise';
const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

async function serve(settings: Partial<Settings> = {}): Promise<RunningServer> {
  return startServer({
    ...DEFAULTS,
    host: '127.0.0.1',
    port: 0,
    examples: false,
    store: 'memory',
    ...settings,
  });
}

describe('by default, only the console and loopback pages may call the API', () => {
  let server: RunningServer;
  let machineArn: string;
  before(async () => {
    server = await serve();
    const created = await api(server.url, 'CreateStateMachine', {
      name: 'm',
      definition: PASS,
      roleArn: ROLE,
    });
    machineArn = (JSON.parse(created.body) as { stateMachineArn: string }).stateMachineArn;
  });
  after(() => server.close());

  test('a preflight from a foreign origin gets no CORS allow headers', async () => {
    const answer = await preflight(server.url, 'https://evil.example');
    assert.equal(answer.status, 403);
    assert.equal(answer.headers['access-control-allow-origin'], undefined);
    assert.equal(answer.headers['access-control-allow-headers'], undefined);
    assert.equal(answer.headers['access-control-allow-methods'], undefined);
  });

  test('a state-changing request from a foreign origin is refused and does nothing', async () => {
    const start = await api(
      server.url,
      'StartExecution',
      { stateMachineArn: machineArn, name: 'from-evil' },
      { Origin: 'https://evil.example' },
    );
    assert.equal(start.status, 403);
    assert.equal(start.headers['access-control-allow-origin'], undefined);
    const body = JSON.parse(start.body) as { __type: string; message: string };
    assert.equal(body.__type, 'AccessDeniedException');
    assert.match(body.message, /cors\.allowedOrigins/);
    const list = await api(server.url, 'ListExecutions', { stateMachineArn: machineArn });
    assert.deepEqual((JSON.parse(list.body) as { executions: unknown[] }).executions, []);
  });

  test('a cross-site request without Origin (Sec-Fetch-Site) is refused too', async () => {
    const answer = await api(server.url, 'ListStateMachines', {}, { 'Sec-Fetch-Site': 'cross-site' });
    assert.equal(answer.status, 403);
  });

  test('a simple GET from a foreign origin is answered without CORS headers, so the page cannot read it', async () => {
    const answer = await send(server.url, { path: '/health', headers: { Origin: 'https://evil.example' } });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['access-control-allow-origin'], undefined);
  });

  test("the console's own origin (same origin) and tools without Origin are served", async () => {
    const own = await api(
      server.url,
      'ListStateMachines',
      {},
      { Origin: server.url.replace('localhost', '127.0.0.1') },
    );
    assert.equal(own.status, 200);
    const cli = await api(server.url, 'ListStateMachines', {});
    assert.equal(cli.status, 200);
    assert.equal(cli.headers['access-control-allow-origin'], undefined);
    // Written by the API with its answer (the guard leaves them to it), once each.
    assert.equal(cli.headers['x-content-type-options'], 'nosniff');
    assert.equal(cli.headers['vary'], 'Origin');
  });

  test('the console dev server on a loopback origin (any port) may call, with the headers it asks for', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:4000', 'http://[::1]:5173']) {
      const answer = await preflight(
        server.url,
        origin,
        'authorization,x-amz-date,x-amz-target,content-type',
      );
      assert.equal(answer.status, 204, origin);
      assert.equal(answer.headers['access-control-allow-origin'], origin);
      assert.equal(
        answer.headers['access-control-allow-headers'],
        'authorization,x-amz-date,x-amz-target,content-type',
      );
      assert.equal(answer.headers['vary'], 'Origin');
      const call = await api(server.url, 'ListStateMachines', {}, { Origin: origin });
      assert.equal(call.status, 200);
      assert.equal(call.headers['access-control-allow-origin'], origin);
      assert.match(String(call.headers['access-control-expose-headers']), /x-amzn-RequestId/);
      assert.equal(call.headers['vary'], 'Origin');
      assert.equal(call.headers['x-content-type-options'], 'nosniff');
    }
  });

  test('a foreign Host is refused with the setting to change (DNS rebinding)', async () => {
    for (const host of ['evil.example', 'evil.example:8083', 'localhost.evil.example']) {
      const answer = await api(server.url, 'ListStateMachines', {}, { Host: host });
      assert.equal(answer.status, 403, host);
      const body = JSON.parse(answer.body) as { __type: string; message: string };
      assert.equal(body.__type, 'AccessDeniedException');
      assert.match(body.message, /allowedHosts/);
      assert.match(body.message, /STEPWISE_ALLOWED_HOSTS/);
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    }
    const page = await send(server.url, { path: '/', headers: { Host: 'evil.example' } });
    assert.equal(page.status, 403);
    assert.doesNotMatch(page.body, /<html|<!doctype/i);
  });

  test('loopback names on any port are accepted as Host', async () => {
    for (const host of ['localhost', 'localhost:9', '127.0.0.1:8083', '[::1]:8083', 'LOCALHOST']) {
      const answer = await api(server.url, 'ListStateMachines', {}, { Host: host });
      assert.equal(answer.status, 200, host);
    }
  });

  test("the console's pages carry the security headers", async () => {
    const index = await send(server.url, { path: '/' });
    assert.equal(index.status, 200);
    const csp = String(index.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(index.headers['x-frame-options'], 'DENY');
    assert.equal(index.headers['x-content-type-options'], 'nosniff');
    assert.equal(index.headers['referrer-policy'], 'no-referrer');
    const script = /<script[^>]*src="\.?\/?([^"]+)"/.exec(index.body)?.[1];
    if (script) {
      const asset = await send(server.url, { path: `/${script}` });
      assert.equal(asset.status, 200);
      assert.equal(asset.headers['x-content-type-options'], 'nosniff');
    }
  });

  test('the built console has no inline script, which its CSP would block', () => {
    const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([^]*?)<\/script>/gi)];
    assert.ok(scripts.length > 0, 'the console loads its script');
    for (const [, attributes, content] of scripts) {
      assert.match(attributes ?? '', /\bsrc=/);
      assert.equal((content ?? '').trim(), '');
    }
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  });
});

describe('more origins and hosts by configuration', () => {
  let server: RunningServer;
  before(async () => {
    server = await serve({
      cors: { allowedOrigins: ['https://app.example.com'] },
      allowedHosts: ['stepwise.internal', '.example.org'],
    });
  });
  after(() => server.close());

  test('a configured origin may call; others still may not', async () => {
    const allowed = await preflight(server.url, 'https://app.example.com');
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example.com');
    const call = await api(server.url, 'ListStateMachines', {}, { Origin: 'https://app.example.com' });
    assert.equal(call.status, 200);
    for (const origin of ['https://app.example.com.evil.example', 'http://app.example.com', 'null']) {
      const other = await api(server.url, 'ListStateMachines', {}, { Origin: origin });
      assert.equal(other.status, 403, origin);
    }
  });

  test('configured host names are accepted, a leading dot for a domain and its subdomains', async () => {
    for (const host of ['stepwise.internal:8083', 'example.org', 'sfn.example.org:443']) {
      const answer = await api(server.url, 'ListStateMachines', {}, { Host: host });
      assert.equal(answer.status, 200, host);
    }
    for (const host of ['stepwise.internal.evil.example', 'evilexample.org']) {
      const answer = await api(server.url, 'ListStateMachines', {}, { Host: host });
      assert.equal(answer.status, 403, host);
    }
  });
});

describe('CORS open to every origin, when set explicitly', () => {
  let server: RunningServer;
  before(async () => {
    server = await serve({ cors: { allowedOrigins: ['*'] } });
  });
  after(() => server.close());

  test('any origin may call; the Host check still holds', async () => {
    const answer = await preflight(server.url, 'https://evil.example');
    assert.equal(answer.status, 204);
    assert.equal(answer.headers['access-control-allow-origin'], '*');
    const call = await api(server.url, 'ListStateMachines', {}, { Origin: 'https://evil.example' });
    assert.equal(call.status, 200);
    const rebound = await api(server.url, 'ListStateMachines', {}, { Host: 'evil.example' });
    assert.equal(rebound.status, 403);
  });
});

describe('the banner', () => {
  test('warns when CORS allows every origin, and only then', async () => {
    const open = await startServerProcess(['--store', 'memory', '--cors-origin', '*']);
    const closed = await startServerProcess([
      '--store',
      'memory',
      '--cors-origin',
      'https://app.example.com',
    ]);
    try {
      assert.match(open.output(), /Warning: CORS allows every origin \(\*\)/);
      assert.doesNotMatch(closed.output(), /Warning/);
    } finally {
      await killServer(open);
      await killServer(closed);
    }
  });
});
