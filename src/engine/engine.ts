import type { Diagnostic, Json, JsonObject, Machine } from '../asl/index.ts';
import {
  compileMachine,
  formatInvalidDefinition,
  parseDefinitionText,
  usesJsonata,
  validateDefinition,
} from '../asl/index.ts';
import type { ActivityService, TaskCallbacks, TaskRunner } from '../integrations/index.ts';
import type { Clock, Entropy } from './clock.ts';
import { ServiceError } from './errors.ts';
import type { ExecutionRecord, ExecutionStatus } from './execution.ts';
import { Execution } from './execution.ts';
import type { HistoryEvent } from './history/event.ts';
import { MAX_PAYLOAD_BYTES } from './limits.ts';
import { TaskControl } from './task-control.ts';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

export interface StateMachineRecord {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type: StateMachineType;
  readonly definition: string;
  readonly roleArn: string;
  readonly creationDate: number;
  readonly loggingConfiguration: JsonObject;
  readonly tracingConfiguration: JsonObject;
  readonly tags: ReadonlyArray<{ key: string; value: string }>;
}

export interface CreateStateMachineInput {
  readonly name: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly type?: StateMachineType | undefined;
  readonly loggingConfiguration?: JsonObject | undefined;
  readonly tracingConfiguration?: JsonObject | undefined;
  readonly tags?: ReadonlyArray<{ key: string; value: string }> | undefined;
}

export interface StartExecutionInput {
  readonly stateMachineArn: string;
  readonly name?: string | undefined;
  readonly input?: string | undefined;
}

export interface EngineDeps {
  readonly clock: Clock;
  readonly entropy: Entropy;
  readonly tasks: TaskRunner;
  readonly region: string;
  readonly account: string;
  /** Defaults to AWS's quota (256 KiB); only benchmark harnesses raise it. */
  readonly payloadLimitBytes?: number;
  /** Activities (CreateActivity … GetActivityTask). */
  readonly activities?: ActivityService;
  /** Answers to task tokens (SendTaskSuccess/Failure/Heartbeat). */
  readonly callbacks?: TaskCallbacks;
}

interface Registered {
  readonly record: StateMachineRecord;
  readonly machine: Machine;
}

/** Key-order-insensitive equality of two small JSON configurations. */
function sameJson(a: Json, b: Json): boolean {
  const canonical = (v: Json): string =>
    JSON.stringify(v, (_k, x: Json) =>
      x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x,
    );
  return canonical(a) === canonical(b);
}

const DEFAULT_LOGGING: JsonObject = { level: 'OFF', includeExecutionData: false };
const DEFAULT_TRACING: JsonObject = { enabled: false };

/**
 * The service behind the API: state machines and their executions, in memory.
 * (The durable, event-sourced store arrives with the durable-engine issue.)
 */
export class Engine {
  readonly #deps: EngineDeps;
  readonly #machines = new Map<string, Registered>();
  readonly #executions = new Map<string, Execution>();
  /** Activities and task-token answers (the API's activity and SendTask* actions). */
  readonly taskControl: TaskControl;

  constructor(deps: EngineDeps) {
    this.#deps = deps;
    this.taskControl = new TaskControl(deps.activities, deps.callbacks);
  }

  get region(): string {
    return this.#deps.region;
  }

  get account(): string {
    return this.#deps.account;
  }

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.#deps.region}:${this.#deps.account}:stateMachine:${name}`;
  }

  executionArn(stateMachineName: string, name: string): string {
    return `arn:aws:states:${this.#deps.region}:${this.#deps.account}:execution:${stateMachineName}:${name}`;
  }

  /** ValidateStateMachineDefinition: all diagnostics of a definition text. */
  validate(definition: string, type: StateMachineType = 'STANDARD'): Diagnostic[] {
    const parsed = parseDefinitionText(definition);
    if (parsed.diagnostics.length > 0) return parsed.diagnostics;
    return validateDefinition(parsed.definition, { type });
  }

  createStateMachine(input: CreateStateMachineInput): StateMachineRecord {
    const type = input.type ?? 'STANDARD';
    const arn = this.stateMachineArn(input.name);
    const diagnostics = this.validate(input.definition, type).filter((d) => d.severity === 'ERROR');
    if (diagnostics.length > 0)
      throw new ServiceError('InvalidDefinition', formatInvalidDefinition(diagnostics));
    const existing = this.#machines.get(arn);
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
      creationDate: this.#deps.clock.now(),
      loggingConfiguration: input.loggingConfiguration ?? DEFAULT_LOGGING,
      tracingConfiguration: input.tracingConfiguration ?? DEFAULT_TRACING,
      tags: input.tags ?? [],
    };
    const parsed = JSON.parse(input.definition) as JsonObject;
    // Refused rather than run with JSONPath semantics, which would give wrong results silently.
    if (usesJsonata(parsed)) {
      throw new ServiceError(
        'InvalidDefinition',
        "Invalid State Machine Definition: 'UNSUPPORTED_FEATURE: Stepwise does not evaluate the JSONata query language yet'",
      );
    }
    const machine = compileMachine(parsed);
    this.#machines.set(arn, { record, machine });
    return record;
  }

  describeStateMachine(arn: string): StateMachineRecord {
    return this.#registered(arn).record;
  }

  listStateMachines(): StateMachineRecord[] {
    // By character code, as AWS orders them (not by locale).
    return [...this.#machines.values()]
      .map((m) => m.record)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Executions keep running after their state machine is deleted, as on AWS. */
  deleteStateMachine(arn: string): void {
    this.#machines.delete(arn);
  }

  startExecution(input: StartExecutionInput): ExecutionRecord {
    const { record: sm, machine } = this.#registered(input.stateMachineArn);
    const name = input.name ?? this.#deps.entropy.uuid();
    const text = input.input ?? '{}';
    const arn = this.executionArn(sm.name, name);
    const existing = this.#executions.get(arn);
    if (existing) {
      // Standard executions are idempotent for the same name and input while running.
      if (existing.record.status === 'RUNNING' && existing.record.input === text && sm.type === 'STANDARD') {
        return existing.record;
      }
      throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    let parsed: Json;
    if (text.trim() === '') {
      throw new ServiceError(
        'InvalidExecutionInput',
        "Invalid State Machine Execution Input: 'Invalid execution input.'",
      );
    }
    try {
      parsed = JSON.parse(text) as Json;
    } catch (e) {
      throw new ServiceError(
        'InvalidExecutionInput',
        `Invalid State Machine Execution Input: '${e instanceof Error ? e.message : String(e)}'`,
      );
    }
    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: sm.stateMachineArn,
      name,
      input: JSON.stringify(parsed),
      startDate: this.#deps.clock.now(),
      roleArn: sm.roleArn,
      status: 'RUNNING',
    };
    const execution = new Execution(record, machine, {
      clock: this.#deps.clock,
      entropy: this.#deps.entropy,
      tasks: this.#deps.tasks,
      stateMachineName: sm.name,
      region: this.#deps.region,
      payloadLimitBytes: this.#deps.payloadLimitBytes ?? MAX_PAYLOAD_BYTES,
      mapRunArn: (stateName) =>
        `arn:aws:states:${this.#deps.region}:${this.#deps.account}:mapRun:${sm.name}/${stateName}:${this.#deps.entropy.uuid()}`,
    });
    this.#executions.set(arn, execution);
    void execution.run();
    return record;
  }

  describeExecution(arn: string): ExecutionRecord {
    return this.#execution(arn).record;
  }

  /** Newest first, as AWS lists them. */
  listExecutions(stateMachineArn: string, statusFilter?: ExecutionStatus): ExecutionRecord[] {
    this.#registered(stateMachineArn);
    const out: ExecutionRecord[] = [];
    for (const e of this.#executions.values()) {
      if (e.record.stateMachineArn !== stateMachineArn) continue;
      if (statusFilter && e.record.status !== statusFilter) continue;
      out.push(e.record);
    }
    return out.sort((a, b) => b.startDate - a.startDate);
  }

  getExecutionHistory(arn: string): readonly HistoryEvent[] {
    return this.#execution(arn).history.events;
  }

  stopExecution(arn: string, error?: string, cause?: string): ExecutionRecord {
    const execution = this.#execution(arn);
    execution.stop(error, cause);
    return execution.record;
  }

  /** Resolves when the execution has closed (for the CLI's `run` and for tests). */
  async waitForExecution(arn: string): Promise<ExecutionRecord> {
    const execution = this.#execution(arn);
    await execution.done;
    return execution.record;
  }

  #registered(arn: string): Registered {
    const found = this.#machines.get(arn);
    if (!found) throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return found;
  }

  #execution(arn: string): Execution {
    const found = this.#executions.get(arn);
    if (!found) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return found;
  }
}
