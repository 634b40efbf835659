// An HTTP Task's connection secrets (bearer token, API key, basic auth, the connection's own
// headers and query parameters) reach the called API and nowhere else: not the history, not
// DescribeExecution, not the server's output, not TestState unless `revealSecrets` (AWS's rule).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';

const TOKEN = 'tok-9f2c1b7e5d';
const API_KEY = 'key-71d3aa0c42';
const QUERY_SECRET = 'sig-5e8b9d0f13';
const HEADER_SECRET = 'hdr-0b6e2c7a99';
const PASSWORD = 'pw-c4e7f1a2b8';
const BROKEN_TOKEN = 'tok-3a9d\nbrk-77e1';
const SECRETS = [TOKEN, API_KEY, QUERY_SECRET, HEADER_SECRET, PASSWORD, 'tok-3a9d', 'brk-77e1'];
const BASIC = Buffer.from(`svc:${PASSWORD}`).toString('base64');

const connection = (name: string) => `arn:aws:events:us-east-1:123456789012:connection/${name}/1`;
const ROLE = 'arn:aws:iam::123456789012:role/stepwise';

function assertNoSecret(text: string, where: string): void {
  for (const secret of [...SECRETS, BASIC]) {
    assert.ok(!text.includes(secret), `${where} shows the secret '${secret}':\n${text}`);
  }
}

describe('HTTP Task connection secrets', { timeout: 60_000 }, () => {
  const received: { authorization?: string; apiKey?: string; url?: string; header?: string }[] = [];
  let target: ReturnType<typeof createServer>;
  let elsewhere: ReturnType<typeof createServer>;
  const landed: { headers: Record<string, unknown>; url: string; method: string }[] = [];
  let targetUrl: string;
  let dir: string;
  let server: ServerProcess;

  before(async () => {
    // The called API checks the credentials and never echoes them (what it says is not redacted).
    elsewhere = createServer((req, res) => {
      landed.push({ headers: req.headers, url: req.url ?? '', method: req.method ?? '' });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"landed":true}');
    });
    elsewhere.listen(0, '127.0.0.1');
    await once(elsewhere, 'listening');
    const elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    target = createServer((req, res) => {
      // Redirects: to another origin, to this one, and to a host off the allow-list.
      const moves: Record<string, string> = {
        '/away': `${elsewhereUrl}/landing`,
        '/here': '/orders',
        '/off-list': `http://localhost:${(elsewhere.address() as AddressInfo).port}/`,
      };
      const to = moves[(req.url ?? '').split('?')[0] ?? ''];
      if (to !== undefined) {
        res.writeHead(req.url?.startsWith('/here') ? 302 : 307, { location: to }).end();
        return;
      }
      received.push({
        authorization: req.headers.authorization,
        apiKey: req.headers['x-api-key'] as string | undefined,
        header: req.headers['x-tenant-secret'] as string | undefined,
        url: req.url,
      });
      const ok =
        req.headers.authorization === `Bearer ${TOKEN}` || req.headers.authorization === `Basic ${BASIC}`;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { ok: true } : { message: 'unauthorized' }));
    });
    target.listen(0, '127.0.0.1');
    await once(target, 'listening');
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'stepwise-secrets-'));
    writeFileSync(
      join(dir, 'stepwise.config.json'),
      JSON.stringify({
        integrations: {
          http: {
            allowHosts: ['127.0.0.1'],
            connections: {
              [connection('api')]: {
                bearerToken: TOKEN,
                apiKey: { name: 'x-api-key', value: API_KEY },
                headers: { 'x-tenant-secret': HEADER_SECRET },
                queryParameters: { sig: QUERY_SECRET },
              },
              [connection('basic')]: { basic: { username: 'svc', password: PASSWORD } },
              [connection('broken')]: { bearerToken: BROKEN_TOKEN },
            },
          },
        },
      }),
    );
    server = await startServerProcess(['--store', 'memory'], {}, dir);
  });
  after(async () => {
    await killServer(server);
    target.close();
    elsewhere.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const task = (name: string, path = '/orders') => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::http:invoke',
    Parameters: {
      ApiEndpoint: `${targetUrl}${path}`,
      Method: 'POST',
      Authentication: { ConnectionArn: connection(name) },
      Headers: { 'x-request': 'r-1' },
      RequestBody: { item: 'book' },
    },
    End: true,
  });

  async function run(name: string, path?: string): Promise<{ status: string; text: string }> {
    const created = await callApi(server.url, 'CreateStateMachine', {
      name: `call-${name}${path?.replace(/\W/g, '-') ?? ''}`,
      roleArn: ROLE,
      definition: JSON.stringify({ StartAt: 'Call', States: { Call: task(name, path) } }),
    });
    const started = await callApi(server.url, 'StartExecution', {
      stateMachineArn: created.json['stateMachineArn'],
      input: '{}',
    });
    const executionArn = started.json['executionArn'];
    for (;;) {
      const described = await callApi(server.url, 'DescribeExecution', { executionArn });
      if (described.json['status'] !== 'RUNNING') {
        const history = await callApi(server.url, 'GetExecutionHistory', { executionArn });
        return {
          status: String(described.json['status']),
          text: JSON.stringify(described.json) + JSON.stringify(history.json),
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  test('a call with bearer token, API key, connection header and query: sent, then seen nowhere', async () => {
    const { status, text } = await run('api');
    assert.equal(status, 'SUCCEEDED', text);
    const seen = received.at(-1);
    assert.equal(seen?.authorization, `Bearer ${TOKEN}`);
    assert.equal(seen?.apiKey, API_KEY);
    assert.equal(seen?.header, HEADER_SECRET);
    assert.match(seen?.url ?? '', new RegExp(`sig=${QUERY_SECRET}`));
    assertNoSecret(text, 'the history or DescribeExecution');
  });

  test('basic auth: sent, then seen nowhere', async () => {
    const { status, text } = await run('basic');
    assert.equal(status, 'SUCCEEDED', text);
    assert.equal(received.at(-1)?.authorization, `Basic ${BASIC}`);
    assertNoSecret(text, 'the history or DescribeExecution');
  });

  test('a secret the HTTP client refuses is not quoted in the error', async () => {
    const { status, text } = await run('broken');
    assert.equal(status, 'FAILED');
    assert.match(text, /States\.Http\.Socket/);
    assert.match(text, /\*{5}/);
    assertNoSecret(text, 'the failure');
  });

  test("a redirect to another origin takes none of the connection's credentials; one to the same origin does", async () => {
    const away = await run('api', '/away');
    assert.equal(away.status, 'SUCCEEDED', away.text);
    const there = landed.at(-1);
    assert.equal(there?.method, 'POST');
    assert.equal(there?.url, '/landing');
    assert.equal(there?.headers['x-request'], 'r-1');
    assertNoSecret(JSON.stringify(there), 'the other origin');
    assert.equal(there?.headers['authorization'], undefined);

    const before = received.length;
    const here = await run('basic', '/here');
    assert.equal(here.status, 'SUCCEEDED', here.text);
    // 302 after a POST continues as a GET (as fetch does), still with the credentials.
    assert.equal(received.length, before + 1);
    assert.equal(received.at(-1)?.authorization, `Basic ${BASIC}`);
  });

  test('a redirect to a host off the HTTP allow-list is not followed', async () => {
    const count = landed.length;
    const off = await run('api', '/off-list');
    assert.equal(off.status, 'FAILED');
    assert.match(off.text, /States\.Permissions/);
    assert.match(off.text, /localhost:\d+' \(a redirect\) is not on Stepwise's HTTP allow-list/);
    assert.equal(landed.length, count);
  });

  test("TestState at TRACE shows the request without the connection's data, unless revealSecrets", async () => {
    const trace = async (revealSecrets: boolean) =>
      callApi(server.url, 'TestState', {
        definition: JSON.stringify(task('api')),
        roleArn: ROLE,
        inspectionLevel: 'TRACE',
        revealSecrets,
      });
    const hidden = await trace(false);
    assert.equal(hidden.status, 200, JSON.stringify(hidden.json));
    const data = hidden.json['inspectionData'] as {
      request: { method: string; url: string; headers: string; body: string };
      response: { statusCode: string; body: string };
    };
    assert.equal(data.request.method, 'POST');
    assert.equal(data.request.url, `${targetUrl}/orders`);
    assert.match(data.request.headers, /x-request/);
    assert.equal(data.request.body, '{"item":"book"}');
    assert.equal(data.response.statusCode, '200');
    assertNoSecret(JSON.stringify(hidden.json), 'TestState without revealSecrets');

    const shown = await trace(true);
    const request = (shown.json['inspectionData'] as { request: { url: string; headers: string } }).request;
    assert.match(request.headers, new RegExp(`Bearer ${TOKEN}`));
    assert.match(request.headers, new RegExp(API_KEY));
    assert.match(request.url, new RegExp(`sig=${QUERY_SECRET}`));
  });

  test("the server's output holds no secret", () => {
    assertNoSecret(server.output() + server.errors(), "the server's output");
  });
});
