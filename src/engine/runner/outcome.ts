import type { ErrorValue, Json } from '../../asl/index.ts';

/** How a machine, a branch or an iteration ended. */
export type Outcome =
  | { readonly ok: true; readonly output: Json }
  | ({
      readonly ok: false;
      /** Cut short by an abort (a failed sibling, a stop, a shutdown), not failed by itself. */
      readonly aborted?: boolean;
      /** Ended while a Task state was entered and not exited (aborted, or its error uncaught). */
      readonly inTask?: boolean;
    } & ErrorValue);

export const ABORTED: Outcome = { ok: false, aborted: true, error: 'States.Aborted', cause: undefined };
export const ABORTED_IN_TASK: Outcome = { ...ABORTED, inTask: true };
