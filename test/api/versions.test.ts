import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ConflictException,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ExecutionDoesNotExist,
  InvalidArn,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  MissingRequiredParameter,
  PublishStateMachineVersionCommand,
  ResourceNotFound,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { systemEntropy } from '../../src/server/index.ts';
import { type Api, ROLE, rejection, startApi } from './harness.ts';

const passing = (value: string): string =>
  JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: value, End: true } } });

describe('versions, aliases and UpdateStateMachine through @aws-sdk/client-sfn', () => {
  let api: Api;
  before(async () => {
    api = await startApi();
  });
  after(async () => {
    await api.close();
  });

  async function create(name: string, publish = false): Promise<{ arn: string; versionArn?: string }> {
    const out = await api.client.send(
      new CreateStateMachineCommand({ name, definition: passing('v1'), roleArn: ROLE, publish }),
    );
    return {
      arn: out.stateMachineArn!,
      ...(out.stateMachineVersionArn ? { versionArn: out.stateMachineVersionArn } : {}),
    };
  }

  async function outputOf(executionArn: string): Promise<string | undefined> {
    await api.engine.waitForExecution(executionArn);
    const d = await api.client.send(new DescribeExecutionCommand({ executionArn }));
    return d.output;
  }

  test('update makes a new revision; running a version keeps its definition', async () => {
    const { arn, versionArn } = await create('rev', true);
    assert.equal(versionArn, `${arn}:1`);
    const initial = await api.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    assert.equal(initial.revisionId, undefined);

    const updated = await api.client.send(
      new UpdateStateMachineCommand({
        stateMachineArn: arn,
        definition: passing('v2'),
        publish: true,
        versionDescription: 'second',
      }),
    );
    assert.match(updated.revisionId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(updated.stateMachineVersionArn, `${arn}:2`);
    assert.ok(updated.updateDate instanceof Date);

    const v2 = await api.client.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:2` }));
    assert.equal(v2.stateMachineArn, `${arn}:2`);
    assert.equal(v2.description, 'second');
    assert.equal(v2.revisionId, updated.revisionId);
    assert.equal(v2.definition, passing('v2'));
    const v1 = await api.client.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:1` }));
    assert.equal(v1.definition, passing('v1'));

    const onV1 = await api.client.send(new StartExecutionCommand({ stateMachineArn: `${arn}:1` }));
    assert.equal(await outputOf(onV1.executionArn!), '"v1"');
    const latest = await api.client.send(new StartExecutionCommand({ stateMachineArn: arn }));
    assert.equal(await outputOf(latest.executionArn!), '"v2"');

    const described = await api.client.send(
      new DescribeExecutionCommand({ executionArn: onV1.executionArn! }),
    );
    assert.equal(described.stateMachineArn, arn);
    assert.equal(described.stateMachineVersionArn, `${arn}:1`);

    const forExecution = await api.client.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: onV1.executionArn! }),
    );
    assert.equal(forExecution.definition, passing('v1'));
    assert.equal(forExecution.name, 'rev');
    assert.ok(forExecution.updateDate instanceof Date);

    // Listing by version ARN lists what ran on it.
    const byVersion = await api.client.send(new ListExecutionsCommand({ stateMachineArn: `${arn}:1` }));
    assert.deepEqual(
      byVersion.executions?.map((e) => e.executionArn),
      [onV1.executionArn],
    );
    assert.equal(byVersion.executions?.[0]?.stateMachineVersionArn, `${arn}:1`);
  });

  test('update needs something to change and refuses a version ARN', async () => {
    const { arn } = await create('upd');
    const none = await rejection(api.client.send(new UpdateStateMachineCommand({ stateMachineArn: arn })));
    assert.ok(none instanceof MissingRequiredParameter);
    const labeled = await rejection(
      api.client.send(new UpdateStateMachineCommand({ stateMachineArn: `${arn}:1`, roleArn: ROLE })),
    );
    assert.ok(labeled instanceof ValidationException);
    const description = await rejection(
      api.client.send(
        new UpdateStateMachineCommand({ stateMachineArn: arn, roleArn: ROLE, versionDescription: 'x' }),
      ),
    );
    assert.ok(description instanceof ValidationException);
    const missing = await rejection(
      api.client.send(new UpdateStateMachineCommand({ stateMachineArn: `${arn}-none`, roleArn: ROLE })),
    );
    assert.ok(missing instanceof StateMachineDoesNotExist);
    // Nothing changed: no new revision.
    const same = await api.client.send(
      new UpdateStateMachineCommand({ stateMachineArn: arn, roleArn: ROLE }),
    );
    assert.equal(same.revisionId, undefined);
  });

  test('publish is idempotent per revision and checks revisionId', async () => {
    const { arn } = await create('pub');
    const first = await api.client.send(
      new PublishStateMachineVersionCommand({ stateMachineArn: arn, revisionId: 'INITIAL' }),
    );
    assert.equal(first.stateMachineVersionArn, `${arn}:1`);
    const again = await api.client.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn }));
    assert.equal(again.stateMachineVersionArn, `${arn}:1`);
    const conflict = await rejection(
      api.client.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, revisionId: 'stale' })),
    );
    assert.ok(conflict instanceof ConflictException);
    assert.equal(conflict.$metadata?.httpStatusCode, 409);
    for (let i = 2; i <= 4; i++) {
      await api.client.send(
        new UpdateStateMachineCommand({ stateMachineArn: arn, definition: passing(`v${i}`) }),
      );
      await api.client.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn }));
    }
    const pages: (string | undefined)[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await api.client.send(
        new ListStateMachineVersionsCommand({ stateMachineArn: arn, maxResults: 3, nextToken }),
      );
      pages.push(page.stateMachineVersions?.map((v) => v.stateMachineVersionArn) ?? []);
      nextToken = page.nextToken;
    } while (nextToken);
    assert.deepEqual(pages, [[`${arn}:4`, `${arn}:3`, `${arn}:2`], [`${arn}:1`]]);
    await api.client.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:4` }));
    // Numbers are never reused.
    await api.client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: passing('v5') }));
    const next = await api.client.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn }));
    assert.equal(next.stateMachineVersionArn, `${arn}:5`);
    const gone = await rejection(
      api.client.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:4` })),
    );
    assert.ok(gone instanceof StateMachineDoesNotExist);
    // Deleting again is fine; an unqualified ARN is not a version ARN.
    await api.client.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:4` }));
    const bad = await rejection(
      api.client.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: arn })),
    );
    assert.ok(bad instanceof InvalidArn);
  });

  test('aliases route by weight and protect their versions', async () => {
    const { arn } = await create('routed', true);
    await api.client.send(
      new UpdateStateMachineCommand({ stateMachineArn: arn, definition: passing('v2'), publish: true }),
    );
    const alias = await api.client.send(
      new CreateStateMachineAliasCommand({
        name: 'prod',
        description: 'production',
        routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }],
      }),
    );
    assert.equal(alias.stateMachineAliasArn, `${arn}:prod`);
    // Same request again is idempotent; a different one conflicts.
    await api.client.send(
      new CreateStateMachineAliasCommand({
        name: 'prod',
        description: 'production',
        routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }],
      }),
    );
    const conflict = await rejection(
      api.client.send(
        new CreateStateMachineAliasCommand({
          name: 'prod',
          routingConfiguration: [{ stateMachineVersionArn: `${arn}:2`, weight: 100 }],
        }),
      ),
    );
    assert.ok(conflict instanceof ConflictException);

    const viaAlias = await api.client.send(new StartExecutionCommand({ stateMachineArn: `${arn}:prod` }));
    assert.equal(await outputOf(viaAlias.executionArn!), '"v1"');
    const d = await api.client.send(new DescribeExecutionCommand({ executionArn: viaAlias.executionArn! }));
    assert.equal(d.stateMachineAliasArn, `${arn}:prod`);
    assert.equal(d.stateMachineVersionArn, `${arn}:1`);

    const protectedVersion = await rejection(
      api.client.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:1` })),
    );
    assert.ok(protectedVersion instanceof ConflictException);
    assert.match(protectedVersion.message, /\[prod\]/);

    await api.client.send(
      new UpdateStateMachineAliasCommand({
        stateMachineAliasArn: `${arn}:prod`,
        routingConfiguration: [
          { stateMachineVersionArn: `${arn}:1`, weight: 0 },
          { stateMachineVersionArn: `${arn}:2`, weight: 100 },
        ],
      }),
    );
    const described = await api.client.send(
      new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:prod` }),
    );
    assert.equal(described.name, 'prod');
    assert.equal(described.description, 'production');
    assert.deepEqual(described.routingConfiguration, [
      { stateMachineVersionArn: `${arn}:1`, weight: 0 },
      { stateMachineVersionArn: `${arn}:2`, weight: 100 },
    ]);
    const routed = await api.client.send(new StartExecutionCommand({ stateMachineArn: `${arn}:prod` }));
    assert.equal(await outputOf(routed.executionArn!), '"v2"');

    const listed = await api.client.send(new ListStateMachineAliasesCommand({ stateMachineArn: arn }));
    assert.deepEqual(
      listed.stateMachineAliases?.map((a) => a.stateMachineAliasArn),
      [`${arn}:prod`],
    );

    for (const routingConfiguration of [
      [{ stateMachineVersionArn: `${arn}:1`, weight: 50 }],
      [
        { stateMachineVersionArn: `${arn}:1`, weight: 50 },
        { stateMachineVersionArn: `${arn}:1`, weight: 50 },
      ],
      [],
    ]) {
      const bad = await rejection(
        api.client.send(new CreateStateMachineAliasCommand({ name: 'bad', routingConfiguration })),
      );
      assert.ok(bad instanceof ValidationException, JSON.stringify(routingConfiguration));
    }
    const digits = await rejection(
      api.client.send(
        new CreateStateMachineAliasCommand({
          name: '123',
          routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }],
        }),
      ),
    );
    assert.ok(digits instanceof ValidationException);
    const noVersion = await rejection(
      api.client.send(
        new CreateStateMachineAliasCommand({
          name: 'x',
          routingConfiguration: [{ stateMachineVersionArn: `${arn}:9`, weight: 100 }],
        }),
      ),
    );
    assert.ok(noVersion instanceof ResourceNotFound);

    await api.client.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:prod` }));
    const goneAlias = await rejection(
      api.client.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:prod` })),
    );
    assert.ok(goneAlias instanceof ResourceNotFound);
    await api.client.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:1` }));
  });

  test('deleting a machine takes its versions and aliases; its executions stay describable', async () => {
    const { arn } = await create('doomed', true);
    await api.client.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }],
      }),
    );
    const run = await api.client.send(new StartExecutionCommand({ stateMachineArn: `${arn}:live` }));
    await api.engine.waitForExecution(run.executionArn!);
    await api.client.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    const versions = await api.client.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }));
    assert.deepEqual(versions.stateMachineVersions, []);
    const alias = await rejection(
      api.client.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:live` })),
    );
    assert.ok(alias instanceof ResourceNotFound);
    const forExecution = await api.client.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: run.executionArn! }),
    );
    assert.equal(forExecution.definition, passing('v1'));
    const missing = await rejection(
      api.client.send(new DescribeStateMachineForExecutionCommand({ executionArn: `${run.executionArn!}x` })),
    );
    assert.ok(missing instanceof ExecutionDoesNotExist);
  });
});

describe('alias routing', () => {
  // Draws alternate 0.3, 0.7, ...: one draw per start routes a 50/50 alias to version 1, then 2.
  let draws = 0;
  const entropy = {
    uuid: () => systemEntropy.uuid(),
    random: (): number => (draws++ % 2 === 0 ? 0.3 : 0.7),
  };
  let api: Api;
  before(async () => {
    api = await startApi({}, entropy);
  });
  after(async () => {
    await api.close();
  });

  test('a start through a weighted alias draws its random number once and runs the version it drew', async () => {
    const created = await api.client.send(
      new CreateStateMachineCommand({
        name: 'weighted',
        definition: passing('v1'),
        roleArn: ROLE,
        publish: true,
      }),
    );
    const arn = created.stateMachineArn!;
    await api.client.send(
      new UpdateStateMachineCommand({ stateMachineArn: arn, definition: passing('v2'), publish: true }),
    );
    await api.client.send(
      new CreateStateMachineAliasCommand({
        name: 'split',
        routingConfiguration: [
          { stateMachineVersionArn: `${arn}:1`, weight: 50 },
          { stateMachineVersionArn: `${arn}:2`, weight: 50 },
        ],
      }),
    );
    for (const expected of [`${arn}:1`, `${arn}:2`]) {
      const before = draws;
      const run = await api.client.send(new StartExecutionCommand({ stateMachineArn: `${arn}:split` }));
      assert.equal(draws - before, 1, 'one draw per start');
      const d = await api.client.send(new DescribeExecutionCommand({ executionArn: run.executionArn! }));
      assert.equal(d.stateMachineVersionArn, expected);
    }
  });
});
