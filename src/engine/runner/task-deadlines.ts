import type { HeartbeatClock, TaskResult } from '../../integrations/index.ts';
import type { LinkedAbort } from '../abort.ts';
import type { Clock } from '../clock.ts';
import type { TimerCommand } from '../timers/execution-timers.ts';

/** Which of a task's clocks ran out first: TimeoutSeconds, or HeartbeatSeconds without a beat. */
export type MissedDeadline = 'timeout' | 'heartbeat';

/** A Task's own clocks, both timer commands on the execution's timer path. */
export interface TaskDeadlines {
  /** When TimeoutSeconds ends (epoch ms); undefined: no TimeoutSeconds. */
  readonly timeoutAt: number | undefined;
  /** HeartbeatSeconds in ms; undefined: no HeartbeatSeconds. */
  readonly heartbeatMs: number | undefined;
  readonly clock: Clock;
  readonly timer: (command: TimerCommand) => Promise<void>;
  /** Runs `work` once the current turn of the event loop is over (absent: at once). */
  readonly afterTurn: ((work: () => void) => void) | undefined;
}

/**
 * Runs `call` (which was given `own.signal`), abandoned when TimeoutSeconds passes or, once the
 * integration started the heartbeat clock, when HeartbeatSeconds pass without a heartbeat. The
 * integration only reports (start, beat); the deadlines are kept here, so virtual time drives them
 * like every other sleep. Given `afterTurn`, the TimeoutSeconds timer is armed once the current
 * turn of the event loop is over (it could not fire sooner), for what is left: a call answered
 * within the turn (an in-process function) sets no timer.
 */
export async function withDeadlines(
  deadlines: TaskDeadlines,
  own: LinkedAbort,
  call: (heartbeat: HeartbeatClock | undefined) => Promise<TaskResult>,
): Promise<TaskResult | MissedDeadline> {
  const { timeoutAt, heartbeatMs, clock, timer, afterTurn } = deadlines;
  let settled = false;
  let armed = false;
  let missed = (_which: MissedDeadline): void => {};
  const deadline = new Promise<MissedDeadline>((resolve) => (missed = resolve));
  const armTimeout = (fireAt: number): void => {
    if (settled) return;
    armed = true;
    void timer({ kind: 'TaskTimeout', fireAt, signal: own.signal }).then(() => missed('timeout'));
  };
  // The running heartbeat timer: each beat cancels it and starts the next one.
  let beating: AbortController | undefined;
  const rearm = (ms: number): void => {
    if (settled) return;
    armed = true;
    beating?.abort();
    const mine = (beating = new AbortController());
    void timer({ kind: 'HeartbeatTimeout', fireAt: clock.now() + ms, signal: mine.signal }).then(() => {
      if (!mine.signal.aborted) missed('heartbeat');
    });
  };
  let started = false;
  const heartbeat: HeartbeatClock | undefined =
    heartbeatMs === undefined
      ? undefined
      : {
          start: () => {
            started = true;
            rearm(heartbeatMs);
          },
          beat: () => {
            if (started) rearm(heartbeatMs);
          },
        };
  try {
    const running = call(heartbeat);
    if (timeoutAt !== undefined) {
      if (afterTurn) afterTurn(() => armTimeout(timeoutAt));
      else armTimeout(timeoutAt);
    }
    return await Promise.race([running, deadline]);
  } finally {
    settled = true;
    beating?.abort();
    own.dispose();
    // Cancels the timers, and the call if a deadline passed (an activity or callback then forgets
    // its token: a late answer gets TaskTimedOut). A call answered before any timer was armed
    // ends as a task without deadlines does: its signal is left as it is.
    if (armed) own.abort();
  }
}
