import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../asl/index.ts';
import { engineOn, hang, ScriptedTasks, VirtualClock } from '../test-support/engine-harness.ts';
import { ServiceError } from './errors.ts';
import { execute } from './execution-fixture.ts';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
const ROLE = 'arn:aws:iam::123456789012:role/StepFunctions';
const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
const WAIT = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 100, End: true } } });

function setup() {
  const clock = new VirtualClock(T0);
  const engine = engineOn(undefined, clock, new ScriptedTasks(hang));
  return { clock, engine };
}

function serviceError(code: string): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof ServiceError, String(e));
    assert.equal(e.code, code);
    return true;
  };
}

describe('Engine.createStateMachine', () => {
  it('builds the ARN from region and account and records the request', () => {
    const { engine } = setup();
    const sm = engine.createStateMachine({ name: 'Hello', definition: PASS, roleArn: ROLE });
    assert.equal(sm.stateMachineArn, 'arn:aws:states:us-east-1:123456789012:stateMachine:Hello');
    assert.equal(sm.type, 'STANDARD');
    assert.equal(sm.creationDate, T0);
    assert.deepEqual(engine.describeStateMachine(sm.stateMachineArn), sm);
  });

  it('is idempotent for an identical request; a different roleArn is ignored (AWS API reference)', () => {
    const { engine } = setup();
    const first = engine.createStateMachine({ name: 'Hello', definition: PASS, roleArn: ROLE });
    assert.equal(engine.createStateMachine({ name: 'Hello', definition: PASS, roleArn: ROLE }), first);
    assert.equal(engine.createStateMachine({ name: 'Hello', definition: PASS, roleArn: `${ROLE}2` }), first);
    assert.equal(engine.listStateMachines().length, 1);
  });

  it('throws StateMachineAlreadyExists for the same name with another definition or type', () => {
    const { engine } = setup();
    engine.createStateMachine({ name: 'Hello', definition: PASS, roleArn: ROLE });
    assert.throws(
      () => engine.createStateMachine({ name: 'Hello', definition: WAIT, roleArn: ROLE }),
      serviceError('StateMachineAlreadyExists'),
    );
    assert.throws(
      () => engine.createStateMachine({ name: 'Hello', definition: PASS, roleArn: ROLE, type: 'EXPRESS' }),
      serviceError('StateMachineAlreadyExists'),
    );
    assert.equal(engine.describeStateMachine(engine.stateMachineArn('Hello')).definition, PASS);
  });

  it('throws InvalidDefinition for a definition that does not validate, and registers nothing', () => {
    const { engine } = setup();
    const bad = JSON.stringify({ StartAt: 'Missing', States: { P: { Type: 'Pass', End: true } } });
    assert.throws(
      () => engine.createStateMachine({ name: 'Bad', definition: bad, roleArn: ROLE }),
      serviceError('InvalidDefinition'),
    );
    assert.throws(
      () => engine.createStateMachine({ name: 'Bad', definition: '{not json', roleArn: ROLE }),
      serviceError('InvalidDefinition'),
    );
    assert.deepEqual(engine.listStateMachines(), []);
  });
});

describe('Engine.startExecution', () => {
  it('is idempotent for a running STANDARD execution with the same name and input', () => {
    const { engine } = setup();
    const sm = engine.createStateMachine({ name: 'M', definition: WAIT, roleArn: ROLE });
    const first = engine.startExecution({
      stateMachineArn: sm.stateMachineArn,
      name: 'run',
      input: '{"a":1}',
    });
    const again = engine.startExecution({
      stateMachineArn: sm.stateMachineArn,
      name: 'run',
      input: '{"a":1}',
    });
    assert.equal(again, first);
    assert.equal(engine.listExecutions(sm.stateMachineArn).length, 1);
  });

  it('throws ExecutionAlreadyExists for another input, or once the execution has closed', async () => {
    const { engine, clock } = setup();
    const sm = engine.createStateMachine({ name: 'M', definition: WAIT, roleArn: ROLE });
    const first = engine.startExecution({
      stateMachineArn: sm.stateMachineArn,
      name: 'run',
      input: '{"a":1}',
    });
    assert.throws(
      () => engine.startExecution({ stateMachineArn: sm.stateMachineArn, name: 'run', input: '{"a":2}' }),
      serviceError('ExecutionAlreadyExists'),
    );
    await clock.runUntil(engine.waitForExecution(first.executionArn));
    assert.equal(engine.describeExecution(first.executionArn).status, 'SUCCEEDED');
    assert.throws(
      () => engine.startExecution({ stateMachineArn: sm.stateMachineArn, name: 'run', input: '{"a":1}' }),
      serviceError('ExecutionAlreadyExists'),
    );
  });

  it('names an execution with a uuid when no name is given; rejects input that is not JSON', () => {
    const { engine } = setup();
    const sm = engine.createStateMachine({ name: 'M', definition: WAIT, roleArn: ROLE });
    const e = engine.startExecution({ stateMachineArn: sm.stateMachineArn });
    // Version 7: the start time, then the random bits of the entropy's uuid (ordered-name.ts).
    const time = T0.toString(16).padStart(12, '0');
    assert.equal(e.name, `${time.slice(0, 8)}-${time.slice(8)}-7000-8000-000000000001`);
    assert.equal(e.input, '{}');
    assert.throws(
      () => engine.startExecution({ stateMachineArn: sm.stateMachineArn, name: 'x', input: '{' }),
      serviceError('InvalidExecutionInput'),
    );
  });

  it('throws StateMachineDoesNotExist / ExecutionDoesNotExist for unknown ARNs', () => {
    const { engine } = setup();
    const arn = engine.stateMachineArn('Nope');
    assert.throws(
      () => engine.startExecution({ stateMachineArn: arn }),
      serviceError('StateMachineDoesNotExist'),
    );
    assert.throws(
      () => engine.describeExecution(engine.executionArn('Nope', 'x')),
      serviceError('ExecutionDoesNotExist'),
    );
  });
});

describe('Engine.listExecutions', () => {
  it('lists newest first and filters by status', async () => {
    const { engine, clock } = setup();
    const waits = engine.createStateMachine({ name: 'Waits', definition: WAIT, roleArn: ROLE });
    const other = engine.createStateMachine({ name: 'Other', definition: WAIT, roleArn: ROLE });
    const a = engine.startExecution({ stateMachineArn: waits.stateMachineArn, name: 'a' });
    await clock.advance(10_000);
    const b = engine.startExecution({ stateMachineArn: waits.stateMachineArn, name: 'b' });
    await clock.advance(10_000);
    engine.startExecution({ stateMachineArn: waits.stateMachineArn, name: 'c' });
    engine.startExecution({ stateMachineArn: other.stateMachineArn, name: 'elsewhere' });
    engine.stopExecution(b.executionArn);
    await clock.advance(85_000); // a's Wait (100 s) is over; c's is not
    assert.deepEqual(
      engine.listExecutions(waits.stateMachineArn).map((e) => e.name),
      ['c', 'b', 'a'],
    );
    assert.deepEqual(
      engine.listExecutions(waits.stateMachineArn, 'RUNNING').map((e) => e.name),
      ['c'],
    );
    assert.deepEqual(
      engine.listExecutions(waits.stateMachineArn, 'ABORTED').map((e) => e.name),
      ['b'],
    );
    assert.deepEqual(
      engine.listExecutions(waits.stateMachineArn, 'SUCCEEDED').map((e) => e.executionArn),
      [a.executionArn],
    );
    assert.deepEqual(engine.listExecutions(waits.stateMachineArn, 'FAILED'), []);
  });
});

describe('JSONata definitions', () => {
  it('run wherever JSONata is selected: the machine, one state, a state inside a branch', async () => {
    const pass = { Type: 'Pass', End: true, Output: '{% $states.input.x + 1 %}' };
    const definitions: JsonObject[] = [
      { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: pass } },
      { StartAt: 'A', States: { A: { ...pass, QueryLanguage: 'JSONata' } } },
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            End: true,
            Branches: [{ StartAt: 'B', States: { B: { ...pass, QueryLanguage: 'JSONata' } } }],
          },
        },
      },
    ];
    const outputs: (string | undefined)[] = [];
    for (const d of definitions) outputs.push((await execute(d, { x: 41 })).record.output);
    assert.deepEqual(outputs, ['42', '42', '[42]']);
  });

  it('a catcher sees States.QueryEvaluationError from Arguments, after EvaluationFailed', async () => {
    const { record, types } = await execute({
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'f', Payload: '{% $states.input.missing %}' },
          Catch: [
            {
              ErrorEquals: ['States.QueryEvaluationError'],
              Output: { caught: '{% $states.errorOutput.Error %}' },
              Next: 'Done',
            },
          ],
          End: true,
        },
        Done: { Type: 'Succeed' },
      },
    });
    assert.equal(record.output, '{"caught":"States.QueryEvaluationError"}');
    assert.deepEqual(types(), [
      'ExecutionStarted',
      'TaskStateEntered',
      'EvaluationFailed',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('record EvaluationFailed with the state and field when an expression gives nothing', async () => {
    const { record, events } = await execute({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: { A: { Type: 'Pass', End: true, Output: { v: '{% $states.input.missing %}' } } },
    });
    assert.equal(record.error, 'States.QueryEvaluationError');
    const cause =
      "An error occurred while executing the state 'A' (entered at the event id #2). " +
      "The JSONata expression '$states.input.missing' specified for the field 'Output/v' returned nothing (undefined).";
    assert.equal(record.cause, cause);
    const failed = events.find((ev) => ev.type === 'EvaluationFailed');
    assert.deepEqual(failed?.['evaluationFailedEventDetails'], {
      error: 'States.QueryEvaluationError',
      cause,
      location: 'Output/v',
      state: 'A',
    });
  });
});
