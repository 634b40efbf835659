import { ServiceError } from '../errors.ts';

/** AWS's quotas: 1,000 versions and 100 aliases per state machine (service quotas). */
export const MAX_VERSIONS = 1000;
export const MAX_ALIASES = 100;

export interface VersionRecord<S> {
  readonly stateMachineVersionArn: string;
  readonly version: number;
  readonly description: string | undefined;
  readonly creationDate: number;
  /** The machine's revision it was published from (undefined: the initial revision). */
  readonly revisionId: string | undefined;
  /** What the version runs: an immutable copy of the machine's definition and configuration. */
  readonly snapshot: S;
}

export interface RoutingEntry {
  readonly stateMachineVersionArn: string;
  readonly weight: number;
}

export interface AliasRecord {
  readonly stateMachineAliasArn: string;
  readonly name: string;
  readonly description: string | undefined;
  readonly routingConfiguration: readonly RoutingEntry[];
  readonly creationDate: number;
  readonly updateDate: number;
}

interface Entry<S> {
  /** Version numbers only grow, even after deletes (AWS never reuses one). */
  last: number;
  readonly versions: Map<number, VersionRecord<S>>;
  readonly aliases: Map<string, AliasRecord>;
}

/** The versions and aliases of one machine as plain data (what the store keeps). */
export interface CatalogData<T> {
  readonly last: number;
  readonly versions: ReadonlyArray<VersionRecord<T>>;
  readonly aliases: readonly AliasRecord[];
}

export function resourceNotFound(arn: string): ServiceError {
  return new ServiceError('ResourceNotFound', `Resource not found: '${arn}'`, { resourceName: arn });
}

/**
 * The versions and aliases of every state machine, keyed by the machine's (unqualified) ARN.
 * Existence of the machine itself and the revision check are the engine's business.
 */
export class VersionCatalog<S> {
  readonly #entries = new Map<string, Entry<S>>();

  #entry(base: string): Entry<S> {
    let entry = this.#entries.get(base);
    if (!entry) {
      entry = { last: 0, versions: new Map(), aliases: new Map() };
      this.#entries.set(base, entry);
    }
    return entry;
  }

  /** Idempotent per revision: publishing an already published revision returns that version. */
  publish(
    base: string,
    revisionId: string | undefined,
    snapshot: S,
    description: string | undefined,
    now: number,
  ): VersionRecord<S> {
    const entry = this.#entry(base);
    for (const v of entry.versions.values()) if (v.revisionId === revisionId) return v;
    if (entry.versions.size >= MAX_VERSIONS) {
      throw new ServiceError(
        'ServiceQuotaExceededException',
        `The maximum number of versions (${MAX_VERSIONS}) for the state machine has been reached: '${base}'`,
      );
    }
    const version = ++entry.last;
    const record: VersionRecord<S> = {
      stateMachineVersionArn: `${base}:${version}`,
      version,
      description,
      creationDate: now,
      revisionId,
      snapshot,
    };
    entry.versions.set(version, record);
    return record;
  }

  version(base: string, version: number): VersionRecord<S> | undefined {
    return this.#entries.get(base)?.versions.get(version);
  }

  /** Newest first, as ListStateMachineVersions returns them. */
  versions(base: string): VersionRecord<S>[] {
    return [...(this.#entries.get(base)?.versions.values() ?? [])].sort((a, b) => b.version - a.version);
  }

  /** Succeeds for a version that does not exist; refuses one an alias routes to. */
  deleteVersion(base: string, version: number): void {
    const entry = this.#entries.get(base);
    const record = entry?.versions.get(version);
    if (!entry || !record) return;
    const users = [...entry.aliases.values()]
      .filter((a) =>
        a.routingConfiguration.some((r) => r.stateMachineVersionArn === record.stateMachineVersionArn),
      )
      .map((a) => a.name);
    if (users.length > 0) {
      throw new ServiceError(
        'ConflictException',
        `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${users.join(', ')}]`,
      );
    }
    entry.versions.delete(version);
  }

  alias(base: string, name: string): AliasRecord | undefined {
    return this.#entries.get(base)?.aliases.get(name);
  }

  /** By name, the order ListStateMachineAliases keeps. */
  aliases(base: string): AliasRecord[] {
    return [...(this.#entries.get(base)?.aliases.values() ?? [])].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  }

  /**
   * Creating an alias that exists with the same routing and description returns it
   * (idempotent); with anything different it is a ConflictException (API reference).
   */
  createAlias(
    base: string,
    name: string,
    description: string | undefined,
    routing: readonly RoutingEntry[],
    now: number,
  ): AliasRecord {
    const entry = this.#entry(base);
    this.#checkRouting(base, routing);
    const arn = `${base}:${name}`;
    const existing = entry.aliases.get(name);
    if (existing) {
      if (existing.description === description && sameRouting(existing.routingConfiguration, routing)) {
        return existing;
      }
      throw new ServiceError(
        'ConflictException',
        `Failed to create alias because an alias with the same name and a different routing configuration already exists: '${arn}'`,
      );
    }
    if (entry.aliases.size >= MAX_ALIASES) {
      throw new ServiceError(
        'ServiceQuotaExceededException',
        `The maximum number of aliases (${MAX_ALIASES}) for the state machine has been reached: '${base}'`,
      );
    }
    const record: AliasRecord = {
      stateMachineAliasArn: arn,
      name,
      description,
      routingConfiguration: routing,
      creationDate: now,
      updateDate: now,
    };
    entry.aliases.set(name, record);
    return record;
  }

  updateAlias(
    base: string,
    name: string,
    change: { description?: string | undefined; routing?: readonly RoutingEntry[] | undefined },
    now: number,
  ): AliasRecord {
    const existing = this.alias(base, name);
    if (!existing) throw resourceNotFound(`${base}:${name}`);
    if (change.routing) this.#checkRouting(base, change.routing);
    const record: AliasRecord = {
      ...existing,
      description: change.description ?? existing.description,
      routingConfiguration: change.routing ?? existing.routingConfiguration,
      updateDate: now,
    };
    this.#entry(base).aliases.set(name, record);
    return record;
  }

  deleteAlias(base: string, name: string): void {
    this.#entries.get(base)?.aliases.delete(name);
  }

  /** A weighted random pick among the alias's versions; `random` is uniform in [0, 1). */
  route(alias: AliasRecord, random: number): string {
    let point = random * 100;
    for (const r of alias.routingConfiguration) {
      if (point < r.weight) return r.stateMachineVersionArn;
      point -= r.weight;
    }
    const last = alias.routingConfiguration.at(-1);
    if (!last) throw new Error('an alias always routes to at least one version');
    return last.stateMachineVersionArn;
  }

  /** One machine's versions and aliases, snapshots mapped by `save`; undefined when it has none. */
  export<T>(base: string, save: (snapshot: S) => T): CatalogData<T> | undefined {
    const entry = this.#entries.get(base);
    if (!entry || (entry.last === 0 && entry.aliases.size === 0)) return undefined;
    return {
      last: entry.last,
      versions: [...entry.versions.values()].map((v) => ({ ...v, snapshot: save(v.snapshot) })),
      aliases: [...entry.aliases.values()],
    };
  }

  /** Restores what `export` gave, snapshots mapped back by `load` (after a restart). */
  import<T>(base: string, data: CatalogData<T>, load: (snapshot: T) => S): void {
    const entry = this.#entry(base);
    entry.last = data.last;
    for (const v of data.versions) entry.versions.set(v.version, { ...v, snapshot: load(v.snapshot) });
    for (const a of data.aliases) entry.aliases.set(a.name, a);
  }

  /** DeleteStateMachine takes the machine's versions and aliases with it. */
  forget(base: string): void {
    this.#entries.delete(base);
  }

  /**
   * AWS's routing rules (API reference, RoutingConfigurationListItem): one or two distinct
   * versions of this very state machine, weights summing to 100, each version existing.
   */
  #checkRouting(base: string, routing: readonly RoutingEntry[]): void {
    const invalid = (message: string): ServiceError => new ServiceError('ValidationException', message);
    const seen = new Set<string>();
    let sum = 0;
    for (const r of routing) {
      const prefix = `${base}:`;
      const qualifier = r.stateMachineVersionArn.startsWith(prefix)
        ? r.stateMachineVersionArn.slice(prefix.length)
        : '';
      if (!/^[0-9]+$/.test(qualifier)) {
        throw invalid(
          `Routing configuration must contain state machine version ARNs of the same state machine: '${r.stateMachineVersionArn}'`,
        );
      }
      if (seen.has(r.stateMachineVersionArn)) {
        throw invalid(`Routing configuration must contain distinct state machine version ARNs`);
      }
      seen.add(r.stateMachineVersionArn);
      sum += r.weight;
      if (!this.version(base, Number(qualifier))) throw resourceNotFound(r.stateMachineVersionArn);
    }
    if (sum !== 100) throw invalid('Sum of routing configuration weights must be equal to 100');
  }
}

function sameRouting(a: readonly RoutingEntry[], b: readonly RoutingEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((r, i) => r.stateMachineVersionArn === b[i]?.stateMachineVersionArn && r.weight === b[i].weight)
  );
}
