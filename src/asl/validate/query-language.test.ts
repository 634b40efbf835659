import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateDefinition } from './index.ts';

const S = 'SCHEMA_VALIDATION_FAILED';
const messages = (def: object) =>
  validateDefinition(def).map((d) => [d.code, d.message, d.location ?? 'null']);

test('a valid JSONata machine passes: Arguments, Output, Assign, Items, {% %} numbers and timestamps', () => {
  const def = {
    QueryLanguage: 'JSONata',
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { Payload: '{% $states.input %}' },
        TimeoutSeconds: '{% 5 %}',
        Output: '{% $states.result %}',
        Assign: { r: '{% $states.result %}' },
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F', Output: '{% $states.errorOutput %}' }],
        Next: 'W',
      },
      W: { Type: 'Wait', Seconds: '{% $r.wait %}', Next: 'M' },
      M: {
        Type: 'Map',
        Items: '{% [1, 2] %}',
        MaxConcurrency: '{% 2 %}',
        ItemSelector: { v: '{% $states.context.Map.Item.Value %}' },
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% 1 %}', End: true } } },
        End: true,
      },
      F: { Type: 'Fail', Error: '{% "E" %}', Cause: 'c' },
    },
  };
  assert.deepEqual(validateDefinition(def), []);
});

test('JSONPath-only fields in a JSONata state are reported at the state, one each', () => {
  const def = {
    QueryLanguage: 'JSONata',
    StartAt: 'X',
    States: { X: { Type: 'Pass', End: true, InputPath: '$.a', ResultPath: '$.c' } },
  };
  assert.deepEqual(messages(def), [
    [
      S,
      "The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported for the 'JSONPath' QueryLanguage",
      '/States/X',
    ],
    [
      S,
      "The QueryLanguage is set to 'JSONata', but field 'ResultPath' is only supported for the 'JSONPath' QueryLanguage",
      '/States/X',
    ],
  ]);
});

test('JSONata-only fields in a JSONPath state are reported', () => {
  assert.deepEqual(messages({ StartAt: 'X', States: { X: { Type: 'Pass', End: true, Output: 1 } } }), [
    [
      S,
      "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage",
      '/States/X',
    ],
  ]);
});

test('a state may upgrade to JSONata but not downgrade to JSONPath', () => {
  assert.deepEqual(
    messages({
      StartAt: 'X',
      States: { X: { Type: 'Pass', QueryLanguage: 'JSONata', Output: 1, End: true } },
    }),
    [],
  );
  assert.deepEqual(
    messages({
      QueryLanguage: 'JSONata',
      StartAt: 'X',
      States: { X: { Type: 'Pass', QueryLanguage: 'JSONPath', InputPath: '$', End: true } },
    }),
    [[S, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", '/States/X']],
  );
});

test('states in an item processor inherit the machine language, not the Map one', () => {
  const def = {
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        QueryLanguage: 'JSONata',
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Output: 1, End: true } } },
        End: true,
      },
    },
  };
  assert.deepEqual(messages(def), [
    [
      S,
      "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage",
      '/States/M/ItemProcessor/States/P',
    ],
  ]);
});

test('JSONPath *Path fields are refused in JSONata; {% %} numbers are refused in JSONPath', () => {
  const jsonata = {
    QueryLanguage: 'JSONata',
    StartAt: 'W',
    States: { W: { Type: 'Wait', SecondsPath: '$.s', End: true } },
  };
  assert.deepEqual(messages(jsonata), [
    [
      S,
      "The QueryLanguage is set to 'JSONata', but field 'SecondsPath' is only supported for the 'JSONPath' QueryLanguage",
      '/States/W',
    ],
  ]);
  assert.deepEqual(
    messages({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: '{% 1 %}', End: true } } }),
    [[S, 'Expected value of type Integer', '/States/W/Seconds']],
  );
});

test('a JSONata expression that does not parse is INVALID_JSONATA_EXPRESSION where it is, rules and catchers included', () => {
  const def = {
    QueryLanguage: 'JSONata',
    StartAt: 'C',
    States: {
      C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.a = %}', Next: 'P' }], Default: 'P' },
      P: { Type: 'Pass', Output: { list: ['{% 1 + 1 %}', '{% a[1,2) %}'] }, End: true },
    },
  };
  assert.deepEqual(messages(def), [
    ['INVALID_JSONATA_EXPRESSION', 'Unexpected end of expression', '/States/C/Choices[0]/Condition'],
    ['INVALID_JSONATA_EXPRESSION', 'Expected "]", got ","', '/States/P/Output/list[1]'],
  ]);
});

test('a name read from the top-level context is UNSUPPORTED_JSONATA_EXPRESSION (floci #2670, measured)', () => {
  const def = {
    QueryLanguage: 'JSONata',
    StartAt: 'E',
    States: {
      E: { Type: 'Pass', Output: { v: '{% phone & $states.input.items[price > 1].name %}' }, End: true },
    },
  };
  assert.deepEqual(messages(def), [
    [
      'UNSUPPORTED_JSONATA_EXPRESSION',
      "Reference to 'phone' at the top level is not supported.",
      '/States/E/Output/v',
    ],
  ]);
});

test('$states.errorOutput is read only in a catcher Output or Assign', () => {
  const def = {
    QueryLanguage: 'JSONata',
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { e: '{% $states.errorOutput %}' },
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F', Output: '{% $states.errorOutput %}' }],
        End: true,
      },
      F: { Type: 'Fail' },
    },
  };
  assert.deepEqual(messages(def), [
    [
      'UNSUPPORTED_JSONATA_EXPRESSION',
      "Field '$states.errorOutput' does not exist.",
      '/States/T/Arguments/e',
    ],
  ]);
});

test('{% %} strings in a JSONPath state are literals: their syntax is not checked', () => {
  assert.deepEqual(
    messages({ StartAt: 'P', States: { P: { Type: 'Pass', Result: '{% ( %}', End: true } } }),
    [],
  );
});
