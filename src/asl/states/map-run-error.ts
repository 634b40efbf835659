import type { StepEnv } from '../decision.ts';
import type { MapState } from '../definition/state.ts';
import { AslFailure, type ErrorValue } from '../errors/failure.ts';
import { stateErrorCause } from '../errors/state-cause.ts';

/**
 * A failure of a DISTRIBUTED Map's run settings (tolerated-failure thresholds, ItemBatcher) as the
 * `runError` of its decision: a Map Run checks them after MapStateStarted (history recorded on
 * AWS: MapStateEntered, MapStateStarted, ExecutionFailed). An inline Map, or anything but an
 * AslFailure, is rethrown: the inline Map fails before it starts.
 */
export function mapRunError(state: MapState, env: StepEnv, e: unknown): ErrorValue {
  if (state.mode !== 'DISTRIBUTED' || !(e instanceof AslFailure)) throw e;
  return { error: e.error, cause: stateErrorCause(state.name, env.enteredEventId, e.cause) };
}
