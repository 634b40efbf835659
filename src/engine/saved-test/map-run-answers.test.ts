import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEvent } from '../history/event.ts';
import type { MapRunRecord } from '../map-runs.ts';
import { mapRunAnswers } from './map-run-answers.ts';

const RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:m/Each:run-1';

/** Enter Each → MapStateStarted → MapRunStarted → the run's end (`ended`, with its details). */
function history(ended: [string, Record<string, unknown>?]): HistoryEvent[] {
  const [type, details] = ended;
  return [
    { id: 1, previousEventId: 0, timestamp: 0, type: 'ExecutionStarted' },
    {
      id: 2,
      previousEventId: 1,
      timestamp: 0,
      type: 'MapStateEntered',
      stateEnteredEventDetails: { name: 'Each' },
    },
    { id: 3, previousEventId: 2, timestamp: 0, type: 'MapStateStarted' },
    {
      id: 4,
      previousEventId: 3,
      timestamp: 0,
      type: 'MapRunStarted',
      mapRunStartedEventDetails: { mapRunArn: RUN },
    },
    {
      id: 5,
      previousEventId: 4,
      timestamp: 0,
      type,
      ...(details ? { mapRunFailedEventDetails: details as Record<string, string> } : {}),
    },
  ];
}

const definition = (each: Record<string, unknown>) =>
  JSON.stringify({
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
        ...each,
      },
    },
  });
const READER = { ItemReader: { Resource: 'arn:aws:states:::s3:getObject' } };
const WRITER = { ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket: 'b' } } };
const kept = (itemsRead?: unknown[]) => () => ({ itemsRead }) as MapRunRecord;

describe('mapRunAnswers (what a saved test mocks of its distributed Maps)', () => {
  it('the run id, the items read and a writer that wrote, by Map state', () => {
    const answers = mapRunAnswers(
      history(['MapRunSucceeded']),
      definition({ ...READER, ...WRITER }),
      kept([{ a: '1' }, { a: '2' }]),
    );
    assert.deepEqual(answers, {
      Each: [{ MapRunId: 'run-1', ItemReader: { Items: [{ a: '1' }, { a: '2' }] }, ResultWriter: {} }],
    });
  });

  it("a reader's or a writer's failure is thrown after what it did", () => {
    const read = mapRunAnswers(
      history(['MapRunFailed', { error: 'States.ItemReaderFailed', cause: 'bad CSV' }]),
      definition(READER),
      kept([{ a: '1' }]),
    );
    assert.deepEqual(read['Each'], [
      {
        MapRunId: 'run-1',
        ItemReader: { Items: [{ a: '1' }], Throw: { Error: 'States.ItemReaderFailed', Cause: 'bad CSV' } },
      },
    ]);
    const write = mapRunAnswers(
      history(['MapRunFailed', { error: 'States.ResultWriterFailed', cause: 'no bucket' }]),
      definition(WRITER),
      kept(),
    );
    assert.deepEqual(write['Each'], [
      {
        MapRunId: 'run-1',
        ResultWriter: { Throw: { Error: 'States.ResultWriterFailed', Cause: 'no bucket' } },
      },
    ]);
  });

  it('refuses a reader whose items the run did not keep (too many)', () => {
    assert.throws(
      () => mapRunAnswers(history(['MapRunSucceeded']), definition(READER), kept()),
      /the items Map state 'Each' read are not kept \(a Map Run keeps them when it reads at most 1000\)/,
    );
  });
});
