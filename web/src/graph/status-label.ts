import type { RunStatus } from '../execution/state-runs.ts';

export type NodeStatus = RunStatus | 'not-reached';

/** What each node colour means, in the legend's order. */
export const STATUS_LABEL: Record<NodeStatus, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  caught: 'Caught error',
  running: 'In progress',
  cancelled: 'Cancelled',
  'not-reached': 'Not reached',
};
