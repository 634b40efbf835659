import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatInvalidDefinition, parseDefinitionText, validateDefinition } from './index.ts';

const pass = { Type: 'Pass', End: true };

test('a minimal definition is valid', () => {
  assert.deepEqual(validateDefinition({ StartAt: 'A', States: { A: pass } }), []);
});

test('a dangling Next is reported, then the missing terminal state without a location (AWS order)', () => {
  assert.deepEqual(validateDefinition({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'NOPE' } } }), [
    {
      severity: 'ERROR',
      code: 'MISSING_TRANSITION_TARGET',
      message: "Missing 'Next' target: NOPE",
      location: '/States/A/Next',
    },
    { severity: 'ERROR', code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' },
  ]);
});

test('MISSING_END_STATE replaces the unreachable-state report at the top level', () => {
  const loop = {
    StartAt: 'A',
    States: {
      A: { Type: 'Pass', Next: 'B' },
      B: { Type: 'Pass', Next: 'A' },
      U: { Type: 'Pass', Next: 'A' },
    },
  };
  assert.deepEqual(
    validateDefinition(loop).map((d) => d.code),
    ['MISSING_END_STATE'],
  );
});

test('an unreachable state is reported at its own location', () => {
  const def = {
    StartAt: 'A',
    States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' }, C: pass },
  };
  assert.deepEqual(validateDefinition(def), [
    {
      severity: 'ERROR',
      code: 'MISSING_TRANSITION_TARGET',
      message: 'State "C" is not reachable.',
      location: '/States/C',
    },
  ]);
});

test('StartAt must name a state', () => {
  const diagnostics = validateDefinition({ StartAt: 'X', States: { A: pass } });
  assert.deepEqual(diagnostics[0], {
    severity: 'ERROR',
    code: 'MISSING_TRANSITION_TARGET',
    message: "Missing 'Next' target: X",
    location: '/StartAt',
  });
  assert.equal(diagnostics[1]?.message, 'State "A" is not reachable.');
});

test('top-level fields: unknown ones, required ones, Version, QueryLanguage, TimeoutSeconds', () => {
  assert.deepEqual(validateDefinition({ Coment: 'typo' }), [
    {
      severity: 'ERROR',
      code: 'SCHEMA_VALIDATION_FAILED',
      message: "Field 'Coment' is not supported",
      location: '',
    },
    {
      severity: 'ERROR',
      code: 'SCHEMA_VALIDATION_FAILED',
      message: 'These fields are required: [StartAt, States]',
      location: '',
    },
  ]);
  const messages = (extra: object) =>
    validateDefinition({ StartAt: 'A', States: { A: pass }, ...extra }).map((d) => [d.message, d.location]);
  assert.deepEqual(messages({ Version: '2.0' }), [
    ['Value should be one of the following: [1.0]', '/Version'],
  ]);
  assert.deepEqual(messages({ QueryLanguage: 'jsonata' }), [
    ['Value should be one of the following: [JSONPath, JSONata]', '/QueryLanguage'],
  ]);
  assert.deepEqual(messages({ TimeoutSeconds: -1 }), [['Minimum value is 0', '/TimeoutSeconds']]);
  assert.deepEqual(messages({ TimeoutSeconds: 1.5 }), [
    ['Expected value of type Integer', '/TimeoutSeconds'],
  ]);
  assert.deepEqual(messages({ States: {} }), [['Value cannot be empty', '/States']]);
});

test('non-objects never throw', () => {
  for (const value of [null, 42, 'x', [], undefined]) {
    assert.equal(validateDefinition(value)[0]?.code, 'SCHEMA_VALIDATION_FAILED');
  }
});

test('state names: at most 80 characters, unique across branches', () => {
  const long = 'x'.repeat(81);
  assert.equal(
    validateDefinition({ StartAt: long, States: { [long]: pass } })[0]?.code,
    'INVALID_STATE_NAME',
  );
  const def = {
    StartAt: 'P',
    States: { P: { Type: 'Parallel', Branches: [{ StartAt: 'P', States: { P: pass } }], End: true } },
  };
  assert.deepEqual(validateDefinition(def), [
    {
      severity: 'ERROR',
      code: 'DUPLICATE_STATE_NAME',
      message: 'Duplicate State name: P',
      location: '/States/P/Branches[0]/States/P',
    },
  ]);
});

test('branches are machines of their own: located, walked, and closed to outside targets', () => {
  const def = {
    StartAt: 'P',
    States: {
      P: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'W', States: { W: { Type: 'Pass', Next: 'After' }, G: pass } }],
        Next: 'After',
      },
      After: pass,
    },
  };
  assert.deepEqual(validateDefinition(def), [
    {
      severity: 'ERROR',
      code: 'MISSING_TRANSITION_TARGET',
      message: "Missing 'Next' target: After",
      location: '/States/P/Branches[0]/States/W/Next',
    },
    {
      severity: 'ERROR',
      code: 'MISSING_TRANSITION_TARGET',
      message: 'State "G" is not reachable.',
      location: '/States/P/Branches[0]/States/G',
    },
  ]);
});

test('a loop inside an item processor is accepted (MISSING_END_STATE is top-level only)', () => {
  const def = {
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'A',
          States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } },
        },
        End: true,
      },
    },
  };
  assert.deepEqual(validateDefinition(def), []);
});

test('formatInvalidDefinition renders AWS InvalidDefinition message, null for a missing location', () => {
  const diagnostics = validateDefinition({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'NOPE' } } });
  assert.equal(
    formatInvalidDefinition(diagnostics),
    "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: NOPE at /States/A/Next, MISSING_END_STATE: Workflow has no terminal state at null'",
  );
});

test('parseDefinitionText: JSON errors become INVALID_JSON_DESCRIPTION without a location', () => {
  const parsed = parseDefinitionText('{not json');
  assert.equal(parsed.definition, undefined);
  assert.equal(parsed.diagnostics.length, 1);
  assert.equal(parsed.diagnostics[0]?.code, 'INVALID_JSON_DESCRIPTION');
  assert.equal(parsed.diagnostics[0]?.location, undefined);
  assert.deepEqual(parseDefinitionText('{"a":1}'), { definition: { a: 1 }, diagnostics: [] });
  assert.equal(parseDefinitionText('  ').diagnostics[0]?.code, 'MISSING_DESCRIPTION');
});
