import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json } from '../../asl/index.ts';
import type { ItemPart } from '../map-data.ts';
import type { mockedRead } from './map-run-mocks.ts';
import { MapRunMocks, mockedUpload } from './map-run-mocks.ts';
import { Mocks } from './mocks.ts';
import { MockConfig } from './mock-config.ts';

const CONFIG = {
  StateMachines: { m: { TestCases: { t: {} } } },
  MockedResponses: {},
};
const MAP_RUNS: Json = {
  t: {
    Each: [
      { MapRunId: 'first', ItemReader: { Items: [1, 2] }, ResultWriter: {} },
      {
        MapRunId: 'second',
        ItemReader: { Items: [3], Throw: { Error: 'States.ItemReaderFailed', Cause: 'cut' } },
        ResultWriter: { Throw: { Error: 'States.ResultWriterFailed', Cause: 'denied' } },
      },
    ],
  },
};

async function parts(result: ReturnType<typeof mockedRead>): Promise<ItemPart[]> {
  assert.ok(result.ok);
  const out: ItemPart[] = [];
  for await (const part of result.items) out.push(part);
  return out;
}

describe('map-run mocks (a saved test’s distributed Maps)', () => {
  it('answers each Map Run of a state in turn: its id, its items, its writer', async () => {
    const mocks = new Mocks(new MockConfig(CONFIG), new MapRunMocks(MAP_RUNS));
    const origin = { executionArn: 'arn:x', stateName: 'Each' };
    assert.equal(mocks.mapRunId(origin), undefined, 'not selected: not mocked');
    assert.equal(mocks.select('arn:x', 'm', 't'), undefined);
    const signal = new AbortController().signal;
    const read = { resource: 'r', parameters: null, readerConfig: {}, maxItems: undefined, signal, origin };
    const target = { resource: 'w', bucket: 'b', signal, origin };

    assert.equal(mocks.mapRunId(origin), 'first');
    assert.deepEqual(await parts(mocks.readItems(read)!), [{ items: [1, 2] }]);
    const upload = mocks.uploadResults(target);
    assert.ok(upload?.ok);
    upload.upload.append('SUCCEEDED_0.json', new Uint8Array(3));
    assert.deepEqual(await upload.upload.finish({ key: 'k', body: '{}' }), { ok: true });

    assert.equal(mocks.mapRunId(origin), 'second');
    assert.deepEqual(await parts(mocks.readItems(read)!), [
      { items: [3] },
      { error: 'States.ItemReaderFailed', cause: 'cut' },
    ]);
    const failing = mocks.uploadResults(target);
    assert.ok(failing?.ok);
    assert.deepEqual(await failing.upload.finish({ key: 'k', body: '{}' }), {
      ok: false,
      error: 'States.ResultWriterFailed',
      cause: 'denied',
    });
    // Past the runs mocked, the Map reaches S3 as usual.
    assert.equal(mocks.mapRunId(origin), undefined);
    assert.equal(mocks.readItems(read), undefined);
  });

  it('names what is malformed', () => {
    const bad = (config: Json, why: RegExp) => assert.throws(() => new MapRunMocks(config), why);
    bad([], /mapRunMocks must be a JSON object/);
    bad({ t: { Each: {} } }, /mapRunMocks\.t\.Each must be a list of Map Runs/);
    bad({ t: { Each: [{ ItemReader: {} }] } }, /mapRunMocks\.t\.Each\[0\]\.ItemReader needs Items/);
    assert.deepEqual(mockedUpload({}).ok, true);
  });
});
