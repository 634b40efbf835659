import type { Json } from '../../asl/index.ts';
import type { Doc } from '../../store/index.ts';
import type { Arns } from '../arns.ts';
import type { Registered, StateMachines } from '../catalog/index.ts';
import { findStartTarget, startSource } from '../catalog/index.ts';
import type { Clock, Entropy } from '../clock.ts';
import { ServiceError } from '../errors.ts';
import type { ExecutionRecord, ForkOrigin } from '../execution-record.ts';
import { flat } from '../flat.ts';
import type { GroupCommit } from '../group-commit.ts';
import { forkCut, forkIncompatibility } from '../history/fork-cut.ts';
import { redriveReplay } from '../history/redrive.ts';
import { MAX_VARIABLE_BYTES } from '../variables.ts';
import { invalidNameMessage, validName } from '../names.ts';
import { executionRow } from './execution-row.ts';
import { forkSource } from './fork-source.ts';
import type { ExecutionObservers } from '../observers.ts';
import type { KnownExecutions } from './known.ts';
import type { Launcher } from './launcher.ts';

export interface ForkDeps {
  readonly clock: Clock;
  readonly entropy: Entropy;
  readonly arns: Arns;
  readonly machines: StateMachines;
  readonly journal: GroupCommit | undefined;
  readonly known: KnownExecutions;
  readonly launcher: Launcher;
  /** Where an Express source's events are read from: its execution log. */
  readonly observers: ExecutionObservers;
}

/** StartForkedExecution (a Stepwise extension; docs/fork-and-compare.md). */
export interface ForkInput {
  readonly executionArn: string;
  readonly eventId: number;
  readonly name?: string | undefined;
  /** JSON text: the state input at the fork point (the execution's input at ExecutionStarted). */
  readonly input?: string | undefined;
  /** JSON object text: variables assigned when the fork point's state is entered. */
  readonly variables?: string | undefined;
  /** Another revision, version or alias of the source's state machine to continue on. */
  readonly stateMachineArn?: string | undefined;
}

const refuse = (message: string): ServiceError => new ServiceError('ValidationException', message);

function parsed(text: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw refuse(`Invalid ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * A new execution that copies the source's history up to an event and continues from there by
 * replay, as if it had crashed there: what the copied events record (task results included) is
 * adopted, not run again. It may edit the input or variables of the state the event enters, and
 * run on another revision or version when the copied states still fit it.
 */
export async function forkExecution(deps: ForkDeps, input: ForkInput): Promise<ExecutionRecord> {
  const { source, kept, cut, edited, variables, target, registered } = await prepareFork(deps, input);
  const { known, clock } = deps;
  const sm = registered.record;
  const name = input.name ?? flat(deps.entropy.uuid());
  // A fork of an Express execution is Express: in memory, its ARN unique, its log its history.
  const arn = flat(
    kept
      ? deps.arns.execution(sm.name, name)
      : deps.arns.expressExecution(sm.name, name, deps.entropy.uuid()),
  );
  // A name given may be an execution's that closed a while ago (in the store only).
  if (kept && input.name !== undefined) await known.ensure(arn);
  if (known.current(arn) || known.parked.has(arn))
    throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
  const origin: ForkOrigin = {
    executionArn: input.executionArn,
    eventId: input.eventId,
    ...(cut.edited
      ? {
          edit: {
            ...cut.edited,
            ...(edited === undefined ? {} : { input: edited }),
            ...(variables === undefined ? {} : { variables: JSON.stringify(variables) }),
          },
        }
      : {}),
  };
  const record: ExecutionRecord = {
    executionArn: arn,
    stateMachineArn: sm.stateMachineArn,
    name,
    // Edited at ExecutionStarted, the fork is a new start with that input.
    input: cut.copied.length === 0 && edited !== undefined ? edited : source.input,
    startDate: clock.now(),
    roleArn: sm.roleArn,
    status: 'RUNNING',
    ...(target?.stateMachineVersionArn ? { stateMachineVersionArn: target.stateMachineVersionArn } : {}),
    ...(target?.stateMachineAliasArn ? { stateMachineAliasArn: target.stateMachineAliasArn } : {}),
    forkedFrom: origin,
  };
  const copied = cut.copied;
  if (!kept) {
    deps.launcher.express(record, registered, undefined, copied);
    return record;
  }
  // The source names its forks (its row is written again with them; a running or parked source's
  // record is the one it closes with, so the link stays).
  kept.forks = [...(kept.forks ?? []), arn];
  deps.journal?.execution(executionRow(kept, source.ran));
  known.sources.set(arn, {
    record: sm,
    stateMachineVersionArn: target?.stateMachineVersionArn,
    stateMachineAliasArn: target?.stateMachineAliasArn,
  });
  const format = known.formats.get(kept.executionArn);
  if (format !== undefined) known.formats.set(arn, format);
  for (const e of copied) deps.journal?.event({ executionArn: arn, id: e.id, data: e as unknown as Doc });
  // A redriven source's copied attempts replay as a redrive does (recovery does the same for forks).
  const recorded = copied.some((e) => e.type === 'ExecutionRedriven') ? redriveReplay(copied) : copied;
  deps.launcher.run(record, registered, copied.length ? { recorded, shown: copied } : {});
  return record;
}

/**
 * Everything a fork checks before it makes anything: the refusals of StartForkedExecution but
 * ExecutionAlreadyExists (a bulk fork's dry run asks this for each execution it would fork).
 */
export async function checkFork(deps: ForkDeps, input: ForkInput): Promise<void> {
  await prepareFork(deps, input);
}

async function prepareFork(deps: ForkDeps, input: ForkInput) {
  const source = await forkSource(deps, input.executionArn);
  if (input.name !== undefined && !validName(input.name)) {
    throw new ServiceError('InvalidName', invalidNameMessage(input.name));
  }
  const variables = input.variables === undefined ? undefined : parsed(input.variables, 'variables');
  if (
    variables !== undefined &&
    (typeof variables !== 'object' || variables === null || Array.isArray(variables))
  ) {
    throw refuse('Invalid variables: a JSON object of variable names to values is expected');
  }
  for (const [name, value] of Object.entries(variables ?? {})) {
    if (Buffer.byteLength(JSON.stringify(value)) > MAX_VARIABLE_BYTES)
      throw refuse(`Variable '${name}' is too large`);
  }
  const edited = input.input === undefined ? undefined : JSON.stringify(parsed(input.input, 'input'));
  const cut = forkCut(source.events, input.eventId, edited !== undefined || variables !== undefined);
  if (typeof cut === 'string') throw refuse(cut);
  if (variables !== undefined && !cut.edited) {
    throw refuse("Variables can be edited only at a state's entry (a …StateEntered event)");
  }
  const { kept } = source;
  const ranArn = source.ran.stateMachineArn;
  const target = onto(deps, ranArn, input.stateMachineArn);
  const registered: Registered = target?.registered ?? source.registered();
  // An Express source's log does not say which revision ran it: the copied states must fit.
  if (target || !kept) {
    const why = forkIncompatibility(cut.replayed, registered.machine);
    if (why) throw refuse(`Cannot fork onto ${input.stateMachineArn ?? ranArn}: ${why}`);
  }
  return { source, kept, cut, edited, variables, target, registered };
}

/** The revision, version or alias a fork continues on, when not the source's own revision. */
function onto(deps: ForkDeps, sourceMachine: string, arn: string | undefined) {
  if (arn === undefined) return undefined;
  const target = startSource(deps.machines, findStartTarget(deps.machines, arn), () => deps.entropy.random());
  if (target.registered.record.stateMachineArn !== sourceMachine) {
    throw refuse(`${arn} is not a revision, version or alias of ${sourceMachine}`);
  }
  return target;
}
