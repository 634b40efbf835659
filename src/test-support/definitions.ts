// Builders of ASL definitions for tests: the states most tests are made of.
import type { JsonObject } from '../asl/index.ts';

export const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:hello';
export const INVOKE = 'arn:aws:states:::lambda:invoke';

/** A Pass state that ends the machine, with these fields. */
export const pass = (fields: JsonObject = {}): JsonObject => ({ Type: 'Pass', End: true, ...fields });

/** A machine of one state, `name`. */
export const machineOf = (name: string, state: JsonObject): JsonObject => ({
  StartAt: name,
  States: { [name]: state },
});

/** A Task state that calls the legacy Lambda ARN. */
export const lambdaTask = (fields: JsonObject = {}): JsonObject => ({
  Type: 'Task',
  Resource: LAMBDA,
  End: true,
  ...fields,
});
