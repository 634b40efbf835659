/**
 * A runtime error of the language (States.Runtime, States.IntrinsicFailure, ...).
 *
 * Deep evaluators (paths, templates, intrinsics) throw it so that hot paths need no result
 * wrapping; `step` catches it at the asl boundary and turns it into an error value, so no
 * AslFailure ever escapes `src/asl`. `cause` is the bare message: the state runner adds AWS's
 * "An error occurred while executing the state 'X' (entered at the event id #N). " prefix.
 */
export class AslFailure extends Error {
  readonly error: string;
  override readonly cause: string;
  constructor(error: string, cause: string) {
    super(`${error}: ${cause}`);
    this.name = 'AslFailure';
    this.error = error;
    this.cause = cause;
  }
}

/** An error as a value, the way Step Functions reports it (history, Catch output). */
export interface ErrorValue {
  readonly error: string;
  readonly cause?: string;
  /**
   * A missed heartbeat: reported as States.Timeout (AWS records it so), yet States.HeartbeatTimeout
   * also matches it in Retry and Catch.
   */
  readonly heartbeat?: boolean | undefined;
}
