// Steps on what executions run on: state machines, revisions, versions, aliases, activities, tags.
import assert from 'node:assert/strict';
import type { ApiModel, Kind, MachineModel } from './model.ts';
import { definition, EXPRESS_KINDS, ok, refused, ROLE } from './model.ts';
import type { Step } from './step.ts';
import { step } from './step.ts';

export function machineOf(m: Readonly<ApiModel>, slot: number): MachineModel | undefined {
  return m.machines.get(`${m.prefix}-m${slot}`);
}

/** Same name, definition and type is an idempotent create; anything else already exists. */
export function createMachine(slot: number, kind: Kind, type: 'STANDARD' | 'EXPRESS'): Step {
  const label = `CreateStateMachine(m${slot}, ${kind}, ${type})`;
  return step(label, async (m, api) => {
    const name = `${m.prefix}-m${slot}`;
    const answer = await api.call('CreateStateMachine', {
      name,
      roleArn: ROLE,
      type,
      definition: definition(kind, m.activityArn),
    });
    const existing = m.machines.get(name);
    if (existing && (existing.type !== type || existing.revisions.at(-1) !== kind)) {
      return refused(answer, 'StateMachineAlreadyExists', label);
    }
    assert.equal(ok(answer, label).stateMachineArn, m.machineArn(slot));
    if (existing) return;
    m.machines.set(name, {
      name,
      arn: m.machineArn(slot),
      type,
      revisions: [kind],
      versions: new Map(),
      lastVersion: 0,
      aliases: new Map(),
      tags: new Map(),
    });
  });
}

/** Publishes the current revision unless a version of it exists (AWS: idempotent). */
function publish(machine: MachineModel): number {
  const current = machine.revisions.length - 1;
  for (const [v, revision] of machine.versions) if (revision === current) return v;
  machine.lastVersion++;
  machine.versions.set(machine.lastVersion, current);
  return machine.lastVersion;
}

export function updateMachine(slot: number, kind: Kind, publishing: boolean): Step {
  const label = `UpdateStateMachine(m${slot}, ${kind}${publishing ? ', publish' : ''})`;
  return step(
    label,
    async (m, api) => {
      const answer = await api.call('UpdateStateMachine', {
        stateMachineArn: m.machineArn(slot),
        definition: definition(kind, m.activityArn),
        publish: publishing,
      });
      const machine = machineOf(m, slot);
      if (!machine) return refused(answer, 'StateMachineDoesNotExist', label);
      const body = ok(answer, label);
      machine.revisions.push(kind);
      if (publishing) assert.equal(body.stateMachineVersionArn, `${machine.arn}:${publish(machine)}`);
      else assert.equal(body.stateMachineVersionArn, undefined);
    },
    (m) => {
      // Always a new definition: whether an identical one makes a new revision is not the point.
      const machine = machineOf(m, slot);
      if (!machine) return true;
      return (
        machine.revisions.at(-1) !== kind && (machine.type === 'STANDARD' || EXPRESS_KINDS.includes(kind))
      );
    },
  );
}

export function deleteMachine(slot: number): Step {
  const label = `DeleteStateMachine(m${slot})`;
  return step(label, async (m, api) => {
    ok(await api.call('DeleteStateMachine', { stateMachineArn: m.machineArn(slot) }), label);
    // Its versions and aliases go with it; its executions run on.
    m.machines.delete(`${m.prefix}-m${slot}`);
    const described = await api.call('DescribeStateMachine', { stateMachineArn: m.machineArn(slot) });
    refused(described, 'StateMachineDoesNotExist', `DescribeStateMachine after ${label}`);
  });
}

export function publishVersion(slot: number): Step {
  const label = `PublishStateMachineVersion(m${slot})`;
  return step(label, async (m, api) => {
    const answer = await api.call('PublishStateMachineVersion', { stateMachineArn: m.machineArn(slot) });
    const machine = machineOf(m, slot);
    if (!machine) return refused(answer, 'StateMachineDoesNotExist', label);
    assert.equal(ok(answer, label).stateMachineVersionArn, `${machine.arn}:${publish(machine)}`);
    const listed = ok(
      await api.call('ListStateMachineVersions', { stateMachineArn: machine.arn }),
      'ListStateMachineVersions',
    ).stateMachineVersions as { stateMachineVersionArn: string }[];
    // Newest first, as AWS lists them.
    const expected = [...machine.versions.keys()].sort((a, b) => b - a).map((v) => `${machine.arn}:${v}`);
    assert.deepEqual(
      listed.map((v) => v.stateMachineVersionArn),
      expected,
      'ListStateMachineVersions',
    );
  });
}

/** The index-th version of a machine (by number, wrapping), if it has any. */
export function versionAt(machine: MachineModel | undefined, index: number): number | undefined {
  if (!machine || machine.versions.size === 0) return undefined;
  const numbers = [...machine.versions.keys()].sort((a, b) => a - b);
  return numbers[index % numbers.length];
}

export function deleteVersion(slot: number, index: number): Step {
  const label = `DeleteStateMachineVersion(m${slot}, #${index})`;
  return step(
    label,
    async (m, api) => {
      const machine = machineOf(m, slot)!;
      const version = versionAt(machine, index)!;
      const answer = await api.call('DeleteStateMachineVersion', {
        stateMachineVersionArn: `${machine.arn}:${version}`,
      });
      // AWS: a version an alias routes to cannot be deleted.
      if ([...machine.aliases.values()].some((routes) => routes.has(version))) {
        return refused(answer, 'ConflictException', label);
      }
      ok(answer, label);
      machine.versions.delete(version);
    },
    (m) => versionAt(machineOf(m, slot), index) !== undefined,
  );
}

/** One version at 100, or two at weight / 100 - weight. */
export function createAlias(
  slot: number,
  alias: number,
  first: number,
  second: number,
  weight: number,
): Step {
  const label = `CreateStateMachineAlias(m${slot}, x${alias}, #${first}/#${second} at ${weight})`;
  return step(
    label,
    async (m, api) => {
      const machine = machineOf(m, slot)!;
      const a = versionAt(machine, first)!;
      const b = versionAt(machine, second)!;
      const routes = new Map(
        a === b
          ? [[a, 100]]
          : [
              [a, weight],
              [b, 100 - weight],
            ],
      );
      const name = `x${alias}`;
      const answer = await api.call('CreateStateMachineAlias', {
        name,
        routingConfiguration: [...routes].map(([v, w]) => ({
          stateMachineVersionArn: `${machine.arn}:${v}`,
          weight: w,
        })),
      });
      const existing = machine.aliases.get(name);
      const same = existing?.size === routes.size && [...routes].every(([v, w]) => existing.get(v) === w);
      // Idempotent for the same routing; another routing under the same name conflicts.
      if (existing && !same) return refused(answer, 'ConflictException', label);
      assert.equal(ok(answer, label).stateMachineAliasArn, `${machine.arn}:${name}`);
      machine.aliases.set(name, routes);
      const described = ok(
        await api.call('DescribeStateMachineAlias', { stateMachineAliasArn: `${machine.arn}:${name}` }),
        'DescribeStateMachineAlias',
      ).routingConfiguration as { stateMachineVersionArn: string; weight: number }[];
      assert.deepEqual(
        described.map((r) => `${r.stateMachineVersionArn}=${r.weight}`).sort(),
        [...routes].map(([v, w]) => `${machine.arn}:${v}=${w}`).sort(),
        'DescribeStateMachineAlias',
      );
    },
    (m) => versionAt(machineOf(m, slot), first) !== undefined,
  );
}

export function deleteAlias(slot: number, alias: number): Step {
  const label = `DeleteStateMachineAlias(m${slot}, x${alias})`;
  return step(
    label,
    async (m, api) => {
      const machine = machineOf(m, slot)!;
      const name = `x${alias}`;
      const answer = await api.call('DeleteStateMachineAlias', {
        stateMachineAliasArn: `${machine.arn}:${name}`,
      });
      // AWS answers 200 for an alias that does not exist (LocalStack's AWS-recorded snapshot
      // test_delete_no_such_alias_arn), though ResourceNotFound is among its documented errors.
      ok(answer, label);
      machine.aliases.delete(name);
    },
    (m) => machineOf(m, slot) !== undefined,
  );
}

export function createActivity(slot: number): Step {
  const label = `CreateActivity(a${slot})`;
  return step(label, async (m, api) => {
    const arn = m.activityArnOf(slot);
    assert.equal(
      ok(await api.call('CreateActivity', { name: `${m.prefix}-a${slot}` }), label).activityArn,
      arn,
    );
    if (!m.activities.has(arn)) m.activities.set(arn, { arn, tags: new Map() });
  });
}

export function deleteActivity(slot: number): Step {
  const label = `DeleteActivity(a${slot})`;
  return step(label, async (m, api) => {
    const arn = m.activityArnOf(slot);
    ok(await api.call('DeleteActivity', { activityArn: arn }), label);
    m.activities.delete(arn);
    const described = await api.call('DescribeActivity', { activityArn: arn });
    refused(described, 'ActivityDoesNotExist', `DescribeActivity after ${label}`);
  });
}

/** Tag or untag (value undefined) a machine or an activity, then list: the model's tags. */
export function tags(machine: boolean, slot: number, key: number, value: number | undefined): Step {
  const target = machine ? `m${slot}` : `a${slot}`;
  const label =
    value === undefined ? `UntagResource(${target}, k${key})` : `TagResource(${target}, k${key}=v${value})`;
  return step(label, async (m, api) => {
    const resourceArn = machine ? m.machineArn(slot) : m.activityArnOf(slot);
    const held = machine ? machineOf(m, slot)?.tags : m.activities.get(resourceArn)?.tags;
    const answer =
      value === undefined
        ? await api.call('UntagResource', { resourceArn, tagKeys: [`k${key}`] })
        : await api.call('TagResource', { resourceArn, tags: [{ key: `k${key}`, value: `v${value}` }] });
    if (!held) return refused(answer, 'ResourceNotFound', label);
    ok(answer, label);
    if (value === undefined) held.delete(`k${key}`);
    else held.set(`k${key}`, `v${value}`);
    const listed = ok(await api.call('ListTagsForResource', { resourceArn }), 'ListTagsForResource').tags as {
      key: string;
      value: string;
    }[];
    assert.deepEqual(
      listed.map((t) => `${t.key}=${t.value}`).sort(),
      [...held].map(([k, v]) => `${k}=${v}`).sort(),
      'ListTagsForResource',
    );
  });
}
