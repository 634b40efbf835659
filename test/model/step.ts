// One step of a model-based sequence: an API call checked against the model, then the checks
// that hold after every step.
import type { AsyncCommand } from 'fast-check';
import type { ApiUnderTest } from './api-under-test.ts';
import type { ApiModel } from './model.ts';
import { invariants } from './model.ts';

export type Step = AsyncCommand<ApiModel, ApiUnderTest>;

/**
 * A step named `label` (how fast-check prints it in a counterexample) that runs `act` when
 * `applies` to the model (else fast-check skips it), then checks the invariants.
 */
export function step(
  label: string,
  act: (model: ApiModel, api: ApiUnderTest) => Promise<void>,
  applies: (model: Readonly<ApiModel>) => boolean = () => true,
): Step {
  return {
    check: applies,
    async run(model, api) {
      model.steps++;
      await act(model, api);
      await invariants(model, api);
    },
    toString: () => label,
  };
}
