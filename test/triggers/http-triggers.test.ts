// HTTP triggers end to end: a real server, real HTTP requests (fetch).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/server/index.ts';
import { DEFAULTS, startServer } from '../../src/server/index.ts';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const ECHO = JSON.stringify({
  StartAt: 'Quote',
  States: { Quote: { Type: 'Pass', Parameters: { 'price.$': 'States.MathAdd($.base, 5)' }, End: true } },
});
const FAIL = JSON.stringify({
  StartAt: 'F',
  States: { F: { Type: 'Fail', Error: 'Quote.Refused', Cause: 'too big' } },
});

describe('HTTP triggers', () => {
  let server: RunningServer;
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', ...headers },
    });
  before(async () => {
    server = await startServer({
      ...DEFAULTS,
      port: 0,
      host: '127.0.0.1',
      store: 'memory',
      examples: false,
      triggers: {
        http: [
          { name: 'quote', stateMachine: 'Quote' },
          { name: 'refuse', stateMachine: 'Refuse' },
          { name: 'order', stateMachine: 'Orders', apiKeys: ['k-1', 'k-2'] },
          { name: 'small', stateMachine: 'Quote', maxBodyBytes: 64 },
        ],
      },
    });
    server.engine.createStateMachine({ name: 'Quote', definition: ECHO, roleArn: ROLE, type: 'EXPRESS' });
    server.engine.createStateMachine({ name: 'Refuse', definition: FAIL, roleArn: ROLE, type: 'EXPRESS' });
    server.engine.createStateMachine({ name: 'Orders', definition: ECHO, roleArn: ROLE });
  });
  after(() => server.close());

  it('an Express state machine answers with its output, or its error and cause', async () => {
    const ok = await post('/triggers/quote', '{"base":10}');
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { price: 15 });
    assert.match(ok.headers.get('x-stepwise-execution-arn') ?? '', /:express:Quote:/);
    const refused = await post('/triggers/refuse', '{}');
    assert.equal(refused.status, 500);
    assert.deepEqual(await refused.json(), { status: 'FAILED', error: 'Quote.Refused', cause: 'too big' });
  });

  it('a Standard state machine answers with the execution ARN; an API key is required when configured', async () => {
    assert.equal((await post('/triggers/order', '{"base":1}')).status, 403);
    const wrong = await post('/triggers/order', '{"base":1}', { 'x-api-key': 'k-3' });
    assert.equal(wrong.status, 403);
    assert.deepEqual(await wrong.json(), { __type: 'ForbiddenException', message: 'Forbidden' });
    const started = await post('/triggers/order?name=o-1', '{"base":1}', { 'x-api-key': 'k-2' });
    assert.equal(started.status, 200);
    const { executionArn, startDate } = (await started.json()) as { executionArn: string; startDate: number };
    assert.equal(executionArn, 'arn:aws:states:us-east-1:123456789012:execution:Orders:o-1');
    assert.equal(typeof startDate, 'number');
    const done = await server.engine.waitForExecution(executionArn);
    assert.deepEqual([done.input, done.output], ['{"base":1}', '{"price":6}']);
    const again = await post('/triggers/order?name=o-1', '{"base":2}', { 'x-api-key': 'k-1' });
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as { __type: string }).__type, 'ExecutionAlreadyExists');
  });

  it('refuses bad bodies, oversized bodies, unknown triggers, other methods and foreign web pages', async () => {
    const bad = await post('/triggers/quote', '{"base":');
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('x-amzn-errortype'), 'BadRequestException');
    const big = await post('/triggers/small', JSON.stringify({ base: 1, pad: 'x'.repeat(100) }));
    assert.equal(big.status, 413);
    assert.match(((await big.json()) as { message: string }).message, /limit of 64 bytes/);
    assert.equal((await post('/triggers/small', '{"base":1}')).status, 200);
    const unknown = await post('/triggers/nope', '{}');
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { __type: string }).__type, 'NotFoundException');
    assert.equal((await fetch(`${server.url}/triggers/quote`)).status, 405);
    const foreign = await post('/triggers/quote', '{"base":1}', { Origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('x-amzn-errortype'), 'AccessDeniedException');
  });
});
