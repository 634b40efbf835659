import { billed, billingKind } from '../cost/billed-transitions.ts';
import type { TaskFamily, TaskStep } from './task-events.ts';
import { taskStepOf } from './task-events.ts';

/** A task event type, resolved once: its step, and the types of its task's earlier events. */
export interface TaskMeaning {
  readonly step: TaskStep;
  /** Its step, as flags (no string compared on the path of every task event). */
  readonly scheduled: boolean;
  readonly started: boolean;
  /** A callback task's Submitted: not counted (not a metric on AWS). */
  readonly submitted: boolean;
  /** An activity's TimedOut: a heartbeat's timeout or not, told by the event (task-events.ts `refined`). */
  readonly refine: boolean;
  readonly scheduledType: string;
  readonly startedType: string;
  readonly submittedType: string;
  /** One object per family: the same family is the same object (compared as a pointer). */
  readonly familyTypes: object;
}

/** What one event type means for the metrics: found with one lookup per event. */
export interface EventMeaning {
  /**
   * Its billing kind (cost/billed-transitions.ts) as `billed` decides it, resolved for the type: a
   * Standard execution's event is billed always, or if it retries a failure (else never).
   */
  readonly billedAlways: boolean;
  readonly billedIfRetry: boolean;
  /**
   * A failure, which makes the attempt after it a retry (billing kind 'failure'), as a flag read
   * with one load (`billed` compares the kinds as strings).
   */
  readonly failure: boolean;
  readonly task: TaskMeaning | undefined;
  /** A Map Run's start, redrive or close. */
  readonly mapRun: boolean;
  /** Nothing at all (a `…StateExited`, a Pass's or Choice's own events): the common case. */
  readonly none: boolean;
}

/** A type looked up, chained with the others of its slot (few share one). */
interface Known {
  readonly type: string;
  readonly meaning: EventMeaning;
  readonly next: Known | undefined;
}

/**
 * The types looked up, by their length and one letter: two loads (a hash of all its letters costs
 * a read of each), and of AWS's event types only a few rare ones share a slot (the letter seventh
 * from the end tells a task's Scheduled from its Succeeded). Two different types in one slot
 * cost a call to compare them; the same literal compares as one pointer. This runs on every
 * event the metrics read.
 */
const bySlot = new Array<Known | undefined>(256).fill(undefined);

/** What events of `type` mean for the metrics (memoised: event types are few). */
export function meaningOf(type: string): EventMeaning {
  const slot = (type.length + type.charCodeAt(type.length - 7) * 8) & 255;
  for (let known = bySlot[slot]; known !== undefined; known = known.next)
    if (known.type === type) return known.meaning;
  const meaning = lookUp(type);
  bySlot[slot] = { type, meaning, next: bySlot[slot] };
  return meaning;
}

function lookUp(type: string): EventMeaning {
  const billing = billingKind(type);
  const step = taskStepOf(type);
  const task = step && taskMeaning(step);
  const mapRun = type.startsWith('MapRun');
  const billedAlways = billed(billing, undefined);
  const billedIfRetry = !billedAlways && billed(billing, 'failure');
  return {
    billedAlways,
    billedIfRetry,
    failure: billing === 'failure',
    task,
    mapRun,
    none: billing === 'other' && !task && !mapRun,
  };
}

/**
 * The event types of each family's task steps before its close, as literals: the engine's types
 * are literals too, so comparing them is comparing pointers (a string built here would be
 * compared letter by letter).
 */
const FAMILY_TYPES: Readonly<
  Record<TaskFamily, Pick<TaskMeaning, 'scheduledType' | 'startedType' | 'submittedType'>>
> = {
  Activity: {
    scheduledType: 'ActivityScheduled',
    startedType: 'ActivityStarted',
    submittedType: 'ActivitySubmitted',
  },
  LambdaFunction: {
    scheduledType: 'LambdaFunctionScheduled',
    startedType: 'LambdaFunctionStarted',
    submittedType: 'LambdaFunctionSubmitted',
  },
  ServiceIntegration: {
    scheduledType: 'TaskScheduled',
    startedType: 'TaskStarted',
    submittedType: 'TaskSubmitted',
  },
};

function taskMeaning(step: TaskStep): TaskMeaning {
  const types = FAMILY_TYPES[step.family];
  // One literal of one shape for every type (a spread's shape may differ).
  return {
    step,
    scheduled: step.step === 'Scheduled',
    started: step.step === 'Started',
    submitted: step.step === 'Submitted',
    refine: step.step === 'TimedOut',
    scheduledType: types.scheduledType,
    startedType: types.startedType,
    submittedType: types.submittedType,
    familyTypes: types,
  };
}
