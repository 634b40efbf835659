import type { Json } from '../json.ts';
import type { Decision, StepEnv } from '../decision.ts';
import type { TaskState } from '../definition/state.ts';
import { withImplicitParameters } from '../definition/implicit-parameters.ts';
import { effectiveInput, scopeOf, transitionWith } from '../io.ts';
import { positiveIntegerAt } from './numeric-field.ts';

export function enterTask(state: TaskState, input: Json, env: StepEnv): Decision {
  const parameters = withImplicitParameters(state.task, effectiveInput(state, input, env));
  const scope = scopeOf(input, env);
  return {
    kind: 'task',
    resource: state.resource,
    parameters,
    timeoutSeconds: positiveIntegerAt('TimeoutSeconds', state.timeoutSeconds, scope),
    heartbeatSeconds: positiveIntegerAt('HeartbeatSeconds', state.heartbeatSeconds, scope),
    credentials: state.credentials ? state.credentials(scope) : undefined,
  };
}

export function completeTask(state: TaskState, input: Json, result: Json, env: StepEnv): Decision {
  return transitionWith(state, input, result, env);
}
