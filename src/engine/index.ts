export type { Clock, Entropy } from './clock.ts';
export { ServiceError } from './errors.ts';
export type { ExecutionRecord, ExecutionStatus } from './execution.ts';
export type { HistoryEvent } from './history/event.ts';
export type { AliasRecord, RoutingEntry, Tag } from './catalog/index.ts';
export { MAX_TAGS, parseQualifiedArn } from './catalog/index.ts';
export type {
  CreateStateMachineInput,
  ExecutionSource,
  StateMachineRecord,
  StateMachineType,
  StateMachineVersion,
  UpdateStateMachineInput,
} from './catalog/index.ts';
export type { EngineDeps, StartExecutionInput } from './engine.ts';
export { Engine } from './engine.ts';
export { MAX_PAYLOAD_BYTES } from './limits.ts';
export type { MapRunRecord, MapRunStatus } from './map-runs.ts';
export type { TaskControl } from './task-control.ts';
export type { InspectionLevel, TestStateInput, TestStateResult } from './test-state.ts';
export { parseTaskToken } from './task-token.ts';
export { HISTORY_FORMAT } from './history/format.ts';
