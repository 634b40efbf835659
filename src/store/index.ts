// The store's interface: what engine/ may see (DESIGN.md rule 2). Drivers are entered through
// drivers.ts, which only the composition root (server/) and tests import.
export type {
  Batch,
  Doc,
  DocumentKind,
  DocumentRow,
  EventRow,
  ExecutionRow,
  Lease,
  LeaseShare,
  Leadership,
  MessageRow,
  Store,
  TimerRow,
  WakeUp,
} from './store.ts';
export { LEASE_LOST, StoreError } from './store-error.ts';
