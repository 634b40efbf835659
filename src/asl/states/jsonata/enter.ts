import type { Json } from '../../json.ts';
import type { Decision, StepEnv } from '../../decision.ts';
import type { JsonataFields } from '../../definition/jsonata-fields.ts';
import { withImplicitParameters } from '../../definition/implicit-parameters.ts';
import type { ChoiceState, FailState, State, TaskState, WaitState } from '../../definition/state.ts';
import { AslFailure } from '../../errors/failure.ts';
import { StatesErrors } from '../../errors/names.ts';
import { QueryEvaluationFailure, valueOf } from '../../query/jsonata/index.ts';
import { parseTimestamp } from '../../timestamp.ts';
import { NO_CHOICE_MATCHED_CAUSE } from '../choice/index.ts';
import { enterJsonataMap } from './map.ts';
import { fieldValue, integerField, jsonataAssignment, jsonataScope, stringField } from './jsonata-io.ts';

/**
 * The first decision for a visit of a JSONata state. Its fields see `$states.input` (the raw
 * input) and `$states.context`; Output and Assign of states without a result are evaluated here.
 */
export async function enterJsonata(
  state: State,
  fields: JsonataFields,
  input: Json,
  env: StepEnv,
): Promise<Decision> {
  const scope = jsonataScope(env, input);
  switch (state.type) {
    case 'Pass':
      return {
        kind: 'transition',
        output: await fieldValue(fields.output, scope, input),
        next: state.transition,
        ...(await jsonataAssignment(fields.assign, scope)),
      };
    case 'Succeed':
      return { kind: 'transition', output: await fieldValue(fields.output, scope, input), next: null };
    case 'Task':
      return enterTask(state, fields, input, env);
    case 'Choice':
      return enterChoice(state, fields, input, env);
    case 'Wait':
      return enterWait(state, fields, input, env);
    case 'Fail':
      return enterFail(state, fields, input, env);
    case 'Parallel':
      return { kind: 'parallel', input: await fieldValue(fields.arguments, scope, input) };
    case 'Map':
      return enterJsonataMap(state, fields, input, env);
  }
}

async function enterTask(
  state: TaskState,
  fields: JsonataFields,
  input: Json,
  env: StepEnv,
): Promise<Decision> {
  const scope = jsonataScope(env, input);
  const parameters = withImplicitParameters(state.task, await fieldValue(fields.arguments, scope, input));
  const timeoutSeconds = await integerField('TimeoutSeconds', fields.timeoutSeconds, scope, 1);
  const heartbeatSeconds = await integerField('HeartbeatSeconds', fields.heartbeatSeconds, scope, 1);
  return {
    kind: 'task',
    resource: state.resource,
    parameters,
    timeoutSeconds,
    heartbeatSeconds,
    credentials: fields.credentials ? await valueOf(fields.credentials, scope) : undefined,
  };
}

/**
 * The first rule whose Condition is true decides, with its own Output and Assign; the state's
 * Output and Assign apply when the Default is taken (AWS guide, "Choice workflow state").
 */
async function enterChoice(
  state: ChoiceState,
  fields: JsonataFields,
  input: Json,
  env: StepEnv,
): Promise<Decision> {
  const scope = jsonataScope(env, input);
  for (const [i, rule] of fields.rules.entries()) {
    const matched = await valueOf(rule.condition, scope);
    if (typeof matched !== 'boolean') {
      const location = `Choices[${i}]/Condition`;
      throw new QueryEvaluationFailure(
        `The ${location} field must evaluate to a boolean value, but was: ${JSON.stringify(matched)}`,
        location,
      );
    }
    if (!matched) continue;
    return {
      kind: 'transition',
      output: await fieldValue(rule.output, scope, input),
      next: state.choices[i]?.next ?? null,
      ...(await jsonataAssignment(rule.assign, scope)),
    };
  }
  if (state.defaultNext === undefined) throw new AslFailure(StatesErrors.Runtime, NO_CHOICE_MATCHED_CAUSE);
  return {
    kind: 'transition',
    output: await fieldValue(fields.output, scope, input),
    next: state.defaultNext,
    ...(await jsonataAssignment(fields.assign, scope)),
  };
}

async function enterWait(
  state: WaitState,
  fields: JsonataFields,
  input: Json,
  env: StepEnv,
): Promise<Decision> {
  const scope = jsonataScope(env, input);
  let until: number;
  const seconds = await integerField('Seconds', fields.seconds, scope, 0);
  if (seconds !== undefined) {
    until = env.now + seconds * 1000;
  } else {
    const text = (await stringField('Timestamp', fields.timestamp, scope)) ?? '';
    const at = parseTimestamp(text);
    if (at === undefined) {
      throw new QueryEvaluationFailure(`The Timestamp field is not a valid timestamp: ${text}`, 'Timestamp');
    }
    until = at;
  }
  return {
    kind: 'wait',
    until,
    output: await fieldValue(fields.output, scope, input),
    next: state.transition,
    ...(await jsonataAssignment(fields.assign, scope)),
  };
}

async function enterFail(
  _state: FailState,
  fields: JsonataFields,
  input: Json,
  env: StepEnv,
): Promise<Decision> {
  const scope = jsonataScope(env, input);
  return {
    kind: 'fail',
    error: await stringField('Error', fields.error, scope),
    cause: await stringField('Cause', fields.cause, scope),
  };
}
