// HTTP triggers with a resource path, a request mapping (path, query string, headers, body into
// the input) and Signature V4 auth, end to end: a real server, fetch, requests signed by
// @smithy/signature-v4 as API Gateway's IAM-authorized clients sign them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/server/index.ts';
import { DEFAULTS, startServer } from '../../src/server/index.ts';
import { signedPost } from '../support/signed-fetch.ts';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const ECHO = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
const KEY = { accessKeyId: 'AKIDTRIGGER', secretAccessKey: 'trigger-secret' };

describe('HTTP triggers: request mapping and Signature V4', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({
      ...DEFAULTS,
      port: 0,
      host: '127.0.0.1',
      store: 'memory',
      examples: false,
      triggers: {
        http: [
          {
            name: 'items',
            stateMachine: 'Echo',
            path: '/{orderId}/items/{item}',
            requestMapping: {
              'order.id': 'method.request.path.orderId',
              'order.item': 'method.request.path.item',
              page: 'method.request.querystring.page',
              tags: 'method.request.multivaluequerystring.tag',
              tenant: 'method.request.header.X-Tenant',
              quantity: 'method.request.body.quantity',
              whole: 'method.request.body',
              via: "'http-trigger'",
              method: 'context.httpMethod',
            },
          },
          {
            name: 'files',
            stateMachine: 'Echo',
            path: '/{key+}',
            requestMapping: { key: 'method.request.path.key' },
          },
          {
            name: 'signed',
            stateMachine: 'Echo',
            signatureKeys: [KEY],
            requestMapping: { caller: 'context.identity.accessKey', body: 'method.request.body' },
          },
        ],
      },
    });
    server.engine.createStateMachine({ name: 'Echo', definition: ECHO, roleArn: ROLE, type: 'EXPRESS' });
  });
  after(() => server.close());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', ...headers },
    });

  it('maps path parameters, query string, headers, body values and static text into the input', async () => {
    const res = await post('/triggers/items/o-17/items/blue%20mug?page=2&tag=a&tag=b', '{"quantity":3}', {
      'X-Tenant': 'acme',
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      order: { id: 'o-17', item: 'blue mug' },
      page: '2',
      tags: ['a', 'b'],
      tenant: 'acme',
      quantity: 3,
      whole: { quantity: 3 },
      via: 'http-trigger',
      method: 'POST',
    });
    // What the request lacks is left out.
    assert.deepEqual(await (await post('/triggers/items/o-1/items/x', '{}')).json(), {
      order: { id: 'o-1', item: 'x' },
      whole: {},
      via: 'http-trigger',
      method: 'POST',
    });
    const greedy = await post('/triggers/files/a/b/c.txt', '{}');
    assert.deepEqual(await greedy.json(), { key: 'a/b/c.txt' });
  });

  it('a path that matches no resource is a 404 that names the trigger path', async () => {
    for (const path of ['/triggers/items/o-1', '/triggers/items/o-1/other/x', '/triggers/files']) {
      const res = await post(path, '{}');
      assert.equal(res.status, 404, path);
      const body = (await res.json()) as { __type: string; message: string };
      assert.equal(body.__type, 'NotFoundException');
      assert.match(body.message, /its path is '\/\{/);
    }
  });

  const signed = (body: string, key = KEY, service = 'execute-api', sent = body): Promise<Response> =>
    signedPost(new URL(`${server.url}/triggers/signed`), body, key, service, sent);

  it('takes a request signed with a configured key, and says who signed it', async () => {
    const res = await signed('{"n":1}');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { caller: KEY.accessKeyId, body: { n: 1 } });
  });

  it('refuses an unsigned, wrongly signed, unknown-key or wrongly scoped request with 403 and AWS error types', async () => {
    const cases: [Promise<Response>, string, RegExp][] = [
      [post('/triggers/signed', '{}'), 'MissingAuthenticationTokenException', /Missing Authentication Token/],
      [
        signed('{}', { ...KEY, secretAccessKey: 'wrong' }),
        'InvalidSignatureException',
        /signature we calculated does not match/,
      ],
      [
        signed('{}', { accessKeyId: 'AKIDOTHER', secretAccessKey: 'x' }),
        'UnrecognizedClientException',
        /security token included in the request is invalid/,
      ],
      [signed('{}', KEY, 'states'), 'InvalidSignatureException', /scoped to correct service: 'execute-api'/],
    ];
    for (const [response, type, message] of cases) {
      const res = await response;
      assert.equal(res.status, 403, type);
      assert.equal(res.headers.get('x-amzn-errortype'), type);
      assert.match(((await res.json()) as { message: string }).message, message);
    }
  });

  it('a body changed after signing is refused', async () => {
    const res = await signed('{"amount":1}', KEY, 'execute-api', '{"amount":1000}');
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
  });
});
