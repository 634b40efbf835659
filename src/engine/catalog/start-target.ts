import { stateMachineDoesNotExist } from '../errors.ts';
import type { Registered, StateMachines } from './machines.ts';
import { parseQualifiedArn } from './qualified-arn.ts';
import type { AliasRecord } from './versions.ts';

/** The definition a start runs: the machine's, a version's, or the version an alias picked. */
export interface StartSource {
  readonly registered: Registered;
  readonly stateMachineVersionArn?: string | undefined;
  readonly stateMachineAliasArn?: string | undefined;
}

/**
 * What a start request names, found once (StartExecution checks it before the execution's name):
 * a machine or version, or an alias whose route is drawn only when the execution starts.
 */
export type StartTarget =
  | { readonly kind: 'found'; readonly source: StartSource }
  | { readonly kind: 'alias'; readonly arn: string; readonly base: string; readonly alias: AliasRecord };

/** Throws StateMachineDoesNotExist as a start request does if the machine, version or alias is missing. */
export function findStartTarget(machines: StateMachines, arn: string): StartTarget {
  // A machine's own ARN (the usual case) is found as it is, without parsing it.
  const machine = machines.machines.get(arn);
  if (machine) return { kind: 'found', source: { registered: machine } };
  const q = parseQualifiedArn(arn);
  if (q.kind === 'machine') return { kind: 'found', source: { registered: machines.registered(arn) } };
  if (q.kind === 'alias') {
    const alias = machines.versions.alias(q.base, q.alias);
    if (!alias) throw stateMachineDoesNotExist(arn);
    return { kind: 'alias', arn, base: q.base, alias };
  }
  return { kind: 'found', source: version(machines, q.base, arn, arn) };
}

/** The definition the start runs: an alias draws its route with `random` (one number). */
export function startSource(machines: StateMachines, target: StartTarget, random: () => number): StartSource {
  if (target.kind === 'found') return target.source;
  const versionArn = machines.versions.route(target.alias, random());
  return { ...version(machines, target.base, versionArn, target.arn), stateMachineAliasArn: target.arn };
}

function version(machines: StateMachines, base: string, versionArn: string, named: string): StartSource {
  const found = machines.versions.version(base, Number(versionArn.slice(base.length + 1)));
  if (!found) throw stateMachineDoesNotExist(named);
  return { registered: found.snapshot, stateMachineVersionArn: versionArn };
}
