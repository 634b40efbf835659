import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import type { Engine } from '../../engine/index.ts';
import type { Store } from '../../store/index.ts';
import { forwardTo, isForwarded, unavailable } from './forward-to-leader.ts';
import { serverAddress } from './server-registry.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const TARGET = 'AWSStepFunctions.';

/**
 * Calls the leader answers: catalog writes (each server's catalog is read back from the store),
 * and bulk operations, which the leader runs (and resumes after a failover).
 */
const TO_LEADER = new Set([
  'StartBulkOperation',
  'CancelBulkOperation',
  'CreateStateMachine',
  'UpdateStateMachine',
  'DeleteStateMachine',
  'PublishStateMachineVersion',
  'DeleteStateMachineVersion',
  'CreateStateMachineAlias',
  'UpdateStateMachineAlias',
  'DeleteStateMachineAlias',
  'TagResource',
  'UntagResource',
  'CreateActivity',
  'DeleteActivity',
]);
/**
 * Calls about one execution answered by the server that drives it (its lease's owner): what it
 * runs and its Map Runs are in that server's memory. StopExecution and SendTask* reach the owner
 * through the store (engine/messages/); DescribeExecution and GetExecutionHistory are read from
 * the store (FROM_STORE).
 */
const BY_EXECUTION = new Set([
  'DescribeStateMachineForExecution',
  'RedriveExecution',
  'ListMapRuns',
  // Stepwise extensions: a fork rewrites its source's record (its forks), which only its driver may.
  'StartForkedExecution',
  'DescribeExecutionLineage',
  'SaveExecutionAsTest',
]);
/**
 * Reads answered on any server from the store: the execution's row and its committed history
 * (the owner's memory is ahead by at most the group commit under way, as AWS's reads may lag).
 */
const FROM_STORE = new Set(['DescribeExecution', 'GetExecutionHistory']);
/** Calls that name a Map Run (its execution's server holds it in memory). */
const MAP_RUN = new Set(['DescribeMapRun', 'UpdateMapRun', 'ListExecutions']);
/** Calls that name a state machine another server may have created a moment ago. */
const BY_MACHINE = new Set([
  'StartExecution',
  'StartForkedExecution',
  'StartSyncExecution',
  'DescribeStateMachine',
  'ListExecutions',
]);

/** How long a call waits for a dead server's execution to be claimed by a live one. */
const CLAIM_WAIT_MS = 5_000;
const RETRY_MS = 100;

export interface RouteDeps {
  readonly store: Store;
  /** The current runtime's engine and lease owner id. */
  readonly engine: () => Engine;
  readonly owner: () => string | undefined;
  readonly leads: () => boolean;
  readonly local: Handler;
  readonly toLeader: Handler;
  /** The answer to a call forwarded here for the leader by a server that thinks this one leads. */
  readonly refuse: Handler;
  readonly maxBytes: number;
}

/**
 * The API of a server that drives executions by lease (scale-out, DESIGN.md decision 6): every
 * server answers every call. Starts and reads run here (a machine created on another server is
 * read from the store); a read of an execution another server drives goes to that server;
 * catalog writes go to the leader, so that one server writes the catalog.
 */
export function routeByOwner(deps: RouteDeps): Handler {
  const limit = { maxBytes: deps.maxBytes, oversized: deps.local };
  const route: Handler = (req, res) => {
    // Forwarded to this server by another: it is answered here, never sent on again (a fork
    // onto a version published a moment ago on the leader has the catalog read first).
    const forwarded = isForwarded(req);
    if (forwarded && !(FORKS.has(String(req.headers['x-amz-target'])) && !deps.leads())) {
      return deps.local(req, res);
    }
    if (Number(req.headers['content-length']) > deps.maxBytes) return deps.local(req, res);
    void readAll(req, deps.maxBytes).then(async (body) => {
      const again = (): IncomingMessage => replayed(req, body ?? Buffer.alloc(0));
      if (body === undefined) return deps.local(again(), res);
      const target = req.headers['x-amz-target'];
      const action =
        typeof target === 'string' && target.startsWith(TARGET) ? target.slice(TARGET.length) : '';
      const input = parsed(body);
      if (!forwarded && TO_LEADER.has(action)) {
        return (deps.leads() ? deps.local : deps.toLeader)(again(), res);
      }
      const engine = deps.engine();
      try {
        const machine = machineOf(action, input);
        if (machine !== undefined) await known(engine, machine, action === 'ListExecutions');
        if (forwarded) return deps.local(again(), res);
        if (action === 'GetActivityTask' && typeof input['activityArn'] === 'string') {
          await activityKnown(engine, input['activityArn']);
        }
        // Both executions compared are read here (a closed one from the store).
        if (action === 'CompareExecutions') {
          for (const side of ['leftExecutionArn', 'rightExecutionArn']) {
            const arn = input[side];
            if (typeof arn === 'string') await engine.placement.remember(arn);
          }
        }
        if (FROM_STORE.has(action) && typeof input['executionArn'] === 'string') {
          // Read afresh (unless driven or closed here): its record, for describe and history.
          await engine.placement.remember(input['executionArn']);
          return deps.local(again(), res);
        }
        // A Map Run is read from the store; a change to it goes to the server that drives its execution.
        const mapRun = MAP_RUN.has(action) ? input['mapRunArn'] : undefined;
        const parent = typeof mapRun === 'string' ? await engine.placement.rememberMapRun(mapRun) : undefined;
        const arn = action === 'UpdateMapRun' ? parent : executionOf(action, input);
        if (arn === undefined) return deps.local(again(), res);
        const owner = await executionOwner(deps.store, engine, deps.owner(), arn);
        if (owner === undefined) return deps.local(again(), res);
        let moved = false;
        forwardTo(
          () => serverAddress(deps.store, owner),
          limit,
          'server that drives this execution',
          // Its server died: once its lease has expired (or moved on), the call is placed again
          // (a claim, here or elsewhere) instead of waiting for the dead server. Once per call.
          async (out) => {
            const lease = await deps.store.leaseOf(arn);
            if (moved || (lease?.owner === owner && lease.expiresAt > Date.now())) return false;
            moved = true;
            route(again(), out);
            return true;
          },
        )(again(), res);
      } catch (e) {
        unavailable(
          res,
          `The store did not answer (${e instanceof Error ? e.message : String(e)}); try again.`,
        );
      }
    });
  };
  return route;
}

/** The calls that fork onto a state machine, version or alias: StartForkedExecution, a bulk fork's. */
const FORKS = new Set([`${TARGET}StartForkedExecution`, `${TARGET}ApplyBulkAction`]);

/** The state machine, version or alias a call names, which this server must know as the store has it. */
function machineOf(action: string, input: Record<string, unknown>): string | undefined {
  if (action === 'ApplyBulkAction') {
    const fork = (input['operation'] as { fork?: { stateMachineArn?: unknown } } | undefined)?.fork;
    return typeof fork?.stateMachineArn === 'string' ? fork.stateMachineArn : undefined;
  }
  const arn = input['stateMachineArn'];
  return BY_MACHINE.has(action) && typeof arn === 'string' ? arn : undefined;
}

/** The execution a call is about, if it is about one. */
function executionOf(action: string, input: Record<string, unknown>): string | undefined {
  if (BY_EXECUTION.has(action) && typeof input['executionArn'] === 'string') return input['executionArn'];
  return undefined;
}

/** Makes sure the engine knows the machine as the store has it (and its executions, to list them). */
async function known(engine: Engine, stateMachineArn: string, executions: boolean): Promise<void> {
  try {
    // A machine, version or alias (an alias is no machine of its own: not read again each time).
    engine.startTargetMachine(stateMachineArn);
  } catch {
    await engine.placement.refreshMachine(stateMachineArn);
  }
  if (executions) await engine.placement.rememberAll(stateMachineArn);
}

async function activityKnown(engine: Engine, activityArn: string): Promise<void> {
  try {
    engine.taskControl.describeActivity(activityArn);
  } catch {
    await engine.placement.refreshMachine(activityArn);
  }
}

/**
 * The lease owner that answers for `arn`, or undefined when this server does: it drives it, or
 * nobody does (it is closed, or unknown: read from the store, or answered as not existing). A
 * lease that expired (its server died) is waited on until a live server claims it.
 */
export async function executionOwner(
  store: Store,
  engine: Engine,
  self: string | undefined,
  arn: string,
): Promise<string | undefined> {
  const deadline = Date.now() + CLAIM_WAIT_MS;
  for (;;) {
    if (engine.placement.drives(arn)) return undefined;
    const lease = await store.leaseOf(arn);
    if (!lease) {
      await engine.placement.remember(arn);
      return undefined;
    }
    const claimed = lease.owner !== self && lease.expiresAt > Date.now();
    if (claimed) return lease.owner;
    // Ours but not resumed yet, or its server died and a claim is under way.
    if (Date.now() > deadline) throw new Error(`no live server holds ${arn} yet`);
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

function parsed(body: Buffer): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function readAll(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    req.on('end', () => resolve(size > max ? undefined : Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}

/** The request again, with the body already read: the API handler and forwarders read it as sent. */
function replayed(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = Object.assign(new PassThrough(), {
    headers: { ...req.headers, 'content-length': String(body.length) },
    rawHeaders: req.rawHeaders,
    method: req.method,
    url: req.url,
    socket: req.socket,
    httpVersion: req.httpVersion,
    complete: true,
  });
  copy.end(body);
  return copy as unknown as IncomingMessage;
}
