// Bulk operations by query (issue 20; a Stepwise extension, not AWS): stop or redrive every
// execution a filter matches, rate-limited, resumable, through extension actions of the API.
export { BulkOperations } from './bulk-operations.ts';
export { bulkActions } from './bulk-api.ts';
