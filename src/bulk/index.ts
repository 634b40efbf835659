// Bulk operations by query (issue 20; a Stepwise extension, not AWS): stop, redrive or fork every
// execution a filter matches, rate-limited, resumable, through extension actions of the API.
export { BulkOperations } from './bulk-operations.ts';
export { bulkActions, bulkPeerActions } from './bulk-api.ts';
// An action applied to one execution, as a slice run again after a crash applies it (tests).
export { applyAction } from './bulk-actions.ts';
export type { BulkOperation } from './bulk-operation.ts';
export type { BulkPeers, PeerCall } from './bulk-peers.ts';
export { MAX_SENDS_ON } from './bulk-peers.ts';
