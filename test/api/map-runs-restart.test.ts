// Map Runs live in the store: DescribeMapRun and ListMapRuns answer after a restart as before it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { SFNClient } from '@aws-sdk/client-sfn';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListMapRunsCommand,
  StartExecutionCommand,
  UpdateMapRunCommand,
} from '@aws-sdk/client-sfn';
import { DEFAULTS } from '../../src/config/index.ts';
import { startServer } from '../../src/server/index.ts';
import { ROLE } from './harness.ts';
import { sdkClient } from '../support/sdk-client.ts';

describe('Map Runs after a restart (SQLite store)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-map-runs-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  async function withClient(fn: (client: SFNClient) => Promise<void>): Promise<void> {
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
      await fn(client);
    } finally {
      client.destroy();
      await server.close();
    }
  }

  test('DescribeMapRun and ListMapRuns of a finished run; UpdateMapRun still refused', async () => {
    let executionArn = '';
    let before: Record<string, unknown> = {};
    await withClient(async (client) => {
      const { stateMachineArn } = await client.send(
        new CreateStateMachineCommand({
          name: 'kept-runs',
          roleArn: ROLE,
          definition: JSON.stringify({
            StartAt: 'M',
            States: {
              M: {
                Type: 'Map',
                Label: 'Fan',
                MaxConcurrency: 2,
                ToleratedFailureCount: 1,
                ItemProcessor: {
                  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
                  StartAt: 'C',
                  States: {
                    C: {
                      Type: 'Choice',
                      Choices: [{ Variable: '$', NumericEquals: 2, Next: 'Bad' }],
                      Default: 'Ok',
                    },
                    Bad: { Type: 'Fail', Error: 'Two' },
                    Ok: { Type: 'Succeed' },
                  },
                },
                End: true,
              },
            },
          }),
        }),
      );
      ({ executionArn = '' } = await client.send(
        new StartExecutionCommand({ stateMachineArn, input: '[1,2,3]' }),
      ));
      for (let i = 0; i < 200; i++) {
        const d = await client.send(new DescribeExecutionCommand({ executionArn }));
        if (d.status !== 'RUNNING') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const { mapRuns } = await client.send(new ListMapRunsCommand({ executionArn }));
      assert.equal(mapRuns?.length, 1);
      const { $metadata: _, ...described } = await client.send(
        new DescribeMapRunCommand({ mapRunArn: mapRuns[0]!.mapRunArn }),
      );
      before = described;
      assert.equal(described.status, 'SUCCEEDED');
      assert.equal(described.itemCounts?.failed, 1);
    });
    await withClient(async (client) => {
      const { mapRuns } = await client.send(new ListMapRunsCommand({ executionArn }));
      assert.equal(mapRuns?.length, 1);
      assert.match(mapRuns[0]!.mapRunArn!, /:mapRun:kept-runs\/Fan:/);
      const { $metadata: _, ...described } = await client.send(
        new DescribeMapRunCommand({ mapRunArn: mapRuns[0]!.mapRunArn }),
      );
      assert.deepEqual(described, before);
      await assert.rejects(
        client.send(new UpdateMapRunCommand({ mapRunArn: mapRuns[0]!.mapRunArn, maxConcurrency: 5 })),
        (e: Error) => e.name === 'ValidationException',
      );
    });
  });
});
