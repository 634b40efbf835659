import type { Clock } from '../clock.ts';

/**
 * Every sleep of an execution, as a command (DESIGN.md decision 4): a Wait state, a Retry
 * interval, a Task's TimeoutSeconds and HeartbeatSeconds (restarted by each heartbeat the
 * integration reports), the execution's TimeoutSeconds.
 */
export interface TimerCommand {
  readonly kind: 'Wait' | 'RetryInterval' | 'TaskTimeout' | 'HeartbeatTimeout' | 'ExecutionTimeout';
  /** Epoch ms. */
  readonly fireAt: number;
  /** Cancels the timer (the thread stopped, the task answered, the execution closed). */
  readonly signal: AbortSignal;
}

/** What the timers need of their execution. */
export interface TimerOwner {
  readonly clock: Clock;
  /** Durable timers: a long sleep of every thread parks the execution (absent: all in memory). */
  readonly park: { readonly afterMs: number; parked(fireAt: number): void } | undefined;
  readonly afterTurn: ((work: () => void) => void) | undefined;
  /** When the execution's TimeoutSeconds ends (undefined: never). */
  deadline(): number | undefined;
  running(): boolean;
  stopped(): boolean;
  /** The execution's own signal. */
  signal(): AbortSignal;
  /** TimeoutSeconds passed: the execution closes TIMED_OUT. */
  timedOut(): void;
  /** Stops driving the execution (it resumes later from its history). */
  halt(): void;
}

/**
 * One timer path for an execution: a timer command sleeps in memory (the fast path) unless it
 * is a long Wait or Retry interval that leaves no thread active: then the execution parks, its
 * timer becomes a row (ParkedExecutions and the TimerScheduler) and it resumes by replay.
 */
export class ExecutionTimers {
  private readonly owner: TimerOwner;
  /** Threads (the top level, branches, iterations) doing something other than sleeping or joining. */
  private active = 0;
  /** When each sleeping thread wakes (made by the first long sleep of an execution that may park). */
  private sleeping: Set<{ readonly fireAt: number }> | undefined;
  private parkCheck = false;
  /** The TimeoutSeconds timer, once armed (the run awaits it before it ends). */
  deadlineTimer: Promise<void> | undefined;
  private deadlineArming = false;

  constructor(owner: TimerOwner) {
    this.owner = owner;
  }

  /** Starts a timer; resolves when it fires or is cancelled. */
  start(command: TimerCommand): Promise<void> {
    switch (command.kind) {
      case 'Wait':
      case 'RetryInterval':
        return this.sleepUntil(command.fireAt, command.signal);
      case 'TaskTimeout':
      case 'HeartbeatTimeout':
      case 'ExecutionTimeout': {
        // The thread is busy meanwhile (a task runs, or the run goes on): it never parks.
        const clock = this.owner.clock;
        return clock.sleep(Math.max(0, command.fireAt - clock.now()), command.signal);
      }
    }
  }

  /**
   * Sleeps until `fireAt`. A long sleep that leaves no thread active parks the execution: it
   * halts, holding no memory, and the engine resumes it from its history when the time comes.
   */
  private async sleepUntil(fireAt: number, signal: AbortSignal): Promise<void> {
    const owner = this.owner;
    const clock = owner.clock;
    const ms = fireAt - clock.now();
    if (ms <= 0) return;
    this.armDeadline();
    const park = owner.park;
    if (!park || ms < park.afterMs) return clock.sleep(ms, signal);
    const sleeper = { fireAt };
    (this.sleeping ??= new Set()).add(sleeper);
    this.active--;
    this.considerParking();
    try {
      await clock.sleep(ms, signal);
    } finally {
      this.active++;
      this.sleeping?.delete(sleeper);
    }
  }

  /**
   * Arms the TimeoutSeconds timer (for every Standard execution, the one-year quota) when the
   * execution first waits on the world (a task, a sleep): until then it runs in one go of
   * microtasks, where no timer could fire, and an execution that ends so arms none at all. Given
   * `afterTurn`, it is armed only once that turn of the event loop is over (a timer could not fire
   * sooner either), so an execution whose tasks answer at once (in-process functions, mocks) arms
   * none either. Given `reachedBy`, only if the deadline is no later: a run that held the event
   * loop (runner/pacer.ts) has its timer armed once it has run past its deadline.
   */
  armDeadline(reachedBy?: number): void {
    const owner = this.owner;
    if (this.deadlineArming || owner.stopped()) return;
    const deadline = owner.deadline();
    if (deadline === undefined || (reachedBy !== undefined && deadline > reachedBy)) return;
    this.deadlineArming = true;
    const afterTurn = owner.afterTurn;
    if (!afterTurn) return this.setDeadlineTimer();
    // Through a holder that `release` empties: a turn of in-process tasks may run thousands of
    // executions to their end, and the work left for its end must not keep them all in memory.
    const arming: { timers: ExecutionTimers | undefined } = { timers: this };
    this.arming = arming;
    afterTurn(() => {
      const timers = arming.timers;
      if (timers) timers.setDeadlineTimer();
    });
  }

  private arming: { timers: ExecutionTimers | undefined } | undefined;

  /** The run ended: work still queued for the end of the turn no longer holds the execution. */
  release(): void {
    if (this.arming) this.arming.timers = undefined;
  }

  private setDeadlineTimer(): void {
    const owner = this.owner;
    const deadline = owner.deadline();
    if (deadline === undefined || owner.stopped()) return;
    const timer = this.start({ kind: 'ExecutionTimeout', fireAt: deadline, signal: owner.signal() });
    this.deadlineTimer = timer.then(() => {
      // Aborted rather than due: the execution closed or halted (a shutdown, a park).
      if (owner.running() && !owner.stopped()) owner.timedOut();
    });
  }

  /** A thread starts running (the top level, a branch, an iteration). */
  threadStarted(): void {
    this.active++;
  }

  /** A thread ended: the last busy one ending while others sleep may park the execution. */
  threadEnded(): void {
    if (--this.active === 0) this.considerParking();
  }

  /** Parks after a turn of the event loop if by then every thread still sleeps. */
  private considerParking(): void {
    const owner = this.owner;
    const park = owner.park;
    if (!park || this.parkCheck || this.active > 0) return;
    this.parkCheck = true;
    const clock = owner.clock;
    void (clock.tick?.() ?? clock.sleep(0, owner.signal())).then(() => {
      this.parkCheck = false;
      const sleeping = this.sleeping;
      if (this.active > 0 || !sleeping || sleeping.size === 0 || !owner.running()) return;
      if (owner.stopped()) return;
      // A loop, not Math.min(...): a Map may have more sleeping iterations than a call has arguments.
      let fireAt = Number.POSITIVE_INFINITY;
      for (const s of sleeping) if (s.fireAt < fireAt) fireAt = s.fireAt;
      const deadline = owner.deadline();
      if (deadline !== undefined) fireAt = Math.min(fireAt, deadline);
      owner.halt();
      park.parked(fireAt);
    });
  }

  /** Runs `work` with the calling thread counted as inactive (it only waits for its children). */
  async joining<T>(work: () => Promise<T>): Promise<T> {
    this.active--;
    try {
      return await work();
    } finally {
      this.active++;
    }
  }
}
