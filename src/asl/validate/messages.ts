/**
 * AWS's wording for SCHEMA_VALIDATION_FAILED and friends, in one place so each sentence cites its source.
 * [M] = measured on AWS and quoted verbatim (floci issues #2735/#2786/#2968, user reports of
 *       CreateStateMachine errors); [P] = quoted by the cdk-preflight rule library as AWS's
 *       CreateStateMachine message; [G] = our guess in AWS's style (no source found).
 */
export const Messages = {
  notSupported: (field: string) => `Field '${field}' is not supported`, // [M]
  required: (fields: readonly string[]) => `These fields are required: [${fields.join(', ')}]`, // [P]
  onlyOneOf: (fields: readonly string[]) =>
    `There should only be one of the following fields: [${fields.join(', ')}]`, // [P]
  exactlyOneOf: (fields: readonly string[]) =>
    `This object should have only one of the following fields: [${fields.join(', ')}]`, // [P]
  atLeastOneOf: (fields: readonly string[]) =>
    `This object should have at least one of the following fields: [${fields.join(', ')}]`, // [G] (ItemBatcher)
  oneOfValues: (values: readonly string[]) => `Value should be one of the following: [${values.join(', ')}]`, // [M]
  expectedType: (type: 'STRING' | 'BOOLEAN' | 'OBJECT' | 'ARRAY' | 'NUMBER') =>
    `Expected value of type [${type}]`, // [M] STRING, [G] others
  expectedInteger: 'Expected value of type Integer', // [P]
  minimum: (n: number) => `Minimum value is ${n}`, // [P]
  maximum: (n: number) => `Maximum value is ${n}`, // [P]
  empty: 'Value cannot be empty', // [P]
  statesAllAlone: 'States.ALL must appear alone and at end of list', // [M] (user report of a terraform apply)
  invalidJsonPath: 'Value must be a valid JSONPath.', // [P]
  notReferencePath: (source: string) =>
    source.startsWith('$')
      ? 'Value is not a Reference Path'
      : "Value is not a Reference Path: Reference path didn't start with '$'", // [P]
  invalidDollarField: (key: string) =>
    `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`, // [M]
  invalidTimestamp: 'String does not match RFC3339 timestamp', // [P]
  invalidResourceArn: 'Value is not a valid resource ARN', // [P]
  unrecognizedResource: (resource: string) =>
    `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`, // [M] (issue 22, measured on AWS)
  expressIntegration: (pattern: string) =>
    `Express state machine does not support '${pattern}' service integration`, // [P]
  roleArnRequired: "The field 'RoleArn' is required but was missing", // [P]
  heartbeatNotBelowTimeout: "The field 'HeartbeatSeconds' must be smaller than the field 'TimeoutSeconds'", // [G]
  wrongLanguageField: (language: string, field: string) =>
    `The QueryLanguage is set to '${language}', but field '${field}' is only supported for the '${language === 'JSONata' ? 'JSONPath' : 'JSONata'}' QueryLanguage`, // [M]
  jsonPathUnderJsonata: "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", // [M]
  missingTarget: (target: string) => `Missing 'Next' target: ${target}`, // [M] (the word Next for StartAt/Default/Catch too)
  unreachable: (name: string) => `State "${name}" is not reachable.`, // [M]
  noTerminalState: 'Workflow has no terminal state', // [M]
  duplicateStateName: (name: string) => `Duplicate State name: ${name}`, // [M] (Step Functions Local, same service code)
  stateNameTooLong: (name: string) => `State name '${name}' exceeds the maximum length of 80 characters`, // [G]
  reservedVariable: "Cannot assign to reserved variable '$states'.", // [P]
  invalidVariable: (name: string) =>
    `Invalid variable name '${name}': the variable name contains invalid characters.`, // [P]
  topLevelReference: (name: string) => `Reference to '${name}' at the top level is not supported.`, // [M] (floci #2670)
  missingStatesField: (field: string) => `Field '$states.${field}' does not exist.`, // [M] (user report, sst #6110)
  notJsonObject: 'The state machine definition must be a JSON object', // [G]
  emptyDefinition: 'Received a null or empty workflow input.', // [G] (the code's documented meaning)
} as const;
