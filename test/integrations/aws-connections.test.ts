// Service calls over kept-alive connections: a connection that breaks under a request (a server
// closing an idle connection just as the request goes out) is the transport's business, so the
// request is sent again at once on a new connection, once; a service that keeps breaking fails.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Api } from '../api/harness.ts';
import { startApi } from '../api/harness.ts';
import { LOCAL_CREDENTIALS } from '../support/aws-stand-ins.ts';
import { failure, run, sdkTask } from './aws-support.ts';

/**
 * A loopback DynamoDB (JSON 1.0, ListTables only) that drops the connection instead of answering
 * where `drops(n)` says so for the n-th request on a connection (1 = the first), as a server does
 * that closed the connection.
 */
async function dynamoThatDrops(drops: (n: number) => boolean) {
  const perSocket = new WeakMap<Socket, number>();
  const seen = { requests: 0, connections: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      seen.requests++;
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      if (drops(n)) return req.socket.destroy();
      assert.equal(req.headers['x-amz-target'], 'DynamoDB_20120810.ListTables');
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      res.end(JSON.stringify({ TableNames: ['tickets'] }));
    });
  });
  server.on('connection', () => seen.connections++);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, seen, server };
}

describe('service calls on connections that break', () => {
  let drops = (_n: number) => false;
  let dynamo: Awaited<ReturnType<typeof dynamoThatDrops>>;
  let api: Api;
  before(async () => {
    dynamo = await dynamoThatDrops((n) => drops(n));
    api = await startApi({
      aws: { endpoints: { dynamodb: dynamo.endpoint }, credentials: LOCAL_CREDENTIALS },
    });
  });
  after(async () => {
    await api.close();
    dynamo.server.closeAllConnections();
    dynamo.server.close();
  });
  const listTables = { resource: sdkTask('dynamodb', 'listTables'), parameters: {} };

  it('a kept-alive connection dropped under a request: sent again on a new one, and the task succeeds', async () => {
    drops = (n) => n === 2;
    const { description, events, output } = await run(api, [listTables, listTables]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    assert.deepEqual(output['r1'], { TableNames: ['tickets'] });
    assert.equal(events.filter((e) => e.type === 'TaskSucceeded').length, 2);
    // The second task's request went out on the first's connection, was dropped, then sent again.
    assert.deepEqual(dynamo.seen, { requests: 3, connections: 2 });
  });

  it('a service that drops every request: two attempts, then States.TaskFailed with the cause', async () => {
    drops = () => true;
    dynamo.seen.requests = 0;
    const { description, events } = await run(api, [listTables]);
    assert.equal(description.status, 'FAILED');
    const failed = failure(events);
    assert.equal(failed.error, 'States.TaskFailed');
    assert.match(failed.cause!, /socket hang up|ECONNRESET/);
    assert.equal(dynamo.seen.requests, 2);
  });
});
