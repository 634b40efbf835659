export type {
  ActivityTaskRow,
  Batch,
  Doc,
  DocumentKind,
  DocumentRow,
  EventRow,
  ExecutionFilter,
  ExecutionRow,
  Leadership,
  Store,
  TimerRow,
} from './store.ts';
export { openStore } from './open.ts';
export { StoreError } from './store-error.ts';
export { MemoryStore } from './memory/index.ts';
export { PolledLeadership } from './leadership.ts';
