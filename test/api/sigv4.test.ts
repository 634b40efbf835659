import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ListStateMachinesCommand, SFNClient, SFNServiceException } from '@aws-sdk/client-sfn';
import { DEFAULTS } from '../../src/config/index.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { rejection } from './harness.ts';

const KEY = { accessKeyId: 'AKIDSTEPWISE', secretAccessKey: 'stepwise-secret' };

describe('AWS Signature V4 when credentials are configured', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({
      ...DEFAULTS,
      host: '127.0.0.1',
      port: 0,
      examples: false,
      store: 'memory',
      credentials: [KEY],
    });
  });
  after(async () => {
    await server.close();
  });

  const client = (credentials: { accessKeyId: string; secretAccessKey: string }, options: object = {}) =>
    new SFNClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1, ...options });

  async function refusal(c: SFNClient): Promise<SFNServiceException> {
    const error = await rejection(c.send(new ListStateMachinesCommand({})));
    c.destroy();
    assert.ok(error instanceof SFNServiceException, String(error));
    return error;
  }

  test('a request signed with a configured key pair is served', async () => {
    const c = client(KEY);
    const out = await c.send(new ListStateMachinesCommand({}));
    assert.deepEqual(out.stateMachines, []);
    c.destroy();
  });

  test('an unknown key id is UnrecognizedClientException', async () => {
    const error = await refusal(client({ accessKeyId: 'AKIDOTHER', secretAccessKey: KEY.secretAccessKey }));
    assert.equal(error.name, 'UnrecognizedClientException');
    assert.equal(error.message, 'The security token included in the request is invalid.');
    assert.equal(error.$metadata.httpStatusCode, 400);
  });

  test('a wrong secret is InvalidSignatureException', async () => {
    const error = await refusal(client({ accessKeyId: KEY.accessKeyId, secretAccessKey: 'wrong' }));
    assert.equal(error.name, 'InvalidSignatureException');
    assert.match(error.message, /^The request signature we calculated does not match/);
  });

  test('a signature from a clock 20 minutes off has expired', async () => {
    const error = await refusal(client(KEY, { systemClockOffset: -20 * 60 * 1000 }));
    assert.equal(error.name, 'InvalidSignatureException');
    assert.match(error.message, /^Signature expired/);
  });

  test('a tampered body or an unsigned request is refused', async () => {
    const unsigned = await fetch(server.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AWSStepFunctions.ListStateMachines',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: '{}',
    });
    assert.equal(unsigned.status, 400);
    assert.equal(unsigned.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    // Replay a signed request's headers with another body.
    const c = client(KEY);
    let captured: Record<string, string> = {};
    c.middlewareStack.add(
      (next) => async (args) => {
        captured = { ...(args.request as { headers: Record<string, string> }).headers };
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    await c.send(new ListStateMachinesCommand({}));
    c.destroy();
    // fetch sets Host (the same) and Content-Length (the new body's) itself.
    const { host: _host, 'content-length': _length, ...headers } = captured;
    const replayed = await fetch(server.url, { method: 'POST', headers, body: '{}' });
    assert.equal(replayed.status, 200, 'the same headers and body pass');
    const tampered = await fetch(server.url, { method: 'POST', headers, body: '{"maxResults":1}' });
    assert.equal(tampered.status, 400);
    assert.equal(tampered.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
  });
});
