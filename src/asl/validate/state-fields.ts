/**
 * Which fields each state type accepts, and which belong to one query language only.
 * Measured with ValidateStateMachineDefinition, 8 types x 50 fields (cdk-preflight rule library,
 * 2026-09-05), and by floci (#2735: TimeoutSeconds on Task only; Retry/Catch on Task, Parallel, Map).
 */
export const StateTypes = ['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] as const;
export type StateType = (typeof StateTypes)[number];

export function isStateType(value: unknown): value is StateType {
  return typeof value === 'string' && (StateTypes as readonly string[]).includes(value);
}

const common = ['Type', 'Comment', 'QueryLanguage'];
const io = ['InputPath', 'OutputPath', 'Output', 'Assign'];
const transition = ['Next', 'End'];
const result = ['ResultPath', 'ResultSelector', 'Parameters', 'Retry', 'Catch'];

export const AllowedFields: Readonly<Record<StateType, ReadonlySet<string>>> = {
  Pass: new Set([...common, ...io, ...transition, 'Result', 'ResultPath', 'Parameters']),
  Task: new Set([
    ...common,
    ...io,
    ...transition,
    ...result,
    'Arguments',
    'Resource',
    'Credentials',
    'TimeoutSeconds',
    'TimeoutSecondsPath',
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
  ]),
  Wait: new Set([...common, ...io, ...transition, 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath']),
  Parallel: new Set([...common, ...io, ...transition, ...result, 'Arguments', 'Branches']),
  Map: new Set([
    ...common,
    ...io,
    ...transition,
    ...result,
    'ItemProcessor',
    'Iterator',
    'ItemsPath',
    'Items',
    'ItemSelector',
    'ItemReader',
    'ItemBatcher',
    'ResultWriter',
    'MaxConcurrency',
    'MaxConcurrencyPath',
    'ToleratedFailurePercentage',
    'ToleratedFailurePercentagePath',
    'ToleratedFailureCount',
    'ToleratedFailureCountPath',
    'Label',
  ]),
  Choice: new Set([...common, ...io, 'Choices', 'Default']),
  Succeed: new Set([...common, 'InputPath', 'OutputPath', 'Output']),
  Fail: new Set([...common, 'Error', 'ErrorPath', 'Cause', 'CausePath']),
};

/** Fields of the JSONPath pipeline; a JSONata state refuses them (AWS guide, "Transforming data with JSONata"). */
export const JsonPathOnlyFields: ReadonlySet<string> = new Set([
  'InputPath',
  'OutputPath',
  'ResultPath',
  'Parameters',
  'ResultSelector',
  'Result',
  'ItemsPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'SecondsPath',
  'TimestampPath',
  'MaxConcurrencyPath',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCountPath',
  'ErrorPath',
  'CausePath',
]);

export const JsonataOnlyFields: ReadonlySet<string> = new Set(['Arguments', 'Output', 'Items']);

/** True when the field belongs to the other query language. */
export function languageMismatch(field: string, language: 'JSONPath' | 'JSONata'): boolean {
  return language === 'JSONata' ? JsonPathOnlyFields.has(field) : JsonataOnlyFields.has(field);
}
