export type { Clock, Entropy } from './clock.ts';
export { uuidsFrom } from './uuids.ts';
export { RecordInStore, ServiceError } from './errors.ts';
export type { ExecutionRecord } from './execution.ts';
export type { HistoryEvent } from './history/event.ts';
export { parseQualifiedArn } from './catalog/index.ts';
export type { StateMachineRecord } from './catalog/index.ts';
export { Engine } from './engine.ts';
export { MAX_PAYLOAD_BYTES } from './limits.ts';
export { parseTaskToken } from './task-token.ts';
export { HISTORY_FORMAT } from './history/format.ts';
export { invalidNameMessage, validName } from './names.ts';
export type {
  CountedTransitions,
  ExecutionObserver,
  ExecutionWatch,
  MapRunPhase,
  ObservedExecution,
  TaskPhase,
} from './execution-observer.ts';
export type { TaskResource } from '../asl/index.ts';
export { Kept, keepShape } from './kept-shapes.ts';
export type { StateVisit } from './history/compare.ts';
export { compareHistories } from './history/compare.ts';
export { savedTest } from './saved-test/index.ts';
export { stateEntryEventId } from './history/fork-cut.ts';
