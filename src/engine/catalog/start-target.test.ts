import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Arns } from '../arns.ts';
import { ServiceError } from '../errors.ts';
import { StateMachines } from './machines.ts';
import { Published } from './published.ts';
import { findStartTarget, startSource } from './start-target.ts';

const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
const OTHER = JSON.stringify({ StartAt: 'Q', States: { Q: { Type: 'Pass', End: true } } });

function setup() {
  let ids = 0;
  const machines = new StateMachines({
    clock: { now: () => 0, sleep: () => Promise.resolve() },
    entropy: { uuid: () => `id-${++ids}`, random: () => 0 },
    arns: new Arns('us-east-1', '123456789012'),
    activities: undefined,
    writer: undefined,
  });
  const published = new Published(machines);
  const arn = machines.create({
    name: 'M',
    definition: PASS,
    roleArn: 'arn:aws:iam::1:role/r',
  }).stateMachineArn;
  const v1 = published.publish(arn, {}).stateMachineVersionArn;
  machines.update({ stateMachineArn: arn, definition: OTHER });
  const v2 = published.publish(arn, {}).stateMachineVersionArn;
  const alias = published.createAlias({
    name: 'prod',
    routingConfiguration: [
      { stateMachineVersionArn: v1, weight: 50 },
      { stateMachineVersionArn: v2, weight: 50 },
    ],
  });
  return { machines, arn, v1, v2, aliasArn: alias.stateMachineAliasArn };
}

function doesNotExist(arn: string): (e: unknown) => boolean {
  return (e) => e instanceof ServiceError && e.code === 'StateMachineDoesNotExist' && e.message.includes(arn);
}

describe('start targets', () => {
  it('finds a machine and a version as they are, without drawing', () => {
    const { machines, arn, v1 } = setup();
    const never = (): number => assert.fail('no draw for a machine or a version');
    assert.equal(
      startSource(machines, findStartTarget(machines, arn), never).registered.record.definition,
      OTHER,
    );
    const version = startSource(machines, findStartTarget(machines, v1), never);
    assert.equal(version.registered.record.definition, PASS);
    assert.equal(version.stateMachineVersionArn, v1);
    assert.equal(version.stateMachineAliasArn, undefined);
  });

  it('routes an alias only when the execution starts, by one drawn number', () => {
    const { machines, v1, v2, aliasArn } = setup();
    const target = findStartTarget(machines, aliasArn);
    let draws = 0;
    const low = startSource(machines, target, () => (draws++, 0.1));
    const high = startSource(machines, target, () => (draws++, 0.9));
    assert.equal(draws, 2);
    assert.deepEqual(
      [low.stateMachineVersionArn, high.stateMachineVersionArn, low.stateMachineAliasArn],
      [v1, v2, aliasArn],
    );
    assert.equal(high.registered.record.definition, OTHER);
  });

  it('refuses what does not exist with StateMachineDoesNotExist naming the ARN', () => {
    const { machines, arn } = setup();
    for (const missing of [`${arn}x`, `${arn}:7`, `${arn}:staging`]) {
      assert.throws(() => findStartTarget(machines, missing), doesNotExist(missing));
    }
  });
});
