import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { SFNClient } from '@aws-sdk/client-sfn';
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  PublishStateMachineVersionCommand,
  StartExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { DEFAULTS } from '../../src/config/index.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { ROLE } from './harness.ts';
import { sdkClient } from '../support/sdk-client.ts';

const passing = (value: string): string =>
  JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: value, End: true } } });

/** Versions, aliases and tags live in the store beside their machine and survive a restart. */
describe('the catalog after a restart (SQLite store)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-catalog-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  async function withServer(fn: (client: SFNClient, server: RunningServer) => Promise<void>): Promise<void> {
    const server = await startServer({
      ...DEFAULTS,
      host: '127.0.0.1',
      port: 0,
      examples: false,
      store: 'sqlite',
      dataDir,
    });
    const client = sdkClient(server.url);
    try {
      await fn(client, server);
    } finally {
      client.destroy();
      await server.close();
    }
  }

  test('versions, aliases, tags and executions started through an alias', async () => {
    let arn = '';
    let executionArn = '';
    await withServer(async (client, server) => {
      const created = await client.send(
        new CreateStateMachineCommand({
          name: 'kept',
          definition: passing('v1'),
          roleArn: ROLE,
          publish: true,
          tags: [{ key: 'team', value: 'a' }],
        }),
      );
      arn = created.stateMachineArn!;
      await client.send(
        new UpdateStateMachineCommand({ stateMachineArn: arn, definition: passing('v2'), publish: true }),
      );
      await client.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:2` }));
      await client.send(
        new CreateStateMachineAliasCommand({
          name: 'live',
          routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }],
        }),
      );
      await client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'env', value: 'prod' }] }));
      await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
      const run = await client.send(new StartExecutionCommand({ stateMachineArn: `${arn}:live` }));
      executionArn = run.executionArn!;
      await server.engine.waitForExecution(executionArn);
    });
    await withServer(async (client) => {
      const versions = await client.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }));
      assert.deepEqual(
        versions.stateMachineVersions?.map((v) => v.stateMachineVersionArn),
        [`${arn}:1`],
      );
      const v1 = await client.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:1` }));
      assert.equal(v1.definition, passing('v1'));
      const alias = await client.send(
        new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:live` }),
      );
      assert.deepEqual(alias.routingConfiguration, [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }]);
      const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: arn }));
      assert.deepEqual(tags.tags, [{ key: 'env', value: 'prod' }]);
      const described = await client.send(new DescribeExecutionCommand({ executionArn }));
      assert.equal(described.output, '"v1"');
      assert.equal(described.stateMachineAliasArn, `${arn}:live`);
      // The counter survived: version 2 is never handed out again.
      await client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: passing('v3') }));
      const next = await client.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn }));
      assert.equal(next.stateMachineVersionArn, `${arn}:3`);
      const viaAlias = await client.send(new StartExecutionCommand({ stateMachineArn: `${arn}:live` }));
      assert.ok(viaAlias.executionArn);
    });
  });
});
