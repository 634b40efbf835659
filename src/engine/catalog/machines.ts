import type { Diagnostic, JsonObject, Machine } from '../../asl/index.ts';
import {
  compileMachine,
  formatInvalidDefinition,
  parseDefinitionText,
  validateDefinition,
} from '../../asl/index.ts';
import type { ActivityService } from '../../integrations/index.ts';
import type { Doc } from '../../store/index.ts';
import type { Arns } from '../arns.ts';
import type { Clock, Entropy } from '../clock.ts';
import { ServiceError, stateMachineDoesNotExist } from '../errors.ts';
import type {
  CreateStateMachineInput,
  StateMachineRecord,
  StateMachineType,
  UpdateStateMachineInput,
} from './state-machine.ts';
import { DEFAULT_LOGGING, DEFAULT_TRACING, revisionKey, sameJson } from './state-machine.ts';
import type { Catalog, DocumentWriter } from './stored-catalog.ts';
import { TagRegistry } from './tags.ts';
import { VersionCatalog } from './versions.ts';

/** A machine's record with its definition compiled, ready to run. */
export interface Registered {
  readonly record: StateMachineRecord;
  readonly machine: Machine;
}

export interface MachinesDeps {
  readonly clock: Clock;
  readonly entropy: Entropy;
  readonly arns: Arns;
  readonly activities: ActivityService | undefined;
  /** Where catalog writes go (the group commit); absent without a store. */
  readonly writer: DocumentWriter | undefined;
  /** Whether the integrations know a resource the language accepts (an installed client's action). */
  readonly recognizes?: ((resource: string) => boolean) | undefined;
}

/** A stored definition was validated when it was created: it is only compiled again. */
export function compileStored(definition: string): Machine {
  return compileMachine(JSON.parse(definition) as JsonObject);
}

/**
 * The state machines (CreateStateMachine … DeleteStateMachine) with the registries beside them:
 * their versions and aliases (catalog/published.ts) and tags (catalog/tagging.ts).
 */
export class StateMachines implements Catalog<Registered> {
  readonly machines = new Map<string, Registered>();
  readonly versions = new VersionCatalog<Registered>();
  readonly tags = new TagRegistry();
  readonly activities: ActivityService | undefined;
  readonly load = (record: StateMachineRecord): Registered => ({
    record,
    machine: compileStored(record.definition),
  });
  readonly deps: MachinesDeps;

  constructor(deps: MachinesDeps) {
    this.deps = deps;
    this.activities = deps.activities;
  }

  /** ValidateStateMachineDefinition: all diagnostics of a definition text. */
  validate(definition: string, type: StateMachineType = 'STANDARD'): Diagnostic[] {
    const parsed = parseDefinitionText(definition);
    if (parsed.diagnostics.length > 0) return parsed.diagnostics;
    return validateDefinition(parsed.definition, { type, recognizes: this.deps.recognizes });
  }

  /** Validates and compiles a definition, or throws InvalidDefinition. */
  #compile(definition: string, type: StateMachineType): Machine {
    const diagnostics = this.validate(definition, type).filter((d) => d.severity === 'ERROR');
    if (diagnostics.length > 0)
      throw new ServiceError('InvalidDefinition', formatInvalidDefinition(diagnostics));
    return compileStored(definition);
  }

  create(input: CreateStateMachineInput): StateMachineRecord {
    const type = input.type ?? 'STANDARD';
    const arn = this.deps.arns.stateMachine(input.name);
    const machine = this.#compile(input.definition, type);
    const existing = this.machines.get(arn);
    if (existing) {
      // Idempotent when definition, type and logging/tracing match; roleArn and tags are not
      // compared (AWS API reference, CreateStateMachine).
      const r = existing.record;
      const same =
        r.definition === input.definition &&
        r.type === type &&
        sameJson(r.loggingConfiguration, input.loggingConfiguration ?? DEFAULT_LOGGING) &&
        sameJson(r.tracingConfiguration, input.tracingConfiguration ?? DEFAULT_TRACING);
      if (same) return r;
      throw new ServiceError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const record: StateMachineRecord = {
      stateMachineArn: arn,
      name: input.name,
      type,
      definition: input.definition,
      roleArn: input.roleArn,
      creationDate: this.deps.clock.now(),
      loggingConfiguration: input.loggingConfiguration ?? DEFAULT_LOGGING,
      tracingConfiguration: input.tracingConfiguration ?? DEFAULT_TRACING,
      tags: input.tags ?? [],
    };
    this.machines.set(arn, { record, machine });
    this.#persist(record);
    this.tags.forget(arn);
    if (input.tags) this.tags.tag(arn, input.tags);
    this.saveTags(arn);
    return record;
  }

  /**
   * UpdateStateMachine without its `publish` (catalog/published.ts): a change makes a new
   * revision (a new revisionId); executions already running keep the definition they started with.
   */
  update(input: UpdateStateMachineInput): StateMachineRecord {
    const current = this.registered(input.stateMachineArn);
    const r = current.record;
    const machine =
      input.definition === undefined ? current.machine : this.#compile(input.definition, r.type);
    const next = {
      definition: input.definition ?? r.definition,
      roleArn: input.roleArn ?? r.roleArn,
      loggingConfiguration: input.loggingConfiguration ?? r.loggingConfiguration,
      tracingConfiguration: input.tracingConfiguration ?? r.tracingConfiguration,
    };
    const changed =
      next.definition !== r.definition ||
      next.roleArn !== r.roleArn ||
      !sameJson(next.loggingConfiguration, r.loggingConfiguration) ||
      !sameJson(next.tracingConfiguration, r.tracingConfiguration);
    if (!changed) return r;
    const record: StateMachineRecord = {
      ...r,
      ...next,
      revisionId: this.deps.entropy.uuid(),
      updateDate: this.deps.clock.now(),
    };
    this.machines.set(r.stateMachineArn, { record, machine });
    this.#persist(record);
    return record;
  }

  list(): StateMachineRecord[] {
    // By character code, as AWS orders them (not by locale).
    return [...this.machines.values()]
      .map((m) => m.record)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Executions keep running after their state machine is deleted, as on AWS. */
  delete(arn: string): void {
    if (this.machines.delete(arn)) this.deps.writer?.deleteDocument('stateMachine', arn);
    this.versions.forget(arn);
    this.tags.forget(arn);
    this.saveVersions(arn);
    this.saveTags(arn);
  }

  registered(arn: string): Registered {
    const found = this.machines.get(arn);
    if (!found) throw stateMachineDoesNotExist(arn);
    return found;
  }

  /** Queues a machine's current record and its revision for the next commit. */
  #persist(record: StateMachineRecord): void {
    const arn = record.stateMachineArn;
    const data = record as unknown as Doc;
    const writer = this.deps.writer;
    writer?.document({ kind: 'stateMachineRevision', key: revisionKey(record), parent: arn, data });
    writer?.document({ kind: 'stateMachine', key: arn, parent: '', data });
  }

  /**
   * A machine's versions and aliases are one store document, so that the version counter (never
   * reused, even after deletes) and the aliases' references change together.
   */
  saveVersions(base: string): void {
    const data = this.versions.export(base, (s) => s.record);
    if (data) {
      this.deps.writer?.document({
        kind: 'stateMachineVersion',
        key: base,
        parent: base,
        data: data as unknown as Doc,
      });
    } else this.deps.writer?.deleteDocument('stateMachineVersion', base);
  }

  saveTags(arn: string): void {
    const tags = this.tags.list(arn);
    if (tags.length > 0) this.deps.writer?.document({ kind: 'tags', key: arn, parent: '', data: { tags } });
    else this.deps.writer?.deleteDocument('tags', arn);
  }
}
