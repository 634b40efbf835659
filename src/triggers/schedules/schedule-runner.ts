import type { Clock, Engine } from '../../engine/index.ts';
import { ServiceError } from '../../engine/index.ts';
import { scheduledExecutionName } from './execution-name.ts';
import type { ScheduleRecord } from './schedule.ts';
import type { ScheduleBook } from './schedule-book.ts';
import type { DeadLetters } from './dead-letters.ts';
import { planOf } from './schedule-plan.ts';

/** The runner wakes at least this often, to see schedules another process wrote. */
const MAX_SLEEP_MS = 60_000;
/** AWS's default RetryPolicy.MaximumRetryAttempts. */
const DEFAULT_ATTEMPTS = 185;
/** Errors a retry can fix: the store is away or busy. Others (no such state machine) cannot. */
const RETRYABLE = new Set(['ServiceUnavailableException', 'ThrottlingException']);

export interface ScheduleRunnerDeps {
  readonly book: ScheduleBook;
  readonly engine: Pick<Engine, 'startExecution' | 'writesOf' | 'reading'>;
  /** The engine's clock: virtual time in tests. */
  readonly clock: Clock;
  /** Where a start that failed for good goes (the schedule's DeadLetterConfig, and the store). */
  readonly deadLetters?: DeadLetters | undefined;
  /** Invocation ids of dead-letter events. */
  readonly uuid?: () => string;
  readonly log?: (line: string) => void;
}

/** One start a schedule made, for tests and the log. */
export interface Fired {
  readonly schedule: string;
  readonly scheduledTime: number;
  readonly executionName: string;
  /** `started`, `existed` (an earlier attempt or another server started it) or why it failed. */
  readonly outcome: string;
}

/**
 * Fires schedules on the engine's clock: it sleeps until the earliest due time of the enabled
 * schedules, starts the executions due, records them handled in the store, and sleeps again.
 * Only the server that leads the store runs one (server/runtime.ts); the scheduled time in the
 * execution's name makes a time fired twice (a restart, a change of leader) one execution.
 */
export class ScheduleRunner {
  readonly #deps: ScheduleRunnerDeps;
  #wake = new AbortController();
  readonly #stop = new AbortController();
  #loop: Promise<void> | undefined;
  /** Every start, newest last (bounded). */
  readonly fired: Fired[] = [];

  constructor(deps: ScheduleRunnerDeps) {
    this.#deps = deps;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** A schedule was created, changed or deleted: plan again now. */
  changed(): void {
    this.#wake.abort();
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    this.#wake.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { clock } = this.#deps;
    while (!this.#stop.signal.aborted) {
      this.#wake = new AbortController();
      let wakeAt = clock.now() + MAX_SLEEP_MS;
      try {
        wakeAt = Math.min(wakeAt, await this.#round());
      } catch (e) {
        // The store is away: try again in a second.
        this.#log(`schedules: ${e instanceof Error ? e.message : String(e)}; retrying`);
        wakeAt = clock.now() + 1000;
      }
      const ms = wakeAt - clock.now();
      if (ms > 0) await clock.sleep(ms, AbortSignal.any([this.#wake.signal, this.#stop.signal]));
    }
  }

  /** Fires what is due; resolves to when the next schedule is due. */
  async #round(): Promise<number> {
    const { book, clock } = this.#deps;
    let wakeAt = Infinity;
    for (const s of await book.list()) {
      if (this.#stop.signal.aborted) break;
      if (s.State !== 'ENABLED') continue;
      const now = clock.now();
      const plan = planOf(s, now);
      switch (plan.kind) {
        case 'wait':
          wakeAt = Math.min(wakeAt, plan.at);
          break;
        case 'expired':
          this.#log(
            `schedule ${s.Name}: ${plan.skipped} missed time(s) older than the maximum event age skipped`,
          );
          await book.markHandled(s, plan.through);
          wakeAt = now;
          break;
        case 'fire': {
          if (plan.skipped > 0) this.#log(`schedule ${s.Name}: ${plan.skipped} older missed time(s) skipped`);
          if (await this.#fire(s, plan.scheduled)) await book.markHandled(s, plan.scheduled);
          wakeAt = now;
          break;
        }
        case 'complete':
          if (s.ActionAfterCompletion === 'DELETE') await book.delete(s.GroupName, s.Name).catch(() => {});
          break;
      }
    }
    return wakeAt;
  }

  /** Starts the execution of one scheduled time, retrying per the RetryPolicy; false if stopped. */
  async #fire(s: ScheduleRecord, scheduledTime: number): Promise<boolean> {
    const { engine, clock } = this.#deps;
    const executionName = scheduledExecutionName(s.GroupName, s.Name, scheduledTime);
    const attempts = s.Target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_ATTEMPTS;
    const maxAge = (s.Target.RetryPolicy?.MaximumEventAgeInSeconds ?? 86_400) * 1000;
    for (let attempt = 0; ; attempt++) {
      let outcome: string;
      try {
        const start = await engine.reading(() =>
          engine.writesOf(() =>
            engine.startExecution({
              stateMachineArn: s.Target.Arn,
              name: executionName,
              input: s.Target.Input ?? '{}',
            }),
          ),
        );
        await start.durable();
        outcome = 'started';
      } catch (e) {
        const code = e instanceof ServiceError ? e.code : 'Error';
        if (code === 'ExecutionAlreadyExists') outcome = 'existed';
        else {
          outcome = `${code}: ${e instanceof Error ? e.message : String(e)}`;
          const tooOld = clock.now() + this.#backoff(attempt) - scheduledTime > maxAge;
          const retryable = RETRYABLE.has(code);
          if (retryable && attempt < attempts && !tooOld) {
            await clock.sleep(this.#backoff(attempt), this.#stop.signal);
            if (this.#stop.signal.aborted) return false;
            continue;
          }
          this.#log(`schedule ${s.Name}: could not start ${executionName}: ${outcome}`);
          // As EventBridge Scheduler: errors no retry can fix go to the dead-letter queue at once,
          // without a retry condition; others once the retry policy is spent.
          await this.#deps.deadLetters?.add(
            {
              ScheduleArn: s.Arn,
              TargetArn: s.Target.Arn,
              ScheduledTime: scheduledTime,
              ExecutionName: executionName,
              ErrorCode: code,
              ErrorMessage: e instanceof Error ? e.message : String(e),
              RetryAttempts: attempt,
              ...(retryable
                ? { ExhaustedRetryCondition: tooOld ? 'MaximumEventAgeInSeconds' : 'MaximumRetryAttempts' }
                : {}),
              ...(s.Target.DeadLetterConfig?.Arn ? { QueueArn: s.Target.DeadLetterConfig.Arn } : {}),
              RecordedAt: clock.now(),
            },
            s.Target.Input ?? '{}',
            this.#deps.uuid?.() ?? executionName,
          );
        }
      }
      this.#record({ schedule: s.Arn, scheduledTime, executionName, outcome });
      return true;
    }
  }

  #backoff(attempt: number): number {
    return Math.min(60_000, 1000 * 2 ** attempt);
  }

  #record(f: Fired): void {
    this.fired.push(f);
    if (this.fired.length > 1000) this.fired.shift();
  }

  #log(line: string): void {
    (this.#deps.log ?? console.error)(`stepwise: ${line}`);
  }
}
