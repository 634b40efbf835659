// A Map over a JSON object, end to end through @aws-sdk/client-sfn: AWS runs one iteration per
// key-value pair ("ItemsPath (Map, JSONPath only)"), each given {"Key", "Value"}, with
// $$.Map.Item.Key beside Index and Value in ItemSelector (see src/asl/states/map-items.ts).
import assert from 'node:assert/strict';
import { DescribeMapRunCommand } from '@aws-sdk/client-sfn';
import { after, before, describe, it } from 'node:test';
import type { Api } from '../api/harness.ts';
import { startApi } from '../api/harness.ts';
import { runMap } from './s3-support.ts';

let api: Api;
before(async () => {
  api = await startApi();
});
after(() => api.close());

const servers = { web: { port: 80 }, db: { port: 5432 }, cache: { port: 6379 } };
const processor = (mode: 'INLINE' | 'DISTRIBUTED') => ({
  ProcessorConfig: mode === 'INLINE' ? { Mode: 'INLINE' } : { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
  StartAt: 'Pass',
  States: { Pass: { Type: 'Pass', End: true } },
});

describe('Map over a JSON object', () => {
  for (const mode of ['INLINE', 'DISTRIBUTED'] as const) {
    it(`${mode}, JSONPath: ItemsPath selects an object; each iteration gets {Key, Value}`, async () => {
      const r = await runMap(
        api,
        { Type: 'Map', ItemsPath: '$.servers', ItemProcessor: processor(mode) },
        { servers },
      );
      assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
      assert.deepEqual(r.output, [
        { Key: 'web', Value: { port: 80 } },
        { Key: 'db', Value: { port: 5432 } },
        { Key: 'cache', Value: { port: 6379 } },
      ]);
    });

    it(`${mode}, JSONPath: ItemSelector sees $$.Map.Item.Key, .Value and .Index`, async () => {
      const r = await runMap(
        api,
        {
          Type: 'Map',
          ItemsPath: '$.servers',
          ItemSelector: {
            'name.$': '$$.Map.Item.Key',
            'port.$': '$$.Map.Item.Value.port',
            'i.$': '$$.Map.Item.Index',
          },
          ItemProcessor: processor(mode),
        },
        { servers },
      );
      assert.deepEqual(r.output, [
        { name: 'web', port: 80, i: 0 },
        { name: 'db', port: 5432, i: 1 },
        { name: 'cache', port: 6379, i: 2 },
      ]);
    });

    it(`${mode}, JSONata: Items evaluates to an object`, async () => {
      const r = await runMap(
        api,
        {
          Type: 'Map',
          Items: '{% $states.input.servers %}',
          ItemSelector: {
            name: '{% $states.context.Map.Item.Key %}',
            port: '{% $states.context.Map.Item.Value.port %}',
          },
          ItemProcessor: processor(mode),
        },
        { servers },
        { QueryLanguage: 'JSONata' },
      );
      assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
      assert.deepEqual(r.output, [
        { name: 'web', port: 80 },
        { name: 'db', port: 5432 },
        { name: 'cache', port: 6379 },
      ]);
    });
  }

  it('a DISTRIBUTED Map Run counts one item per key-value pair', async () => {
    const r = await runMap(
      api,
      { Type: 'Map', ItemsPath: '$.servers', ItemProcessor: processor('DISTRIBUTED') },
      { servers },
    );
    const started = r.events.find((e) => e.type === 'MapRunStarted');
    const mapRunArn = started?.mapRunStartedEventDetails?.mapRunArn;
    assert.ok(mapRunArn);
    const run = await api.client.send(new DescribeMapRunCommand({ mapRunArn }));
    assert.equal(run.itemCounts?.total, 3);
    assert.equal(run.itemCounts?.succeeded, 3);
  });

  it('still fails on a string, with the recorded cause', async () => {
    const r = await runMap(
      api,
      { Type: 'Map', ItemsPath: '$.s', ItemProcessor: processor('INLINE') },
      { s: 'x' },
    );
    assert.equal(r.description.status, 'FAILED');
    assert.equal(r.description.error, 'States.Runtime');
    assert.match(r.description.cause ?? '', /Map state input must be an array but was: "x"$/);
  });
});
