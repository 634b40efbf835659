import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withImplicitParameters } from './implicit-parameters.ts';
import { classifyTaskResource } from './task-resource.ts';

const added = (resource: string, parameters: Parameters<typeof withImplicitParameters>[1]) =>
  withImplicitParameters(classifyTaskResource(resource), parameters);

test('ECS runTask.sync is started by AWS Step Functions; request-response and callbacks are not', () => {
  assert.deepEqual(added('arn:aws:states:::ecs:runTask.sync', { Cluster: 'c', StartedBy: 'me' }), {
    Cluster: 'c',
    StartedBy: 'AWS Step Functions',
  });
  for (const resource of ['arn:aws:states:::ecs:runTask', 'arn:aws:states:::ecs:runTask.waitForTaskToken']) {
    assert.deepEqual(added(resource, { Cluster: 'c' }), { Cluster: 'c' }, resource);
  }
});

test("Batch submitJob.sync appends MANAGED_BY_AWS to the container's environment, keeping what is there", () => {
  assert.deepEqual(
    added('arn:aws:states:::batch:submitJob.sync', {
      JobName: 'j',
      ContainerOverrides: { Command: ['run'], Environment: [{ Name: 'A', Value: '1' }] },
    }),
    {
      JobName: 'j',
      ContainerOverrides: {
        Command: ['run'],
        Environment: [
          { Name: 'A', Value: '1' },
          { Name: 'MANAGED_BY_AWS', Value: 'STARTED_BY_STEP_FUNCTIONS' },
        ],
      },
    },
  );
  assert.deepEqual(added('arn:aws:states:::batch:submitJob', { JobName: 'j' }), { JobName: 'j' });
  assert.equal(added('arn:aws:states:::batch:submitJob.sync', 'not an object'), 'not an object');
});
