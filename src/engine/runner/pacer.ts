import type { Clock } from '../clock.ts';

/** How often the states entered read the clock to see whether a pause is due. */
const CHECK_EVERY = 1000;
/** How long runs of states may hold the event loop before they let it turn. */
const PACE_MS = 10;

const NOTHING = (): void => {};

/**
 * The pauses of an engine's runs of states. A run that never waits on the world (Pass and Choice
 * states looping, tasks answered at once) takes no turn of the event loop, so timers, requests
 * and other work wait behind it until it ends, and behind an endless one for good.
 *
 * The step loop counts the states it enters down from CHECK_EVERY (by any execution of the
 * engine: a field, not a call, at each state) and calls `due` at zero, which reads the clock and
 * sends a probe for the next turn of the event loop, unless one is on its way. A probe that has
 * not come back in PACE_MS means the loop has not turned meanwhile: every thread entering a state
 * then waits for the probe, so a Map's thousands of iterations, or as many executions, do not
 * take turns at holding the loop PACE_MS each; the thread that found it overdue goes on last. A
 * server's runs, between requests, are seldom held. A clock that cannot turn the event loop (a
 * test's virtual one) makes no pause.
 */
export class Pacer {
  /** States to enter before the next call of `due` (the step loop counts them down). */
  untilCheck: number;
  private readonly clock: Clock;
  /** The probe on its way: the next turn of the event loop, and when it was sent. */
  private probe: Promise<void> | undefined = undefined;
  private sentAt = 0;
  /** The probe once it is overdue: what every thread entering a state waits for. */
  private pausing: Promise<void> | undefined = undefined;
  /** When the latest pause was found due. */
  pausedAt = 0;

  constructor(clock: Clock) {
    this.clock = clock;
    this.untilCheck = clock.tick === undefined ? Number.POSITIVE_INFINITY : CHECK_EVERY;
  }

  /** A pacer that never pauses (TestState's one state). */
  static readonly never = new Pacer({ now: () => 0, sleep: () => Promise.resolve() });

  /** The pause to wait for before entering a state, if one is due. */
  due(): Promise<void> | undefined {
    if (this.pausing !== undefined) {
      this.untilCheck = 1;
      return this.pausing;
    }
    this.untilCheck = CHECK_EVERY;
    const clock = this.clock;
    const now = clock.now();
    if (this.probe === undefined) {
      this.sentAt = now;
      this.probe = clock.tick!();
      void this.probe.then(this.turned);
      return undefined;
    }
    if (now - this.sentAt < PACE_MS) return undefined;
    // Each thread entering a state meets it at once.
    this.untilCheck = 1;
    this.pausedAt = now;
    this.pausing = this.probe;
    // The thread that held the loop goes on last, after every thread that waits with it: threads
    // resume in the order they began to wait, and the first would hold the next 10 ms again (an
    // endless loop would starve the others until its timeout).
    return this.pausing.then(NOTHING);
  }

  /** The event loop turned. */
  private readonly turned = (): void => {
    this.probe = undefined;
    if (this.pausing === undefined) return;
    this.pausing = undefined;
    this.untilCheck = CHECK_EVERY;
  };
}
