import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DescribeJobsCommand, SubmitJobCommand } from '@aws-sdk/client-batch';
import { fromModel, operationSchema, toModel } from './model-json.ts';

test('PascalCase parameters become the model’s member names; map keys and list items keep theirs', () => {
  const schema = operationSchema(new SubmitJobCommand({ jobName: '', jobQueue: '', jobDefinition: '' }));
  assert.ok(schema);
  const input = toModel(
    {
      JobName: 'nightly',
      jobQueue: 'already-camel',
      Parameters: { InputKey: 'in/1' },
      Tags: { Team: 'data' },
      ContainerOverrides: { Environment: [{ Name: 'A', Value: 'b' }], Command: ['Run', 'It'] },
      Unknown: { Kept: 1 },
    },
    schema.input,
  );
  assert.deepEqual(input, {
    jobName: 'nightly',
    jobQueue: 'already-camel',
    parameters: { InputKey: 'in/1' },
    tags: { Team: 'data' },
    containerOverrides: { environment: [{ name: 'A', value: 'b' }], command: ['Run', 'It'] },
    Unknown: { Kept: 1 },
  });
});

test('results come back in PascalCase, timestamps as epoch milliseconds, without $metadata', () => {
  const schema = operationSchema(new DescribeJobsCommand({ jobs: [] }));
  assert.ok(schema);
  const output = fromModel(
    {
      $metadata: { httpStatusCode: 200 },
      jobs: [
        {
          jobId: 'j-1',
          createdAt: 1_700_000_000_000,
          parameters: { lowerKey: 'v' },
          container: { environment: [{ name: 'A', value: 'b' }], exitCode: 0 },
          tags: { team: 'x' },
          missing: undefined,
        },
      ],
    },
    schema.output,
  );
  assert.deepEqual(output, {
    Jobs: [
      {
        JobId: 'j-1',
        CreatedAt: 1_700_000_000_000,
        Parameters: { lowerKey: 'v' },
        Container: { Environment: [{ Name: 'A', Value: 'b' }], ExitCode: 0 },
        Tags: { team: 'x' },
      },
    ],
  });
  assert.equal(fromModel(new Date(5), undefined), 5);
  assert.equal(fromModel(new Uint8Array([104, 105]), undefined), 'aGk=');
});
