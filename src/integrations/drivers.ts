// The concrete task runners, for the composition root (server/) and tests only (DESIGN.md rule 5).
export { Integrations } from './integrations.ts';
export { LocalFunctions } from './lambda/local-functions.ts';
export type { LocalBuckets } from './aws/local-buckets/local-buckets.ts';
export { startLocalBuckets } from './aws/local-buckets/local-buckets.ts';
