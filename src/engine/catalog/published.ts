import { ServiceError, stateMachineDoesNotExist } from '../errors.ts';
import type { Registered, StateMachines } from './machines.ts';
import { parseQualifiedArn } from './qualified-arn.ts';
import type { StateMachineRecord, StateMachineVersion } from './state-machine.ts';
import type { AliasRecord, RoutingEntry, VersionRecord } from './versions.ts';
import { resourceNotFound } from './versions.ts';

/** The version as the API shows it: its own ARN, creation date and description. */
function publicVersion(v: VersionRecord<Registered>): StateMachineVersion {
  const snapshot: StateMachineRecord = {
    ...v.snapshot.record,
    stateMachineArn: v.stateMachineVersionArn,
    creationDate: v.creationDate,
    description: v.description,
  };
  return { ...v, snapshot };
}

/** The API's verbs on state machine versions and aliases, over the machines' catalog. */
export class Published {
  readonly #machines: StateMachines;

  constructor(machines: StateMachines) {
    this.#machines = machines;
  }

  /**
   * A machine, or one of its versions (the version's snapshot, under the version's ARN). An alias
   * ARN names no state machine definition of its own.
   */
  describeStateMachine(arn: string): StateMachineRecord {
    const q = parseQualifiedArn(arn);
    if (q.kind === 'version') {
      const v = this.#machines.versions.version(q.base, q.version);
      if (!v) throw stateMachineDoesNotExist(arn);
      return publicVersion(v).snapshot;
    }
    return this.#machines.registered(arn).record;
  }

  /**
   * PublishStateMachineVersion: `revisionId` (or `INITIAL` for a machine never updated) must name
   * the current revision, else ConflictException (API reference).
   */
  publish(
    arn: string,
    options: { revisionId?: string | undefined; description?: string | undefined },
  ): StateMachineVersion {
    const machines = this.#machines;
    const { record, machine } = machines.registered(arn);
    const current = record.revisionId ?? 'INITIAL';
    if (options.revisionId !== undefined && options.revisionId !== current) {
      throw new ServiceError(
        'ConflictException',
        `Failed to publish the State Machine version for revision ${options.revisionId}. The current State Machine revision is ${current}.`,
      );
    }
    const now = machines.deps.clock.now();
    const version = machines.versions.publish(
      arn,
      record.revisionId,
      { record, machine },
      options.description,
      now,
    );
    machines.saveVersions(arn);
    return publicVersion(version);
  }

  /** Versions of a machine, newest first; none for a machine that does not exist. */
  listVersions(arn: string): StateMachineVersion[] {
    return this.#machines.versions.versions(arn).map(publicVersion);
  }

  deleteVersion(versionArn: string): void {
    const q = parseQualifiedArn(versionArn);
    if (q.kind !== 'version') throw new ServiceError('InvalidArn', `Invalid Arn: '${versionArn}'`);
    this.#machines.versions.deleteVersion(q.base, q.version);
    this.#machines.saveVersions(q.base);
  }

  createAlias(input: {
    name: string;
    description?: string | undefined;
    routingConfiguration: readonly RoutingEntry[];
  }): AliasRecord {
    const machines = this.#machines;
    const first = input.routingConfiguration[0];
    const base = first ? parseQualifiedArn(first.stateMachineVersionArn).base : '';
    if (!machines.machines.has(base)) throw resourceNotFound(first?.stateMachineVersionArn ?? base);
    const alias = machines.versions.createAlias(
      base,
      input.name,
      input.description,
      input.routingConfiguration,
      machines.deps.clock.now(),
    );
    machines.saveVersions(base);
    return alias;
  }

  describeAlias(aliasArn: string): AliasRecord {
    const q = parseQualifiedArn(aliasArn);
    const alias = q.kind === 'alias' ? this.#machines.versions.alias(q.base, q.alias) : undefined;
    if (!alias) throw resourceNotFound(aliasArn);
    return alias;
  }

  updateAlias(
    aliasArn: string,
    change: { description?: string | undefined; routingConfiguration?: readonly RoutingEntry[] | undefined },
  ): AliasRecord {
    const q = parseQualifiedArn(aliasArn);
    if (q.kind !== 'alias') throw resourceNotFound(aliasArn);
    const alias = this.#machines.versions.updateAlias(
      q.base,
      q.alias,
      { description: change.description, routing: change.routingConfiguration },
      this.#machines.deps.clock.now(),
    );
    this.#machines.saveVersions(q.base);
    return alias;
  }

  /** Deleting an alias that does not exist succeeds, as deletes do on AWS. */
  deleteAlias(aliasArn: string): void {
    const q = parseQualifiedArn(aliasArn);
    if (q.kind !== 'alias') return;
    this.#machines.versions.deleteAlias(q.base, q.alias);
    this.#machines.saveVersions(q.base);
  }

  listAliases(arn: string): AliasRecord[] {
    this.#machines.registered(arn);
    return this.#machines.versions.aliases(arn);
  }
}
