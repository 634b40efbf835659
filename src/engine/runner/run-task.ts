import type { Json, TaskResource } from '../../asl/index.ts';
import { isJsonObject, StatesErrors } from '../../asl/index.ts';
import type {
  TaskProgress,
  TaskRequest,
  TaskResult,
  TaskRunner,
  VisitContext,
} from '../../integrations/index.ts';
import { linkedAbort } from '../abort.ts';
import { Kept } from '../kept-shapes.ts';
import type { Clock } from '../clock.ts';
import type { TaskPhase } from '../execution-observer.ts';
import type { HistoryEvent } from '../history/event.ts';
import type { Payload } from '../history/payloads.ts';
import type { Following } from '../following.ts';
import type { History, Thread } from '../history/thread.ts';
import type { TimerCommand } from '../timers/execution-timers.ts';
import type { MissedDeadline } from './task-deadlines.ts';
import { withDeadlines } from './task-deadlines.ts';
import type { Entry, TaskDecision, Vocabulary } from './task-vocabulary.ts';
import { vocabularyOf } from './task-vocabulary.ts';

/** Appends one event given as an Entry (without spreading it into the call, a slow path). */
function record(history: History, thread: Thread, at: number, entry: Entry): void {
  const [type, member, details] = entry;
  if (member === undefined) history.append(thread, at, type);
  else history.appendWith(thread, at, type, member, details);
}

/**
 * What a Task needs of its execution to run and be recorded: its history, time and work. The
 * execution lends the same object to every task (ExecutionHost), so a task builds no request
 * object of its own before the integration's.
 */
export interface TaskHost {
  readonly history: History;
  readonly clock: Clock;
  readonly tasks: TaskRunner;
  readonly region: string;
  /** A payload as the execution records it: its JSON text (reused across events), or the value (history/payloads.ts). */
  readonly payload: (value: Json) => Payload;
  /** Runs `work` once the current turn of the event loop is over (absent: at once). */
  readonly afterTurn: ((work: () => void) => void) | undefined;
  /** The execution's timer path (TimeoutSeconds and HeartbeatSeconds are timer commands). */
  readonly timer: (command: TimerCommand) => Promise<void>;
  /** Its observers, when some are told of its tasks (absent: none are). */
  readonly told?: Following | undefined;
}

/**
 * Performs one Task decision and records its events (scheduled, started, then succeeded,
 * failed or timed out). TimeoutSeconds and HeartbeatSeconds are enforced here: the call is
 * abandoned with States.Timeout when it runs longer, or goes HeartbeatSeconds without a heartbeat.
 * `task` is the Task state's resource, classified when the definition was compiled; `visit` has
 * the visit's `$$` (the task token, if any, is in it).
 */
export function runTask(
  host: TaskHost,
  thread: Thread,
  decision: TaskDecision,
  task: TaskResource,
  visit: VisitContext,
  signal: AbortSignal,
  slot: AnswerSlot,
): Promise<TaskResult> {
  const told = host.told;
  // An activity's observers are told when a worker takes it: the recorded path tells them.
  return thread.silent &&
    (told === undefined || task.family !== 'activity') &&
    !host.history.replaying &&
    decision.timeoutSeconds === undefined &&
    decision.heartbeatSeconds === undefined
    ? runSilently(host, decision, task, visit, signal, told)
    : runRecorded(host, thread, decision, task, visit, signal, told, slot);
}

/** How a recorded task's answer is recorded after its caller awaited it (`AnswerSlot`). */
export interface TaskAnswer {
  /** Records the task's end (unless its branch was aborted meanwhile) and gives its result. */
  answered(result: TaskResult): TaskResult;
}

/**
 * Where `runTask` leaves a recorded task whose promise is the integration's own: its caller
 * awaits that promise, then has the answer recorded (a `then` of runTask's own cost each recorded
 * task two closures, a promise and a lookup of its result's `then`).
 */
export interface AnswerSlot {
  answering: TaskAnswer | undefined;
}

/**
 * A silent thread's task without deadlines (an Express execution's, usually): called, nothing
 * recorded, no vocabulary looked up. Its answer is the integration's own promise, as a recorded
 * task's is, unless observers are told how it closed (a `then`). A stop meanwhile is the step
 * loop's to see (`interrupted`, on the same signal): it drops the answer.
 */
function runSilently(
  { tasks, clock }: TaskHost,
  decision: TaskDecision,
  task: TaskResource,
  visit: VisitContext,
  signal: AbortSignal,
  told: Following | undefined,
): Promise<TaskResult> {
  if (signal.aborted) return ABORTED_ANSWER;
  const request: TaskRequest = {
    resource: decision.resource,
    task,
    parameters: decision.parameters,
    timeoutSeconds: undefined,
    heartbeatSeconds: undefined,
    credentials: decision.credentials,
    visit,
    signal,
    taskToken: taskTokenOf(task, visit),
    resumeSubmitted: undefined,
    // As recorded ones get them, but recording nothing (a Lambda task gets none).
    progress: task.family === 'lambda-function' ? undefined : SILENT_PROGRESS,
  };
  // Its observers are told it started as it was scheduled, and how it closed (unless stopped).
  const scheduledAt = told === undefined ? 0 : clock.now();
  told?.task(task, 'Scheduled', 0, 0);
  const closed =
    told &&
    ((result: TaskResult): TaskResult => {
      if (signal.aborted) return result;
      const phase = result.ok ? 'Succeeded' : closedAs(task, result);
      const since = clock.now() - scheduledAt;
      told.task(task, phase, since, since);
      return result;
    });
  let running: Promise<TaskResult>;
  try {
    running = tasks.run(request);
  } catch (e) {
    return Promise.resolve(closed ? closed(taskFailed(e)) : taskFailed(e));
  }
  // Without observers the integration's own promise is the answer: the step loop has
  // ExecutionSteps.taskRejected turn its rejection into States.TaskFailed (a `then` here cost each
  // Express task a promise, a turn and a lookup of its result's `then`).
  return closed ? Promise.resolve(running).then(closed, (e: unknown) => closed(taskFailed(e))) : running;
}

/** `$$.Task.Token` of the visit, if it has one (an activity's or a `.waitForTaskToken` task's). */
function taskTokenOf(task: TaskResource, visit: VisitContext): string | undefined {
  if (!task.takesTaskToken) return undefined;
  const token = visit.context['Task'];
  return isJsonObject(token) && typeof token['Token'] === 'string' ? token['Token'] : undefined;
}

/** A task whose integration threw or rejected: States.TaskFailed with its message. */
export const taskFailed = (e: unknown): TaskResult => ({
  ok: false,
  error: StatesErrors.TaskFailed,
  cause: e instanceof Error ? e.message : String(e),
});

/** A silent thread's task records no progress: the callbacks do nothing. */
const SILENT_PROGRESS: NonNullable<TaskRequest['progress']> = Object.freeze({
  started: () => {},
  submitted: () => {},
});

/**
 * A task that records its events (or is told to observers, or has deadlines): its scheduled (and
 * started) events are written now, its closing event when the answer comes (`RecordedTask`).
 * Without deadlines the integration's own promise is returned and the task left in `slot`: the
 * step loop awaits the promise and has the answer recorded, then goes on in the same turn (where
 * a `then` here gave it a turn of its own: concurrent branches' closing events came before any
 * of them went on). Not an async function: an async frame keeps every register of the function
 * (42 slots here) and a context for the closures made in it, ~1.3 KB a task with its awaits.
 */
function runRecorded(
  host: TaskHost,
  thread: Thread,
  decision: TaskDecision,
  task: TaskResource,
  visit: VisitContext,
  signal: AbortSignal,
  observers: Following | undefined,
  slot: AnswerSlot,
): Promise<TaskResult> {
  const { history, clock, tasks, payload } = host;
  // AWS records the region the service is called in: the integration's, where it has its own.
  const words = vocabularyOf(task, tasks.regionOf?.(task) ?? host.region);
  // A silent thread (Express) records nothing: its events' details are not even built.
  const loud = !thread.silent;
  const recording = new RecordedTask(host, thread, task, words, signal, observers, loud);
  if (loud) {
    // Scheduled and (but for activities) Started are recorded together, at one time: that of the
    // state's entry when it was just written (a first attempt, in the turn it was entered), else
    // a reading of the clock (a retry, a replay).
    const scheduledAt = history.lastWrittenAt(thread, 'TaskStateEntered') ?? clock.now();
    const [type, member] = words.scheduledAs;
    const replaying = history.replaying;
    const values = words.scheduledValues(decision);
    const id =
      values !== undefined
        ? history.appendValues(
            thread,
            scheduledAt,
            type,
            values.entry,
            values.resource,
            payload(decision.parameters),
          )
        : history.appendWith(thread, scheduledAt, type, member, words.scheduled(decision, payload));
    // Its recorded time when replayed (an adopted event keeps its timestamp).
    recording.scheduledTime = replaying ? (history.latest?.timestamp ?? scheduledAt) : scheduledAt;
    if (!words.startsWhenTaken) record(history, thread, scheduledAt, words.started(undefined));
    if (replaying && !history.fresh(id)) recording.told = undefined;
  } else if (observers) recording.scheduledTime = clock.now();
  // A task but an activity starts as it is scheduled: one call tells both.
  if (!words.startsWhenTaken) recording.startedTime = recording.scheduledTime;
  const startedTime = recording.startedTime;
  recording.told?.task(task, 'Scheduled', 0, startedTime === undefined ? undefined : 0);
  // Replaying a task whose result was recorded: the result stands, the resource is not called
  // again. A task with no recorded result is called again (at-least-once, as on AWS).
  if (history.replaying) {
    const recorded = replayRecordedEnd(history, thread, decision, recording.scheduledTime);
    if (recorded) return Promise.resolve(recorded);
  }
  const resumeSubmitted = history.replaying ? recordedSubmission(history, thread) : undefined;
  // With TimeoutSeconds or HeartbeatSeconds the call gets its own signal, aborted when one passes.
  const timeoutSeconds = decision.timeoutSeconds;
  const heartbeatSeconds = decision.heartbeatSeconds;
  const own =
    timeoutSeconds === undefined && heartbeatSeconds === undefined ? undefined : linkedAbort(signal);
  const request: TaskRequest = {
    resource: decision.resource,
    task,
    parameters: decision.parameters,
    timeoutSeconds,
    heartbeatSeconds,
    credentials: decision.credentials,
    visit,
    signal: own ? own.signal : signal,
    taskToken: taskTokenOf(task, visit),
    resumeSubmitted,
    // Only vocabularies with progress events get callbacks (a Lambda task records none).
    progress: words.startsWhenTaken || words.submitted ? recording : undefined,
  };
  // A branch aborted meanwhile (a sibling failed the Parallel) does not call the resource at all.
  if (signal.aborted) return ABORTED_ANSWER;
  let running: Promise<TaskResult | MissedDeadline>;
  try {
    if (!own) {
      const answer = tasks.run(request);
      slot.answering = recording;
      return answer;
    }
    running = withDeadlines(
      {
        timeoutAt: timeoutSeconds === undefined ? undefined : clock.now() + timeoutSeconds * 1000,
        heartbeatMs: heartbeatSeconds === undefined ? undefined : heartbeatSeconds * 1000,
        clock,
        timer: host.timer,
        afterTurn: host.afterTurn,
      },
      own,
      (heartbeat) => tasks.run(heartbeat ? { ...request, heartbeat } : request),
    );
  } catch (e) {
    return Promise.resolve(recording.answered(taskFailed(e)));
  }
  return Promise.resolve(running).then(
    (result) => recording.answered(result),
    (e: unknown) => recording.answered(taskFailed(e)),
  );
}

const LATEST_TASK = new Kept<RecordedTask>();

/**
 * A recorded task in flight: what its answer (and, for activities and callback or `.sync`
 * tasks, its progress: it is the request's `progress`) records, and whom it tells.
 */
class RecordedTask implements TaskProgress, TaskAnswer {
  private readonly history: History;
  private readonly clock: Clock;
  private readonly payload: (value: Json) => Payload;
  private readonly thread: Thread;
  private readonly task: TaskResource;
  private readonly words: Vocabulary;
  private readonly signal: AbortSignal;
  private readonly loud: boolean;
  /** Who is told of this task's steps: not of one scheduled before the execution resumed. */
  told: Following | undefined;
  /**
   * When the task was scheduled and started: a silent thread has no use for them (it replays
   * nothing) unless its observers are told of its tasks.
   */
  scheduledTime = 0;
  startedTime: number | undefined = undefined;

  constructor(
    host: TaskHost,
    thread: Thread,
    task: TaskResource,
    words: Vocabulary,
    signal: AbortSignal,
    told: Following | undefined,
    loud: boolean,
  ) {
    this.history = host.history;
    this.clock = host.clock;
    this.payload = host.payload;
    this.thread = thread;
    this.task = task;
    this.words = words;
    this.signal = signal;
    this.told = told;
    this.loud = loud;
    // Its class outlives a full GC between tasks (kept-shapes.ts): losing it deoptimized the
    // task path at each one (task-chain Standard: 0.69x, bench:ab).
    LATEST_TASK.latest = this;
  }

  started(workerName: string | undefined): void {
    if (!this.words.startsWhenTaken || this.signal.aborted) return;
    const at = this.clock.now();
    record(this.history, this.thread, at, this.words.started(workerName));
    if (this.told) {
      this.startedTime = at;
      this.told.task(this.task, 'Started', at - this.scheduledTime, 0);
    }
  }

  submitted(output: Json): void {
    const submitted = this.words.submitted;
    if (submitted && !this.signal.aborted)
      record(this.history, this.thread, this.clock.now(), submitted(this.payload(output)));
  }

  /** Records the task's end (unless its branch was aborted meanwhile) and gives its result. */
  answered(result: TaskResult | MissedDeadline): TaskResult {
    if (this.signal.aborted) return ABORTED_TASK;
    const history = this.history;
    const thread = this.thread;
    const words = this.words;
    const told = this.told;
    const task = this.task;
    if (result === 'timeout' || result === 'heartbeat') {
      // Both are recorded as …TimedOut with States.Timeout (AWS-recorded histories, LocalStack's
      // test_heartbeats snapshot); a missed heartbeat is also matched by States.HeartbeatTimeout.
      const at = this.clock.now();
      record(history, thread, at, words.failed('TimedOut', StatesErrors.Timeout, undefined));
      const startedTime = this.startedTime;
      told?.task(
        task,
        timedOutAs(task, result === 'heartbeat'),
        at - this.scheduledTime,
        startedTime === undefined ? undefined : at - startedTime,
      );
      return result === 'timeout' ? TIMED_OUT : MISSED_HEARTBEAT;
    }
    const loud = this.loud;
    if (told === undefined && !loud) return result;
    const at = this.clock.now();
    if (told) {
      const startedTime = this.startedTime;
      const sinceStarted = startedTime === undefined ? undefined : at - startedTime;
      told.task(
        task,
        result.ok ? 'Succeeded' : closedAs(task, result),
        at - this.scheduledTime,
        sinceStarted,
      );
    }
    if (!loud) return result;
    if (result.ok) {
      const [type, member] = words.succeededAs;
      const values = words.succeededValues;
      const output = this.payload(result.output);
      if (values !== undefined) history.appendValues(thread, at, type, values, '', output);
      else history.appendWith(thread, at, type, member, words.succeeded(output));
    } else
      record(history, thread, at, words.failed(result.recordedAs ?? 'Failed', result.error, result.cause));
    return result;
  }
}

/** How a failed task closed, as AWS's task metrics count it: one that could not be scheduled failed. */
function closedAs(task: TaskResource, result: Extract<TaskResult, { ok: false }>): TaskPhase {
  return result.recordedAs === 'TimedOut' ? timedOutAs(task, result.heartbeat === true) : 'Failed';
}

/** A task that timed out: AWS counts an activity's missed heartbeat apart (ActivitiesHeartbeatTimedOut). */
function timedOutAs(task: TaskResource, heartbeat: boolean): TaskPhase {
  return heartbeat && task.family === 'activity' ? 'HeartbeatTimedOut' : 'TimedOut';
}

const TIMED_OUT: TaskResult = Object.freeze({ ok: false, error: StatesErrors.Timeout, cause: undefined });
const MISSED_HEARTBEAT: TaskResult = Object.freeze({
  ok: false,
  error: StatesErrors.Timeout,
  cause: undefined,
  recordedAs: 'TimedOut',
  heartbeat: true,
});
const ABORTED_TASK: TaskResult = Object.freeze({ ok: false, error: 'States.Aborted', cause: undefined });
const ABORTED_ANSWER = Promise.resolve(ABORTED_TASK);

const END = /(Succeeded|Failed|TimedOut)$/;

/**
 * The recorded end of the task at the thread's position (after the Started/Submitted events
 * recorded on the way), adopted with those events; undefined when the task never ended.
 */
function replayRecordedEnd(
  history: History,
  thread: Thread,
  decision: TaskDecision,
  scheduledTime: number,
): TaskResult | undefined {
  const way: HistoryEvent[] = [];
  let at = thread.last;
  for (let step = 0; step < 4; step++) {
    const next = history.recordedNext({ last: at, silent: thread.silent });
    const end = next.find((e) => END.test(e.type));
    if (end) {
      for (const e of [...way, end]) history.adopt(thread, e);
      const result = recordedResult(end);
      return !result.ok && missedHeartbeat(end, decision, scheduledTime)
        ? { ...result, heartbeat: true }
        : result;
    }
    const on = next.find((e) => /(Started|Submitted)$/.test(e.type));
    if (!on) return undefined;
    way.push(on);
    at = on.id;
  }
  return undefined;
}

/**
 * Whether a recorded …TimedOut was a missed heartbeat: both are recorded as States.Timeout, but
 * only TimeoutSeconds can end a task once TimeoutSeconds have passed since it was scheduled
 * (HeartbeatSeconds must be smaller), so one that ended sooner, or without TimeoutSeconds, missed
 * a heartbeat. Replayed Retry/Catch on States.HeartbeatTimeout then decide as they did live.
 */
function missedHeartbeat(end: HistoryEvent, decision: TaskDecision, scheduledTime: number): boolean {
  if (!end.type.endsWith('TimedOut') || decision.heartbeatSeconds === undefined) return false;
  return (
    decision.timeoutSeconds === undefined || end.timestamp - scheduledTime < decision.timeoutSeconds * 1000
  );
}

/**
 * The output of a TaskSubmitted recorded right after the task's Started event, which a replay
 * has reached but whose task never ended: the job it submitted is still the task's job.
 */
function recordedSubmission(history: History, thread: Thread): Json | undefined {
  const submitted = history.recordedNext(thread).find((e) => e.type === 'TaskSubmitted');
  const output = submitted?.taskSubmittedEventDetails?.['output'];
  return typeof output === 'string' ? (JSON.parse(output) as Json) : undefined;
}

/** The result a recorded closing event of a task stands for. */
function recordedResult(event: HistoryEvent): TaskResult {
  for (const key in event) {
    if (!key.endsWith('EventDetails')) continue;
    const d = event[key as `${string}EventDetails`] ?? {};
    if (event.type.endsWith('Succeeded')) {
      return { ok: true, output: JSON.parse(typeof d['output'] === 'string' ? d['output'] : 'null') as Json };
    }
    const error = typeof d['error'] === 'string' ? d['error'] : '';
    return { ok: false, error, cause: typeof d['cause'] === 'string' ? d['cause'] : undefined };
  }
  return event.type.endsWith('Succeeded')
    ? { ok: true, output: null }
    : { ok: false, error: '', cause: undefined };
}
