import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateDefinition } from './index.ts';

/** [code, message, location] of every diagnostic for a one-state machine named S. */
function check(state: object, top: object = {}, type?: 'EXPRESS'): string[][] {
  const def = { StartAt: 'S', States: { S: state, Done: { Type: 'Succeed' } }, ...top };
  return validateDefinition(def, type ? { type } : {})
    .filter((d) => !d.message.startsWith('State "Done"'))
    .map((d) => [d.code, d.message, d.location ?? 'null']);
}
const S = 'SCHEMA_VALIDATION_FAILED';

test('Type is required and must be a known state type', () => {
  assert.deepEqual(check({ End: true }), [[S, 'These fields are required: [Type]', '/States/S']]);
  assert.deepEqual(check({ Type: 'Sleep', End: true }), [
    [
      S,
      'Value should be one of the following: [Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map]',
      '/States/S/Type',
    ],
  ]);
});

test('fields a state type does not accept are reported at the state', () => {
  assert.deepEqual(check({ Type: 'Pass', TimeoutSeconds: 5, End: true }), [
    [S, "Field 'TimeoutSeconds' is not supported", '/States/S'],
  ]);
  assert.deepEqual(check({ Type: 'Wait', Seconds: 1, End: true, Retry: [{ ErrorEquals: ['States.ALL'] }] }), [
    [S, "Field 'Retry' is not supported", '/States/S'],
  ]);
  assert.deepEqual(check({ Type: 'Succeed', Next: 'Done' }), [
    [S, "Field 'Next' is not supported", '/States/S'],
  ]);
  assert.deepEqual(check({ Type: 'Pass', Foo: 1, End: true }), [
    [S, "Field 'Foo' is not supported", '/States/S'],
  ]);
});

test('exactly one of Next and End', () => {
  assert.deepEqual(check({ Type: 'Pass', Next: 'Done', End: true }), [
    [S, 'There should only be one of the following fields: [Next, End]', '/States/S'],
  ]);
  assert.deepEqual(check({ Type: 'Pass' }), [
    [S, 'This object should have only one of the following fields: [Next, End]', '/States/S'],
  ]);
  assert.deepEqual(check({ Type: 'Pass', End: 'yes', Next: 'Done' }), [
    [S, 'Expected value of type [BOOLEAN]', '/States/S/End'],
  ]);
});

test('paths: InputPath any JSONPath, ResultPath a reference path, null allowed', () => {
  assert.deepEqual(
    check({ Type: 'Pass', InputPath: '$.items[*].id', ResultPath: null, OutputPath: null, End: true }),
    [],
  );
  assert.deepEqual(check({ Type: 'Pass', InputPath: 'items', End: true }), [
    [S, 'Value must be a valid JSONPath.', '/States/S/InputPath'],
  ]);
  assert.deepEqual(check({ Type: 'Pass', ResultPath: '$.a[*]', End: true }), [
    [S, 'Value is not a Reference Path', '/States/S/ResultPath'],
  ]);
  assert.deepEqual(check({ Type: 'Pass', ResultPath: 'a', End: true }), [
    [S, "Value is not a Reference Path: Reference path didn't start with '$'", '/States/S/ResultPath'],
  ]);
});

test('payload templates: every .$ value is a path or an intrinsic call, at any depth', () => {
  const ok = {
    'a.$': '$.x',
    'b.$': '$$.Execution.Id',
    c: { 'd.$': "States.Format('{}', $.x)" },
    e: [{ 'f.$': '$var' }],
  };
  assert.deepEqual(check({ Type: 'Pass', Parameters: ok, End: true }), []);
  assert.deepEqual(
    check({ Type: 'Pass', Parameters: { list: [{ 'f.$': 'nope' }], 'g.$': 'States.Format(' }, End: true }),
    [
      [
        S,
        "The value for the field 'f.$' must be a valid JSONPath or a valid intrinsic function call",
        '/States/S/Parameters/list[0]/f.$',
      ],
      [
        S,
        "The value for the field 'g.$' must be a valid JSONPath or a valid intrinsic function call",
        '/States/S/Parameters/g.$',
      ],
    ],
  );
});

test('Assign: variable names, the reserved $states, and .$ values in JSONPath', () => {
  assert.deepEqual(check({ Type: 'Pass', Assign: { x: 1, 'y.$': '$.a' }, End: true }), []);
  assert.deepEqual(check({ Type: 'Pass', Assign: { states: 1, 'bad-name': 2, 'z.$': 'oops' }, End: true }), [
    ['RESERVED_VARIABLE_NAME', "Cannot assign to reserved variable '$states'.", '/States/S/Assign/states'],
    [
      'INVALID_VARIABLE_NAME',
      "Invalid variable name 'bad-name': the variable name contains invalid characters.",
      '/States/S/Assign/bad-name',
    ],
    [
      S,
      "The value for the field 'z.$' must be a valid JSONPath or a valid intrinsic function call",
      '/States/S/Assign/z.$',
    ],
  ]);
});

test('Task: Resource, timeouts, heartbeat below timeout, credentials, Express patterns', () => {
  const resource = 'arn:aws:states:::lambda:invoke';
  assert.deepEqual(check({ Type: 'Task', End: true }), [
    [S, 'These fields are required: [Resource]', '/States/S'],
  ]);
  assert.deepEqual(check({ Type: 'Task', Resource: 'createToken', End: true }), [
    [S, 'Value is not a valid resource ARN', '/States/S/Resource'],
  ]);
  assert.deepEqual(check({ Type: 'Task', Resource: resource, TimeoutSeconds: 0, End: true }), [
    [S, 'Minimum value is 1', '/States/S/TimeoutSeconds'],
  ]);
  assert.deepEqual(
    check({ Type: 'Task', Resource: resource, TimeoutSeconds: 5, TimeoutSecondsPath: '$.t', End: true }),
    [
      [
        S,
        'There should only be one of the following fields: [TimeoutSeconds, TimeoutSecondsPath]',
        '/States/S',
      ],
    ],
  );
  assert.deepEqual(
    check({ Type: 'Task', Resource: resource, TimeoutSeconds: 5, HeartbeatSeconds: 5, End: true }),
    [
      [
        S,
        "The field 'HeartbeatSeconds' must be smaller than the field 'TimeoutSeconds'",
        '/States/S/HeartbeatSeconds',
      ],
    ],
  );
  assert.deepEqual(check({ Type: 'Task', Resource: resource, Credentials: {}, End: true }), [
    [S, "The field 'RoleArn' is required but was missing", '/States/S/Credentials'],
  ]);
  const sync = { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', End: true };
  assert.deepEqual(check(sync), []);
  assert.deepEqual(check(sync, {}, 'EXPRESS'), [
    [S, "Express state machine does not support '.sync' service integration", '/States/S/Resource'],
  ]);
});

test('Retry and Catch: ErrorEquals, States.ALL last and alone, ranges, JitterStrategy, catcher Next', () => {
  const task = (extra: object) =>
    check({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...extra });
  assert.deepEqual(task({ Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['X'] }] }), [
    [S, 'States.ALL must appear alone and at end of list', '/States/S/Retry[0]/ErrorEquals'],
  ]);
  assert.deepEqual(task({ Catch: [{ ErrorEquals: ['States.ALL', 'X'], Next: 'Done' }] }), [
    [S, 'States.ALL must appear alone and at end of list', '/States/S/Catch[0]/ErrorEquals'],
  ]);
  assert.deepEqual(task({ Retry: [{ ErrorEquals: [] }] }), [
    [S, 'Value cannot be empty', '/States/S/Retry[0]/ErrorEquals'],
  ]);
  assert.deepEqual(task({ Retry: [{}] }), [
    [S, 'These fields are required: [ErrorEquals]', '/States/S/Retry[0]'],
  ]);
  assert.deepEqual(
    task({
      Retry: [
        {
          ErrorEquals: ['X'],
          MaxAttempts: -1,
          BackoffRate: 0.5,
          MaxDelaySeconds: 31_622_401,
          JitterStrategy: 'HALF',
        },
      ],
    }),
    [
      [S, 'Minimum value is 0', '/States/S/Retry[0]/MaxAttempts'],
      [S, 'Minimum value is 1', '/States/S/Retry[0]/BackoffRate'],
      [S, 'Maximum value is 31622400', '/States/S/Retry[0]/MaxDelaySeconds'],
      [S, 'Value should be one of the following: [NONE, FULL]', '/States/S/Retry[0]/JitterStrategy'],
    ],
  );
  assert.deepEqual(task({ Catch: [{ ErrorEquals: ['X'] }] }), [
    [S, 'These fields are required: [Next]', '/States/S/Catch[0]'],
  ]);
  assert.deepEqual(task({ Catch: [{ ErrorEquals: ['X'], Next: 'Ghost' }] }), [
    ['MISSING_TRANSITION_TARGET', "Missing 'Next' target: Ghost", '/States/S/Catch[0]/Next'],
  ]);
});

test('Wait: exactly one timing field, ranges, RFC3339 timestamps', () => {
  assert.deepEqual(check({ Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true }), [
    [
      S,
      'There should only be one of the following fields: [SecondsPath, Seconds, TimestampPath, Timestamp]',
      '/States/S',
    ],
  ]);
  assert.deepEqual(check({ Type: 'Wait', End: true }), [
    [
      S,
      'This object should have only one of the following fields: [SecondsPath, Seconds, TimestampPath, Timestamp]',
      '/States/S',
    ],
  ]);
  assert.deepEqual(check({ Type: 'Wait', Seconds: -1, End: true }), [
    [S, 'Minimum value is 0', '/States/S/Seconds'],
  ]);
  assert.deepEqual(check({ Type: 'Wait', Timestamp: '2016-03-14T01:59:00Z', End: true }), []);
  assert.deepEqual(check({ Type: 'Wait', Timestamp: '2016-03-14 01:59:00', End: true }), [
    [S, 'String does not match RFC3339 timestamp', '/States/S/Timestamp'],
  ]);
});

test('Fail: Error/ErrorPath and Cause/CausePath are exclusive; paths may be intrinsics', () => {
  assert.deepEqual(check({ Type: 'Fail', Error: 'E', ErrorPath: '$.e' }), [
    [S, 'There should only be one of the following fields: [Error, ErrorPath]', '/States/S'],
  ]);
  assert.deepEqual(check({ Type: 'Fail', ErrorPath: "States.Format('{}', $.e)", CausePath: '$.c' }), []);
  assert.deepEqual(check({ Type: 'Fail', CausePath: 42 }), [
    [S, 'Expected value of type [STRING]', '/States/S/CausePath'],
  ]);
});

test('Parallel needs non-empty Branches, each with StartAt and States', () => {
  assert.deepEqual(check({ Type: 'Parallel', End: true }), [
    [S, 'These fields are required: [Branches]', '/States/S'],
  ]);
  assert.deepEqual(check({ Type: 'Parallel', Branches: [], End: true }), [
    [S, 'Value cannot be empty', '/States/S/Branches'],
  ]);
  assert.deepEqual(
    check({ Type: 'Parallel', Branches: [{ States: { A: { Type: 'Pass', End: true } } }], End: true }),
    [
      [S, 'These fields are required: [StartAt]', '/States/S/Branches[0]'],
      ['MISSING_TRANSITION_TARGET', 'State "A" is not reachable.', '/States/S/Branches[0]/States/A'],
    ],
  );
});

test('Map: one processor, concurrency, tolerated failures, processor config, no QueryLanguage inside', () => {
  const processor = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
  assert.deepEqual(check({ Type: 'Map', End: true }), [
    [S, 'This object should have only one of the following fields: [ItemProcessor, Iterator]', '/States/S'],
  ]);
  assert.deepEqual(check({ Type: 'Map', ItemProcessor: processor, MaxConcurrency: -1, End: true }), [
    [S, 'Minimum value is 0', '/States/S/MaxConcurrency'],
  ]);
  assert.deepEqual(
    check({ Type: 'Map', ItemProcessor: processor, MaxConcurrency: 1, MaxConcurrencyPath: '$.m', End: true }),
    [
      [
        S,
        'There should only be one of the following fields: [MaxConcurrency, MaxConcurrencyPath]',
        '/States/S',
      ],
    ],
  );
  assert.deepEqual(
    check({ Type: 'Map', ItemProcessor: processor, ToleratedFailurePercentage: 101, End: true }),
    [[S, 'Maximum value is 100', '/States/S/ToleratedFailurePercentage']],
  );
  assert.deepEqual(
    check({
      Type: 'Map',
      ItemProcessor: { ...processor, ProcessorConfig: { Mode: 'DISTRIBUTED' } },
      End: true,
    }),
    [[S, 'These fields are required: [ExecutionType]', '/States/S/ItemProcessor/ProcessorConfig']],
  );
  assert.deepEqual(
    check({ Type: 'Map', ItemProcessor: { ...processor, QueryLanguage: 'JSONata' }, End: true }),
    [[S, "Field 'QueryLanguage' is not supported", '/States/S/ItemProcessor']],
  );
  const distributed = {
    Type: 'Map',
    ItemProcessor: { ...processor, ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' } },
    ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { 'Bucket.$': '$.b' } },
    ItemBatcher: { MaxItemsPerBatch: 10 },
    ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b' } },
    Label: 'L',
    ToleratedFailureCount: 3,
    End: true,
  };
  assert.deepEqual(check(distributed), []);
});
