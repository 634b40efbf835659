// The model-based API property: random sequences of API calls against one server, checked step
// by step against the model (model.ts). Used by api-model.test.ts (fixed seed, few runs) and
// bench/fuzz-api.ts (long runs).
import fc from 'fast-check';
import type { ApiUnderTest } from './api-under-test.ts';
import {
  createActivity,
  createAlias,
  createMachine,
  deleteActivity,
  deleteAlias,
  deleteMachine,
  deleteVersion,
  publishVersion,
  tags,
  updateMachine,
} from './catalog-steps.ts';
import {
  getActivityTask,
  listExecutions,
  mapRun,
  redriveExecution,
  sendTask,
  startExecution,
  startSyncExecution,
  stopExecution,
} from './execution-steps.ts';
import type { Outcome, Target } from './execution-steps.ts';
import { ApiModel, EXPRESS_KINDS, KINDS, ok } from './model.ts';
import type { Step } from './step.ts';
import { crash } from './crash-step.ts';

const slot = fc.integer({ min: 0, max: 1 });
const pick = fc.nat({ max: 7 });
/** Parking machines twice as often: a parked execution is where durable state is subtle. */
const kind = fc.constantFrom(...KINDS, 'park');
/** An arbitrary n times in the list fc.commands draws from: n times as likely. */
const times = <T>(n: number, arbitrary: T): T[] => Array.from({ length: n }, () => arbitrary);

/** Few names, so that sequences repeat them: repeated starts, re-creations, conflicts. */
const steps: fc.Arbitrary<Step>[] = [
  ...times(
    2,
    fc
      .tuple(slot, fc.nat({ max: 3 }), kind, fc.constantFrom(...EXPRESS_KINDS))
      .map(([s, type, k, ek]) =>
        type === 0 ? createMachine(s, ek, 'EXPRESS') : createMachine(s, k, 'STANDARD'),
      ),
  ),
  fc.tuple(slot, kind, fc.boolean()).map(([s, k, p]) => updateMachine(s, k, p)),
  slot.map((s) => deleteMachine(s)),
  slot.map((s) => publishVersion(s)),
  fc.tuple(slot, pick).map(([s, i]) => deleteVersion(s, i)),
  fc
    .tuple(slot, fc.integer({ min: 0, max: 1 }), pick, pick, fc.integer({ min: 0, max: 100 }))
    .map(([s, a, x, y, w]) => createAlias(s, a, x, y, w)),
  fc.tuple(slot, fc.integer({ min: 0, max: 1 })).map(([s, a]) => deleteAlias(s, a)),
  fc.integer({ min: 0, max: 1 }).map((a) => createActivity(a)),
  fc.integer({ min: 0, max: 1 }).map((a) => deleteActivity(a)),
  fc
    .tuple(fc.boolean(), slot, fc.integer({ min: 0, max: 1 }), fc.option(fc.integer({ min: 0, max: 1 })))
    .map(([machine, s, k, v]) => tags(machine, s, k, v ?? undefined)),
  // Starts weigh more: repeated names and inputs are where idempotency lives.
  ...times(
    4,
    fc
      .tuple(
        slot,
        fc.constantFrom<Target>('machine', 'machine', 'version', 'alias'),
        pick,
        fc.option(fc.integer({ min: 0, max: 1 }), { freq: 5 }),
        fc.integer({ min: 0, max: 1 }),
      )
      .map(([s, t, p, n, i]) => startExecution(s, t, p, n ?? undefined, i)),
  ),
  slot.map((s) => startSyncExecution(s)),
  pick.map((i) => stopExecution(i)),
  pick.map((i) => redriveExecution(i)),
  fc.tuple(pick, fc.constantFrom<Outcome>('success', 'failure', 'heartbeat')).map(([i, o]) => sendTask(i, o)),
  fc.constant(null).map(() => getActivityTask()),
  fc.tuple(pick, fc.option(fc.integer({ min: 1, max: 3 }))).map(([i, c]) => mapRun(i, c ?? undefined)),
  slot.map((s) => listExecutions(s)),
];

/** Numbers the sequences of the process: each names what it creates after its own. */
let sequences = 0;

export interface ModelRunOptions {
  /** Whether sequences may crash the server (SIGKILL and a restart on the same store). */
  readonly crashes?: boolean;
  readonly seed: number;
  readonly runs: number;
  readonly maxCommands: number;
  /** Called after each sequence with the number of steps it ran. */
  readonly onSequence?: (steps: number) => void;
}

/**
 * Runs the property; rejects with fast-check's report (seed, shrunk sequence) on a failure.
 * Sequences share the server (each under its own name prefix); after a failing one the server
 * is replaced by a fresh one, since a failure may have wedged it and shrinking replays on it.
 */
export async function checkApiModel(api: ApiUnderTest, options: ModelRunOptions): Promise<void> {
  let healthy = true;
  const details = await fc.check(
    fc.asyncProperty(
      fc.commands(options.crashes ? [...steps, fc.constant(null).map(() => crash())] : steps, {
        maxCommands: options.maxCommands,
        size: 'max',
      }),
      async (commands) => {
        if (!healthy) await api.restart();
        healthy = false;
        const model = new ApiModel(`s${++sequences}`);
        ok(await api.call('CreateActivity', { name: `${model.prefix}-worker` }), 'CreateActivity worker');
        await fc.asyncModelRun(() => ({ model, real: api }), commands);
        options.onSequence?.(model.steps);
        healthy = true;
      },
    ),
    { seed: options.seed, numRuns: options.runs },
  );
  // fast-check's report (seed, shrunk sequence) with the error the shrunk sequence ends on.
  if (details.failed)
    throw new Error(`${fc.defaultReportMessage(details)}\n${String(details.errorInstance)}`);
}
