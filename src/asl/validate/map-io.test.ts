import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateDefinition } from './index.ts';

const S = 'SCHEMA_VALIDATION_FAILED';
const processor = {
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: 'P',
  States: { P: { Type: 'Pass', End: true } },
};

/** [message, location] of every diagnostic of a distributed Map with `fields`. */
function check(fields: object): string[][] {
  const def = {
    StartAt: 'M',
    States: { M: { Type: 'Map', ItemProcessor: processor, End: true, ...fields } },
  };
  return validateDefinition(def, {}).map((d) => {
    assert.equal(d.code, S);
    return [d.message, d.location ?? 'null'];
  });
}

test('ReaderConfig: InputType, CSVHeaderLocation and CSVDelimiter from their lists; MaxItems 0..100000000', () => {
  const reader = (config: object) => ({
    ItemReader: {
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: config,
      Parameters: { Bucket: 'b', Key: 'k' },
    },
  });
  assert.deepEqual(
    check(reader({ InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['a'], CSVDelimiter: 'TAB' })),
    [],
  );
  assert.deepEqual(check(reader({ InputType: 'XML' })), [
    [
      'Value should be one of the following: [CSV, JSON, JSONL, PARQUET, MANIFEST]',
      '/States/M/ItemReader/ReaderConfig/InputType',
    ],
  ]);
  assert.deepEqual(check(reader({ InputType: 'CSV', CSVDelimiter: 'COLON' })), [
    [
      'Value should be one of the following: [COMMA, PIPE, SEMICOLON, SPACE, TAB]',
      '/States/M/ItemReader/ReaderConfig/CSVDelimiter',
    ],
  ]);
  assert.equal(check(reader({ InputType: 'JSON', MaxItems: 100_000_001 })).length, 1);
});

test('ResultWriter: not empty; WriterConfig values from their lists', () => {
  assert.deepEqual(
    check({ ResultWriter: { WriterConfig: { Transformation: 'FLATTEN', OutputType: 'JSONL' } } }),
    [],
  );
  assert.deepEqual(check({ ResultWriter: {} }), [
    ['These fields are required: [Resource]', '/States/M/ResultWriter'],
  ]);
  assert.deepEqual(check({ ResultWriter: { WriterConfig: { Transformation: 'SQUASH' } } }), [
    [
      'Value should be one of the following: [NONE, COMPACT, FLATTEN]',
      '/States/M/ResultWriter/WriterConfig/Transformation',
    ],
  ]);
});
