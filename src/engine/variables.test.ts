import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json, JsonObject } from '../asl/index.ts';
import { engineOn, ScriptedTasks, VirtualClock } from '../test-support/engine-harness.ts';
import { MAX_TOTAL_VARIABLE_BYTES, MAX_VARIABLE_BYTES, VariableScope } from './variables.ts';

const texts = (values: JsonObject): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, JSON.stringify(v)]));

const assign = (scope: VariableScope, values: JsonObject) => scope.assign(values, texts(values));

describe('VariableScope', () => {
  it('a child scope reads the outer variables; what it assigns stays inside it', () => {
    const outer = new VariableScope();
    assign(outer, { a: 1, b: 2 });
    const inner = new VariableScope(outer);
    assign(inner, { b: 'inner' });
    assert.deepEqual([inner.lookup('a'), inner.lookup('b'), outer.lookup('b')], [1, 'inner', 2]);
  });

  it('refuses a variable over 256 KiB, applying none of the assignments', () => {
    const scope = new VariableScope();
    const big = 'x'.repeat(MAX_VARIABLE_BYTES);
    assert.equal(assign(scope, { small: 1, big }), 'variable');
    assert.equal(scope.lookup('small'), undefined);
    assert.equal(assign(scope, { fits: 'x'.repeat(MAX_VARIABLE_BYTES - 2) }), undefined);
  });

  it('refuses assignments that bring all variables seen over 10 MiB; reassigning frees the old size', () => {
    const outer = new VariableScope();
    const chunk = 'x'.repeat(MAX_VARIABLE_BYTES - 2);
    const count = Math.floor(MAX_TOTAL_VARIABLE_BYTES / MAX_VARIABLE_BYTES);
    for (let i = 0; i < count; i++) assert.equal(assign(outer, { [`v${i}`]: chunk }), undefined);
    const inner = new VariableScope(outer);
    assert.equal(assign(inner, { more: chunk }), 'total');
    assert.equal(assign(outer, { v0: chunk }), undefined);
  });
});

async function run(definition: JsonObject, input: Json = {}) {
  const clock = new VirtualClock(Date.UTC(2024, 0, 1));
  const engine = engineOn(undefined, clock, new ScriptedTasks());
  const sm = engine.createStateMachine({
    name: 'V',
    definition: JSON.stringify(definition),
    roleArn: 'arn:aws:iam::123456789012:role/R',
  });
  const started = engine.startExecution({
    stateMachineArn: sm.stateMachineArn,
    input: JSON.stringify(input),
  });
  const record = await clock.runUntil(engine.waitForExecution(started.executionArn));
  return { record, events: engine.getExecutionHistory(started.executionArn) };
}

describe('variables in executions', () => {
  it('branches read outer variables, their assignments do not leak out, later states see outer ones', async () => {
    const { record, events } = await run({
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { who: 'outer', n: 1 }, Next: 'P' },
        P: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'B',
              States: {
                B: { Type: 'Pass', Assign: { who: 'branch' }, Next: 'C' },
                C: { Type: 'Pass', Output: '{% $who & $string($n) %}', End: true },
              },
            },
          ],
          Next: 'After',
        },
        After: { Type: 'Pass', Output: { branch: '{% $states.input[0] %}', here: '{% $who %}' }, End: true },
      },
    });
    assert.equal(record.output, '{"branch":"branch1","here":"outer"}');
    const exited = events.find((e) => e.type === 'PassStateExited');
    assert.deepEqual(exited?.['stateExitedEventDetails'], {
      name: 'Init',
      output: '{}',
      outputDetails: { truncated: false },
      assignedVariables: { who: '"outer"', n: '1' },
      assignedVariablesDetails: { truncated: false },
    });
  });

  it('JSONPath and JSONata states share variables both ways', async () => {
    const { record } = await run(
      {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { 'x.$': '$.v' }, Next: 'B' },
          B: { Type: 'Pass', QueryLanguage: 'JSONata', Assign: { y: '{% $x * 2 %}' }, Next: 'C' },
          C: { Type: 'Pass', Parameters: { 'x.$': '$x', 'y.$': '$y' }, End: true },
        },
      },
      { v: 21 },
    );
    assert.equal(record.output, '{"x":21,"y":42}');
  });

  it('fails with States.DataLimitExceeded when a state assigns more than 256 KiB to a variable', async () => {
    const { record } = await run({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: { A: { Type: 'Pass', Assign: { big: "{% $pad('', 300000, 'x') %}" }, End: true } },
    });
    assert.equal(record.status, 'FAILED');
    assert.equal(record.error, 'States.DataLimitExceeded');
  });
});
