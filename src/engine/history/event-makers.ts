import type { HistoryEvent } from './event.ts';

/** A `…EventDetails` member of an event. */
export type DetailsMember = `${string}EventDetails`;
type Details = HistoryEvent[DetailsMember];

/** Makes an event with its details member named (the thread's id and time given). */
export type Maker = (
  id: number,
  previousEventId: number,
  timestamp: number,
  type: string,
  d: Details,
) => HistoryEvent;

// Events are made as copies of a template (`{ ...TEMPLATE }`, then each field set), not by object
// literals: V8 tracks a literal's allocation site and, seeing a history's events survive
// young-generation collections (they live until the execution closes), pretenures the site: its
// objects are then made in the old generation, where they die at the close and cost major
// collections and write barriers (task-chain STANDARD: 8% of its instructions, callgrind). A
// copy has no allocation site. The fields keep the template's order (AWS's, as before).

interface Plain {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
}
const PLAIN: Plain = { id: 0, previousEventId: 0, timestamp: 0, type: '' };

/** An event without details (LambdaFunctionStarted, ParallelStateStarted, …). */
export function plainEvent(
  id: number,
  previousEventId: number,
  timestamp: number,
  type: string,
): HistoryEvent {
  const e = { ...PLAIN };
  e.id = id;
  e.previousEventId = previousEventId;
  e.timestamp = timestamp;
  e.type = type;
  return e;
}

// Templates in full (a copy of one built from PLAIN would keep its fifth field out of the object).
const STATE_ENTERED = {
  id: 0,
  previousEventId: 0,
  timestamp: 0,
  type: '',
  stateEnteredEventDetails: undefined as Details,
};
const STATE_EXITED = {
  id: 0,
  previousEventId: 0,
  timestamp: 0,
  type: '',
  stateExitedEventDetails: undefined as Details,
};
const LAMBDA_FUNCTION_SCHEDULED = {
  id: 0,
  previousEventId: 0,
  timestamp: 0,
  type: '',
  lambdaFunctionScheduledEventDetails: undefined as Details,
};
const LAMBDA_FUNCTION_SUCCEEDED = {
  id: 0,
  previousEventId: 0,
  timestamp: 0,
  type: '',
  lambdaFunctionSucceededEventDetails: undefined as Details,
};
const LAMBDA_FUNCTION_FAILED = {
  id: 0,
  previousEventId: 0,
  timestamp: 0,
  type: '',
  lambdaFunctionFailedEventDetails: undefined as Details,
};
const TASK_SCHEDULED = {
  id: 0,
  previousEventId: 0,
  timestamp: 0,
  type: '',
  taskScheduledEventDetails: undefined as Details,
};
const TASK_STARTED = {
  id: 0,
  previousEventId: 0,
  timestamp: 0,
  type: '',
  taskStartedEventDetails: undefined as Details,
};
const TASK_SUCCEEDED = {
  id: 0,
  previousEventId: 0,
  timestamp: 0,
  type: '',
  taskSucceededEventDetails: undefined as Details,
};
const TASK_FAILED = {
  id: 0,
  previousEventId: 0,
  timestamp: 0,
  type: '',
  taskFailedEventDetails: undefined as Details,
};
const MAP_ITERATION_STARTED = {
  id: 0,
  previousEventId: 0,
  timestamp: 0,
  type: '',
  mapIterationStartedEventDetails: undefined as Details,
};
const MAP_ITERATION_SUCCEEDED = {
  id: 0,
  previousEventId: 0,
  timestamp: 0,
  type: '',
  mapIterationSucceededEventDetails: undefined as Details,
};

/**
 * The events of every state visit, inline Map iteration and Lambda or service task: each maker
 * its own copy site, so that each stays monomorphic (one shared function would see them all).
 */
export const MAKERS: Readonly<Partial<Record<DetailsMember, Maker>>> = {
  stateEnteredEventDetails: (id, previousEventId, timestamp, type, d) => {
    const e = { ...STATE_ENTERED };
    e.id = id;
    e.previousEventId = previousEventId;
    e.timestamp = timestamp;
    e.type = type;
    e.stateEnteredEventDetails = d;
    return e;
  },
  stateExitedEventDetails: (id, previousEventId, timestamp, type, d) => {
    const e = { ...STATE_EXITED };
    e.id = id;
    e.previousEventId = previousEventId;
    e.timestamp = timestamp;
    e.type = type;
    e.stateExitedEventDetails = d;
    return e;
  },
  lambdaFunctionScheduledEventDetails: (id, previousEventId, timestamp, type, d) => {
    const e = { ...LAMBDA_FUNCTION_SCHEDULED };
    e.id = id;
    e.previousEventId = previousEventId;
    e.timestamp = timestamp;
    e.type = type;
    e.lambdaFunctionScheduledEventDetails = d;
    return e;
  },
  lambdaFunctionSucceededEventDetails: (id, previousEventId, timestamp, type, d) => {
    const e = { ...LAMBDA_FUNCTION_SUCCEEDED };
    e.id = id;
    e.previousEventId = previousEventId;
    e.timestamp = timestamp;
    e.type = type;
    e.lambdaFunctionSucceededEventDetails = d;
    return e;
  },
  lambdaFunctionFailedEventDetails: (id, previousEventId, timestamp, type, d) => {
    const e = { ...LAMBDA_FUNCTION_FAILED };
    e.id = id;
    e.previousEventId = previousEventId;
    e.timestamp = timestamp;
    e.type = type;
    e.lambdaFunctionFailedEventDetails = d;
    return e;
  },
  taskScheduledEventDetails: (id, previousEventId, timestamp, type, d) => {
    const e = { ...TASK_SCHEDULED };
    e.id = id;
    e.previousEventId = previousEventId;
    e.timestamp = timestamp;
    e.type = type;
    e.taskScheduledEventDetails = d;
    return e;
  },
  taskStartedEventDetails: (id, previousEventId, timestamp, type, d) => {
    const e = { ...TASK_STARTED };
    e.id = id;
    e.previousEventId = previousEventId;
    e.timestamp = timestamp;
    e.type = type;
    e.taskStartedEventDetails = d;
    return e;
  },
  taskSucceededEventDetails: (id, previousEventId, timestamp, type, d) => {
    const e = { ...TASK_SUCCEEDED };
    e.id = id;
    e.previousEventId = previousEventId;
    e.timestamp = timestamp;
    e.type = type;
    e.taskSucceededEventDetails = d;
    return e;
  },
  taskFailedEventDetails: (id, previousEventId, timestamp, type, d) => {
    const e = { ...TASK_FAILED };
    e.id = id;
    e.previousEventId = previousEventId;
    e.timestamp = timestamp;
    e.type = type;
    e.taskFailedEventDetails = d;
    return e;
  },
  mapIterationStartedEventDetails: (id, previousEventId, timestamp, type, d) => {
    const e = { ...MAP_ITERATION_STARTED };
    e.id = id;
    e.previousEventId = previousEventId;
    e.timestamp = timestamp;
    e.type = type;
    e.mapIterationStartedEventDetails = d;
    return e;
  },
  mapIterationSucceededEventDetails: (id, previousEventId, timestamp, type, d) => {
    const e = { ...MAP_ITERATION_SUCCEEDED };
    e.id = id;
    e.previousEventId = previousEventId;
    e.timestamp = timestamp;
    e.type = type;
    e.mapIterationSucceededEventDetails = d;
    return e;
  },
};
