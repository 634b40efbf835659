// Folds an execution's history (GetExecutionHistory events) into one "run" per state entry:
// what the AWS console shows when a state is clicked (input, output, parameters, errors,
// retries, duration) and the colour of each node. Pure, so it is tested without a browser.
//
// Events are attributed by following `previousEventId`: every event points at the event before
// it in its own thread (a Parallel branch, a Map iteration), which is how AWS links histories.
import type { ExecutionStatus, HistoryEvent } from '../api/shapes.ts';

export type RunStatus = 'succeeded' | 'failed' | 'caught' | 'running' | 'cancelled';

/** One call of a Task's resource: from its *Scheduled event to the event that ended it. */
export interface Attempt {
  readonly scheduledAt: number;
  /** Parameters (service integrations) or input (Lambda by ARN, activities), as JSON text. */
  readonly parameters?: string;
  /** `resourceType:resource` of service integrations (`dynamodb:putItem`), else the ARN. */
  readonly resource?: string;
  /** TaskScheduled's `resourceType` (`dynamodb`, `aws-sdk:s3`, `states`), if any. */
  readonly resourceType?: string;
  readonly region?: string;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
  /** TaskStarted / LambdaFunctionStarted / ActivityStarted. */
  startedAt?: number;
  /** TaskSubmitted (`.sync`, `.waitForTaskToken`): when, and the service's answer to the call. */
  submittedAt?: number;
  submitted?: string;
  outcome?: 'succeeded' | 'failed';
  /** The event type that ended the attempt: `TaskSucceeded`, `TaskTimedOut`, … */
  endedBy?: string;
  endedAt?: number;
  error?: string;
  cause?: string;
  output?: string;
}

export interface StateRun {
  readonly name: string;
  readonly type: string;
  /** The Map iterations this run sits in, outermost first, e.g. `PriceItems[2]`; '' at top level. */
  readonly iteration: string;
  readonly parent?: StateRun;
  readonly enteredAt: number;
  readonly input?: string;
  readonly events: HistoryEvent[];
  readonly attempts: Attempt[];
  exitedAt?: number;
  output?: string;
  /** The workflow variables its exit assigned (`Assign`): name → value as JSON text. */
  assigned?: Record<string, string>;
  /** The failure that ended the run's last attempt (task) or the Map/Parallel itself. */
  error?: string;
  cause?: string;
  failed: boolean;
  /** Map iterations started, by index, with their outcome. */
  readonly iterations: Map<number, 'running' | 'succeeded' | 'failed' | 'aborted'>;
  status: RunStatus;
  /** Set when a redrive closed this run: its status as the failed execution left it. */
  closed?: RunStatus;
}

export interface ExecutionRuns {
  readonly runs: StateRun[];
  /** Every Map iteration key seen, e.g. `PriceItems[0]`, for the iteration picker. */
  readonly iterations: string[];
}

function details(event: HistoryEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && typeof value === 'object' && value !== null) {
      return value as Record<string, unknown>;
    }
  }
  return {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const GROUPS = new Set(['Map', 'Parallel']);

function isOpenGroup(run: StateRun, type?: string): boolean {
  return GROUPS.has(run.type) && run.exitedAt === undefined && (type === undefined || run.type === type);
}

/** The run a newly entered state belongs to: the open Map/Parallel around it, if any. */
function owner(run: StateRun | undefined): StateRun | undefined {
  if (!run) return undefined;
  return isOpenGroup(run) ? run : run.parent;
}

function enclosing(run: StateRun | undefined, type: string): StateRun | undefined {
  let current = run;
  while (current && !isOpenGroup(current, type)) current = current.parent;
  return current;
}

interface Context {
  readonly run: StateRun | undefined;
  readonly iteration: string;
}

const TASK_FAILURES = /(Failed|TimedOut|StartFailed|SubmitFailed|ScheduleFailed)$/;

export function foldRuns(events: readonly HistoryEvent[], status: ExecutionStatus): ExecutionRuns {
  const runs: StateRun[] = [];
  const iterations: string[] = [];
  const contexts = new Map<number, Context>();
  for (const event of events) {
    const before = contexts.get(event.previousEventId ?? 0) ?? { run: undefined, iteration: '' };
    const info = details(event);
    const type = event.type;
    let context: Context = before;
    if (type.endsWith('StateEntered')) {
      const parent = owner(before.run);
      const run: StateRun = {
        name: text(info.name) ?? '?',
        type: type.slice(0, -'StateEntered'.length),
        iteration: before.iteration,
        ...(parent ? { parent } : {}),
        enteredAt: event.timestamp,
        ...(text(info.input) !== undefined ? { input: text(info.input) } : {}),
        events: [event],
        attempts: [],
        failed: false,
        iterations: new Map(),
        status: 'running',
      };
      runs.push(run);
      context = { run, iteration: before.iteration };
    } else if (type.endsWith('StateExited')) {
      const name = text(info.name);
      const run =
        before.run?.name === name && before.run?.exitedAt === undefined
          ? before.run
          : runs.findLast((candidate) => candidate.name === name && candidate.exitedAt === undefined);
      if (run) {
        if (run.closed) {
          // A redrive kept this Parallel or Map open (it re-ran only its failed branches or
          // iterations): the run continued, and its exit ends it afresh.
          delete run.closed;
          delete run.error;
          delete run.cause;
          run.failed = false;
        }
        run.exitedAt = event.timestamp;
        const output = text(info.output);
        if (output !== undefined) run.output = output;
        const assigned = info.assignedVariables;
        if (assigned && typeof assigned === 'object' && !Array.isArray(assigned)) {
          run.assigned = assigned as Record<string, string>;
        }
        run.events.push(event);
      }
      context = { run, iteration: run?.iteration ?? before.iteration };
    } else if (type.startsWith('MapIteration')) {
      const map = enclosing(before.run, 'Map');
      const index = typeof info.index === 'number' ? info.index : -1;
      if (map) {
        map.events.push(event);
        const outcome = type.slice('MapIteration'.length).toLowerCase();
        map.iterations.set(index, outcome === 'started' ? 'running' : (outcome as 'succeeded'));
      }
      if (type === 'MapIterationStarted') {
        const key = `${map?.iteration ? `${map.iteration} › ` : ''}${text(info.name) ?? map?.name ?? '?'}[${index}]`;
        if (!iterations.includes(key)) iterations.push(key);
        context = { run: map, iteration: key };
      } else context = { run: map, iteration: map?.iteration ?? '' };
    } else if (type.startsWith('MapState') || type.startsWith('ParallelState')) {
      const group = enclosing(before.run, type.startsWith('Map') ? 'Map' : 'Parallel');
      if (group) {
        group.events.push(event);
        if (type.endsWith('Failed') || type.endsWith('Aborted')) {
          group.failed = true;
          // MapStateFailed/ParallelStateFailed carry no error: it is the failed child's.
          const child = runs.findLast((run) => run.parent === group && run.error !== undefined);
          group.error ??= child?.error;
          group.cause ??= child?.cause;
          group.error = text(info.error) ?? group.error;
          group.cause = text(info.cause) ?? group.cause;
        }
      }
      context = { run: group, iteration: group?.iteration ?? before.iteration };
    } else if (type === 'ExecutionRedriven') {
      // A redrive restarts the unsuccessful states as new runs; the old ones keep the status
      // the execution ended them with.
      const ended = events.findLast(
        (e) => e.id < event.id && /^Execution(Failed|TimedOut|Aborted)$/.test(e.type),
      );
      const was: ExecutionStatus =
        ended?.type === 'ExecutionAborted'
          ? 'ABORTED'
          : ended?.type === 'ExecutionTimedOut'
            ? 'TIMED_OUT'
            : 'FAILED';
      for (const run of runs) if (run.exitedAt === undefined && !run.closed) run.closed = runStatus(run, was);
    } else if (type === 'ExecutionFailed' || type === 'ExecutionTimedOut') {
      // A Fail state (or an uncaught error) ends the execution: its error belongs to that state.
      const run = before.run;
      if (run && run.exitedAt === undefined) {
        run.failed = true;
        run.error ??= text(info.error);
        run.cause ??= text(info.cause);
      }
    } else if (!type.startsWith('Execution') && before.run) {
      recordTaskEvent(before.run, event, info);
    }
    contexts.set(event.id, context);
  }
  for (const run of runs) run.status = run.closed ?? runStatus(run, status);
  return { runs, iterations };
}

function recordTaskEvent(run: StateRun, event: HistoryEvent, info: Record<string, unknown>): void {
  run.events.push(event);
  const type = event.type;
  if (type.endsWith('Scheduled')) {
    const resource = text(info.resource);
    const resourceType = text(info.resourceType);
    const parameters = text(info.parameters) ?? text(info.input);
    run.attempts.push({
      scheduledAt: event.timestamp,
      ...(parameters !== undefined ? { parameters } : {}),
      ...(resource !== undefined
        ? { resource: resourceType ? `${resourceType}:${resource}` : resource }
        : {}),
      ...(resourceType !== undefined ? { resourceType } : {}),
      ...(text(info.region) !== undefined ? { region: text(info.region) } : {}),
      ...(typeof info.timeoutInSeconds === 'number' ? { timeoutSeconds: info.timeoutInSeconds } : {}),
      ...(typeof info.heartbeatInSeconds === 'number' ? { heartbeatSeconds: info.heartbeatInSeconds } : {}),
    });
    return;
  }
  const attempt = run.attempts.at(-1);
  if (attempt && type.endsWith('Started')) {
    attempt.startedAt = event.timestamp;
  } else if (attempt && type.endsWith('Submitted')) {
    attempt.submittedAt = event.timestamp;
    const output = text(info.output);
    if (output !== undefined) attempt.submitted = output;
  } else if (TASK_FAILURES.test(type)) {
    run.error = text(info.error);
    run.cause = text(info.cause);
    run.failed = true;
    if (attempt) {
      attempt.outcome = 'failed';
      attempt.endedBy = type;
      attempt.endedAt = event.timestamp;
      if (run.error !== undefined) attempt.error = run.error;
      if (run.cause !== undefined) attempt.cause = run.cause;
    }
  } else if (type.endsWith('Succeeded')) {
    run.failed = false;
    if (attempt) {
      attempt.outcome = 'succeeded';
      attempt.endedBy = type;
      attempt.endedAt = event.timestamp;
      const output = text(info.output);
      if (output !== undefined) attempt.output = output;
    }
  } else if (type === 'FailStateEntered') {
    run.failed = true;
  }
}

function runStatus(run: StateRun, execution: ExecutionStatus): RunStatus {
  if (run.exitedAt !== undefined) return run.failed ? 'caught' : 'succeeded';
  if (execution === 'RUNNING') return 'running';
  if (execution === 'ABORTED') return 'cancelled';
  if (run.type === 'Fail' || run.failed) return 'failed';
  // A timed-out execution fails the states it was in; a failure elsewhere cancels siblings.
  if (execution === 'TIMED_OUT') return 'failed';
  return 'cancelled';
}

/** How long a run took (or has taken so far), in seconds. */
export function duration(run: StateRun, now: number): number {
  return (run.exitedAt ?? now) - run.enteredAt;
}

const PRECEDENCE: readonly RunStatus[] = ['failed', 'running', 'caught', 'cancelled', 'succeeded'];

/**
 * The colour of each state: its runs in the chosen Map iteration (or all of them). Within one
 * iteration the latest run counts (a loop, a redrive); across iterations the most telling status
 * wins (a failed iteration shows even if the others succeeded).
 */
export function statusByState(runs: readonly StateRun[], iteration?: string): Map<string, RunStatus> {
  const latest = new Map<string, StateRun>();
  for (const run of runs) {
    const outside =
      iteration &&
      run.iteration !== '' &&
      !run.iteration.startsWith(iteration) &&
      !iteration.startsWith(run.iteration);
    if (!outside) latest.set(`${run.name}\u0000${run.iteration}`, run);
  }
  const result = new Map<string, RunStatus>();
  for (const run of latest.values()) {
    const current = result.get(run.name);
    if (current === undefined || PRECEDENCE.indexOf(run.status) < PRECEDENCE.indexOf(current)) {
      result.set(run.name, run.status);
    }
  }
  return result;
}

/** The task tokens waiting for SendTaskSuccess/SendTaskFailure (callback pattern). */
export interface PendingCallback {
  readonly run: StateRun;
  readonly token: string;
}

function findToken(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (/token/i.test(key) && typeof inner === 'string' && inner.length > 0) return inner;
    const nested = findToken(inner);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * Open `.waitForTaskToken` tasks. History holds the token only where the definition passed
 * `$$.Task.Token` into the parameters (which the callback pattern requires), so it is read there.
 */
export function pendingCallbacks(runs: readonly StateRun[]): PendingCallback[] {
  const pending: PendingCallback[] = [];
  for (const run of runs) {
    const attempt = run.attempts.at(-1);
    if (run.status !== 'running' || !attempt || attempt.outcome !== undefined) continue;
    if (!attempt.resource?.endsWith('.waitForTaskToken') || attempt.parameters === undefined) continue;
    let parameters: unknown;
    try {
      parameters = JSON.parse(attempt.parameters);
    } catch {
      continue;
    }
    const token = findToken(parameters);
    if (token) pending.push({ run, token });
  }
  return pending;
}

/**
 * Tasks waiting for an activity worker: their token goes to the worker (GetActivityTask), never
 * into the history, so the console can only say who it waits for.
 */
export function waitingActivities(runs: readonly StateRun[]): StateRun[] {
  return runs.filter((run) => {
    const attempt = run.attempts.at(-1);
    return (
      run.status === 'running' && attempt?.outcome === undefined && /:activity:/.test(attempt?.resource ?? '')
    );
  });
}
