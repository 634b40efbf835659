import type { Decision, StepEnv } from '../decision.ts';
import type { MapState } from '../definition/state.ts';
import { AslFailure } from '../errors/failure.ts';
import { StatesErrors } from '../errors/names.ts';
import { mapRunError } from './map-run-error.ts';

/**
 * A DISTRIBUTED Map whose items come from an ItemReader: they live in Amazon S3, which Stepwise
 * has no stand-in for. The Map Run fails as AWS's fails when it cannot read them
 * (States.ItemReaderFailed), rather than iterating over the state input as if there were none.
 */
export function itemReaderUnavailable(state: MapState, env: StepEnv, resource: string): Decision {
  const failure = new AslFailure(
    StatesErrors.ItemReaderFailed,
    `Stepwise cannot read items with '${resource}': ItemReader needs Amazon S3, which it does not provide.`,
  );
  return {
    kind: 'map',
    items: [],
    maxConcurrency: 0,
    toleratedFailureCount: undefined,
    toleratedFailurePercentage: undefined,
    runError: mapRunError(state, env, failure),
  };
}
