import type { Json } from '../../asl/index.ts';
import type { TaskRunner } from '../../integrations/index.ts';
import type { Arns } from '../arns.ts';
import type {
  ExecutionSource,
  StartSource,
  StartTarget,
  StateMachineRecord,
  StateMachines,
} from '../catalog/index.ts';
import { findStartTarget, startSource } from '../catalog/index.ts';
import type { Clock, Entropy } from '../clock.ts';
import { ServiceError } from '../errors.ts';
import type { ExecutionRecord } from '../execution.ts';
import { flat } from '../flat.ts';
import { invalidNameMessage, validName } from '../names.ts';
import type { KnownExecutions } from './known.ts';
import type { Launcher, Replay } from './launcher.ts';
import { orderedName } from './ordered-name.ts';

export interface StartExecutionInput {
  readonly stateMachineArn: string;
  readonly name?: string | undefined;
  readonly input?: string | undefined;
  /** StartExecution's `traceHeader` (X-Ray): kept on the record; a traced execution continues it. */
  readonly traceHeader?: string | undefined;
  /**
   * A StartExecution request's name is checked against AWS's naming rule, in AWS's order
   * (measured): after the state machine is found, before the input is parsed.
   */
  readonly checkName?: boolean;
}

export interface StartsDeps {
  readonly clock: Clock;
  readonly entropy: Entropy;
  readonly tasks: TaskRunner;
  readonly arns: Arns;
  readonly machines: StateMachines;
  readonly known: KnownExecutions;
  readonly launcher: Launcher;
}

/** Where a repeated Standard start answers the running execution instead of starting one. */
type Launched = { readonly record: ExecutionRecord; readonly done?: Promise<void> };

/** StartExecution and StartSyncExecution. */
export class Starts {
  private readonly deps: StartsDeps;

  constructor(deps: StartsDeps) {
    this.deps = deps;
  }

  /**
   * The machine, version or alias a start request names, found once (an alias's route is drawn
   * at the launch), then the name checked. `arn#TestCase` names the machine before the `#`.
   */
  private target(input: StartExecutionInput, stateMachineArn: string): StartTarget {
    const target = findStartTarget(this.deps.machines, stateMachineArn);
    const name = input.name;
    if (input.checkName && name !== undefined && !validName(name)) {
      throw new ServiceError('InvalidName', invalidNameMessage(name));
    }
    return target;
  }

  /**
   * StartExecution on a machine, a version or an alias ARN.
   * EXPRESS executions run in memory and are not kept: their ARN is `…:express:MACHINE:NAME:ID`,
   * names may repeat, and the API cannot describe them (DESIGN.md decision 5).
   */
  start(input: StartExecutionInput): ExecutionRecord {
    const arn = input.stateMachineArn;
    // `stateMachineArn#TestCase` runs with that test case's mocked responses (Step Functions Local).
    const hash = arn.indexOf('#');
    const target = this.target(input, hash < 0 ? arn : arn.slice(0, hash));
    if (hash < 0) return this.launch(input, target).record;
    const deps = this.deps;
    const stateMachineArn = input.stateMachineArn.slice(0, hash);
    const testCase = input.stateMachineArn.slice(hash + 1);
    // Every version of a machine bears its name: no draw here, launch routes an alias once.
    const smName = startSource(deps.machines, target, () => 0).registered.record.name;
    const name = input.name ?? orderedName(deps.clock.now(), deps.entropy.uuid());
    // Selected before the run starts: its first task may be called before launch returns.
    const refused = deps.tasks.useTestCase?.(deps.arns.execution(smName, name), smName, testCase);
    if (refused !== undefined) throw new ServiceError('ValidationException', `Invalid test case: ${refused}`);
    return this.launch({ ...input, stateMachineArn, name }, target).record;
  }

  /** StartSyncExecution: EXPRESS only; resolves with the closed execution. */
  async startSync(input: StartExecutionInput): Promise<ExecutionRecord> {
    // Test cases are StartExecution's: for a sync start, `arn#TestCase` names no state machine.
    const execution = this.launch(input, this.target(input, input.stateMachineArn), true);
    // Express starts are never idempotent: there is always a fresh execution to wait for.
    await execution.done;
    return execution.record;
  }

  private launch(input: StartExecutionInput, target: StartTarget, sync = false): Launched {
    const deps = this.deps;
    const { clock, entropy, known, launcher } = deps;
    const source = target.kind === 'found' ? target.source : startSource(deps.machines, target, this.random);
    const sm = source.registered.record;
    const express = sm.type === 'EXPRESS';
    if (sync && !express) {
      throw new ServiceError(
        'StateMachineTypeNotSupported',
        'This operation is not supported by this type of state machine',
      );
    }
    const now = clock.now();
    if (express) return this.express(input, source, now);
    let name = input.name;
    let arn: string;
    if (name === undefined) {
      // A generated name is the end of its ARN: kept as a slice of it (32 bytes), not as a string
      // of its own (56). It is new (74 random bits beside the time): no execution to look for.
      const generated = orderedName(now, entropy.uuid());
      arn = flat(deps.arns.execution(sm.name, generated));
      name = arn.slice(arn.length - generated.length);
    } else {
      arn = flat(deps.arns.execution(sm.name, name));
      const repeated = this.repeated(arn, input.input ?? '{}');
      if (repeated) return { record: repeated };
    }
    const { record, value } = newRecord(input, source, arn, name, now);
    known.sources.set(arn, this.sourceOf(source));
    return launcher.run(record, source.registered, value === undefined ? NEW : { input: value });
  }

  /**
   * A Standard start with a name given: the running execution it repeats (same name and input,
   * parked included: the call answers it and writes nothing), or nothing. A closed one, or a
   * different input, is ExecutionAlreadyExists (API reference, StartExecution); the store may have
   * one that closed a while ago (RecordInStore).
   */
  private repeated(arn: string, text: string): ExecutionRecord | undefined {
    const known = this.deps.known;
    const running = known.running.get(arn)?.execution.record ?? known.parked.get(arn)?.record;
    if (!running) known.checkStored(arn);
    if (running || known.closed.has(arn)) {
      if (running?.status === 'RUNNING' && sameInput(running.input, text)) return running;
      throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    return undefined;
  }

  /** An Express start: its ARN is unique (no idempotency to check). */
  private express(input: StartExecutionInput, source: StartSource, now: number): Launched {
    const { arns, entropy, launcher } = this.deps;
    const sm = source.registered.record;
    // Flattened although not kept (flat.ts): left as trees they cost `many-small` (100 Express
    // executions in flight) 30 MB more peak RSS, measured. A generated name is a slice of the
    // flat ARN (`…:NAME:ID`), as a Standard one is: flattening it too cost a regular expression
    // test per start (~600 instructions, callgrind).
    const drawn = input.name ?? entropy.uuid();
    const id = entropy.uuid();
    const arn = flat(arns.expressExecution(sm.name, drawn, id));
    const end = arn.length - id.length - 1;
    const name = input.name ?? arn.slice(end - drawn.length, end);
    const { record, value } = newRecord(input, source, arn, name, now);
    return launcher.express(record, source.registered, value);
  }

  private readonly random = (): number => this.deps.entropy.random();

  /** One source object for all the executions started on a revision without a version or alias. */
  private readonly plainSources = new WeakMap<StateMachineRecord, ExecutionSource>();

  private sourceOf(source: StartSource): ExecutionSource {
    const record = source.registered.record;
    const { stateMachineVersionArn, stateMachineAliasArn } = source;
    if (stateMachineVersionArn !== undefined || stateMachineAliasArn !== undefined)
      return { record, stateMachineVersionArn, stateMachineAliasArn };
    let plain = this.plainSources.get(record);
    if (!plain) {
      plain = { record, stateMachineVersionArn, stateMachineAliasArn };
      this.plainSources.set(record, plain);
    }
    return plain;
  }
}

/** A new Standard execution: nothing recorded to replay. */
const NEW: Replay = Object.freeze({});

/**
 * The record of a new execution, and its input parsed when the record's (canonical) text is its
 * serialization: otherwise (spaces, or numbers such as 1e400 that do not survive the round trip)
 * the execution parses the recorded text.
 */
function newRecord(
  input: StartExecutionInput,
  source: StartSource,
  arn: string,
  name: string,
  now: number,
): { record: ExecutionRecord; value: Json | undefined } {
  type Fresh = { -readonly [K in keyof ExecutionRecord]: ExecutionRecord[K] };
  const text = input.input ?? '{}';
  const parsed = parseInput(text);
  const canonical = JSON.stringify(parsed);
  const sm = source.registered.record;
  // Built field by field rather than with conditional spreads (a slow path of every start), in the
  // same order.
  const record: Fresh = {
    executionArn: arn,
    stateMachineArn: sm.stateMachineArn,
    name,
    input: canonical,
    startDate: now,
    roleArn: sm.roleArn,
    status: 'RUNNING',
    // Set by its close, and declared here: in the object itself (16 bytes), where fields added
    // later take a property array of their own (40 bytes) in every record kept.
    stopDate: undefined,
    output: undefined,
  };
  if (source.stateMachineVersionArn) record.stateMachineVersionArn = source.stateMachineVersionArn;
  if (source.stateMachineAliasArn) record.stateMachineAliasArn = source.stateMachineAliasArn;
  if (input.traceHeader !== undefined) record.traceHeader = input.traceHeader;
  return { record, value: canonical === text ? parsed : undefined };
}

/** Only white space (as `trim` sees it), tested without copying the text. */
const BLANK = /^\s*$/;

function parseInput(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    // Told apart only once refused: a test of every input cost each start a regular expression.
    if (BLANK.test(text)) {
      throw new ServiceError(
        'InvalidExecutionInput',
        "Invalid State Machine Execution Input: 'Invalid execution input.'",
      );
    }
    throw new ServiceError(
      'InvalidExecutionInput',
      `Invalid State Machine Execution Input: '${e instanceof Error ? e.message : String(e)}'`,
    );
  }
}

/** A repeated start's input matches the recorded (canonical) one, also when spaced differently. */
function sameInput(recorded: string, text: string): boolean {
  if (recorded === text) return true;
  try {
    return JSON.stringify(JSON.parse(text)) === recorded;
  } catch {
    return false;
  }
}
