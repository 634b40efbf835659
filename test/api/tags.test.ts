import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  InvalidArn,
  ListTagsForResourceCommand,
  ResourceNotFound,
  TagResourceCommand,
  TooManyTags,
  UntagResourceCommand,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { type Api, PASS_CHAIN, ROLE, rejection, startApi } from './harness.ts';

describe('tags through @aws-sdk/client-sfn', () => {
  let api: Api;
  before(async () => {
    api = await startApi();
  });
  after(async () => {
    await api.close();
  });

  test('tags from CreateStateMachine, then tag, overwrite and untag', async () => {
    const { stateMachineArn: arn } = await api.client.send(
      new CreateStateMachineCommand({
        name: 'tagged',
        definition: PASS_CHAIN,
        roleArn: ROLE,
        tags: [{ key: 'team', value: 'payments' }],
      }),
    );
    const list = async (): Promise<unknown> =>
      (await api.client.send(new ListTagsForResourceCommand({ resourceArn: arn! }))).tags;
    assert.deepEqual(await list(), [{ key: 'team', value: 'payments' }]);
    await api.client.send(
      new TagResourceCommand({
        resourceArn: arn!,
        tags: [
          { key: 'team', value: 'billing' },
          { key: 'env', value: '' },
        ],
      }),
    );
    assert.deepEqual(await list(), [
      { key: 'team', value: 'billing' },
      { key: 'env', value: '' },
    ]);
    await api.client.send(new UntagResourceCommand({ resourceArn: arn!, tagKeys: ['team', 'absent'] }));
    assert.deepEqual(await list(), [{ key: 'env', value: '' }]);

    const tooMany = await rejection(
      api.client.send(
        new TagResourceCommand({
          resourceArn: arn!,
          tags: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' })),
        }),
      ),
    );
    assert.ok(tooMany instanceof TooManyTags);
    assert.equal(tooMany.resourceName, arn);
    assert.deepEqual(await list(), [{ key: 'env', value: '' }], 'a refused request changes nothing');

    // A machine created again under the same name does not inherit the old tags.
    await api.client.send(new DeleteStateMachineCommand({ stateMachineArn: arn! }));
    const gone = await rejection(api.client.send(new ListTagsForResourceCommand({ resourceArn: arn! })));
    assert.ok(gone instanceof ResourceNotFound);
    assert.equal(gone.resourceName, arn);
    await api.client.send(
      new CreateStateMachineCommand({ name: 'tagged', definition: PASS_CHAIN, roleArn: ROLE }),
    );
    assert.deepEqual(await list(), []);
  });

  test('activities carry tags too', async () => {
    const { activityArn } = await api.client.send(
      new CreateActivityCommand({ name: 'worker', tags: [{ key: 'queue', value: 'high' }] }),
    );
    await api.client.send(
      new TagResourceCommand({ resourceArn: activityArn!, tags: [{ key: 'owner', value: 'ops' }] }),
    );
    const { tags } = await api.client.send(new ListTagsForResourceCommand({ resourceArn: activityArn! }));
    assert.deepEqual(tags, [
      { key: 'queue', value: 'high' },
      { key: 'owner', value: 'ops' },
    ]);
    const none = await rejection(
      api.client.send(new ListTagsForResourceCommand({ resourceArn: `${activityArn!}-none` })),
    );
    assert.ok(none instanceof ResourceNotFound);
  });

  test('bad resource ARNs and tag shapes', async () => {
    for (const resourceArn of [
      'nope',
      'arn:aws:states:us-east-1:123456789012:execution:m:e',
      'arn:aws:states:us-east-1:123456789012:stateMachine:m:1',
    ]) {
      const error = await rejection(api.client.send(new ListTagsForResourceCommand({ resourceArn })));
      assert.ok(error instanceof InvalidArn, resourceArn);
    }
    const longKey = await rejection(
      api.client.send(
        new TagResourceCommand({
          resourceArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:tagged',
          tags: [{ key: 'k'.repeat(129), value: 'v' }],
        }),
      ),
    );
    assert.ok(longKey instanceof ValidationException);
    assert.match(longKey.message, /tags\.1\.member\.key/);
  });
});
