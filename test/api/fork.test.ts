// Fork and compare (Stepwise extensions, docs/fork-and-compare.md) through the JSON 1.0 API:
// edited inputs and variables, a newer version (and one refused with the reason), the links
// both ways, the refusals, and CompareExecutions' first divergence.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '../../src/engine/index.ts';
import { type Api, ROLE, startApi } from './harness.ts';

const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** JSONata: Load (a function) → Scale (a variable) → Check (Choice on the total) → Big | Small. */
const machine = (factor: number, smallName = 'Small') =>
  JSON.stringify({
    QueryLanguage: 'JSONata',
    StartAt: 'Load',
    States: {
      Load: {
        Type: 'Task',
        Resource: fn('load'),
        Arguments: { n: '{% $states.input.n %}' },
        Assign: { factor },
        Output: '{% $states.result %}',
        Next: 'Scale',
      },
      Scale: { Type: 'Pass', Output: { total: '{% $states.input.n * $factor %}' }, Next: 'Check' },
      Check: {
        Type: 'Choice',
        Choices: [{ Condition: '{% $states.input.total > 10 %}', Next: 'Big' }],
        Default: smallName,
      },
      Big: { Type: 'Pass', Output: { size: 'big', total: '{% $states.input.total %}' }, End: true },
      [smallName]: { Type: 'Pass', Output: { size: 'small', total: '{% $states.input.total %}' }, End: true },
    },
  });

describe('StartForkedExecution, DescribeExecutionLineage and CompareExecutions', () => {
  let api: Api;
  let stateMachineArn: string;
  let source: string;
  let events: HistoryEvent[];
  let loads = 0;

  const fork = async (body: Record<string, unknown>) => {
    const res = await api.call('AWSStepFunctions.StartForkedExecution', JSON.stringify(body));
    return res;
  };
  const finished = async (executionArn: string) => {
    for (;;) {
      const d = await api.client.send(new DescribeExecutionCommand({ executionArn }));
      if (d.status !== 'RUNNING') return d;
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const historyOf = async (executionArn: string) =>
    (await api.client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events!;
  const eventOf = (type: string, name?: string) =>
    events.find(
      (e) => e.type === type && (name === undefined || e['stateEnteredEventDetails']?.['name'] === name),
    )!;

  before(async () => {
    api = await startApi();
    api.integrations.functions.register('load', (event) => {
      loads++;
      return Promise.resolve({ n: (event as { n: number }).n });
    });
    const created = await api.client.send(
      new CreateStateMachineCommand({
        name: 'forkable',
        definition: machine(2),
        roleArn: ROLE,
        publish: true,
      }),
    );
    stateMachineArn = created.stateMachineArn!;
    source = (
      await api.client.send(new StartExecutionCommand({ stateMachineArn, name: 'src', input: '{"n":3}' }))
    ).executionArn!;
    const done = await finished(source);
    assert.equal(done.output, '{"size":"small","total":6}');
    events = api.engine.getExecutionHistory(source) as HistoryEvent[];
  });
  after(() => api.close());

  test('an edited state input: the state runs again with it, the task before it does not', async () => {
    const before = loads;
    const res = await fork({
      executionArn: source,
      eventId: eventOf('PassStateEntered', 'Scale').id,
      input: '{"n":7}',
    });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const arn = res.json['executionArn'] as string;
    assert.match(arn, /:execution:forkable:/);
    assert.equal(typeof res.json['startDate'], 'number');
    const done = await finished(arn);
    assert.equal(done.status, 'SUCCEEDED');
    assert.equal(done.output, '{"size":"big","total":14}');
    assert.equal(loads, before, 'Load was copied, not run again');
    const h = await historyOf(arn);
    const scale = h.find((e) => e.stateEnteredEventDetails?.name === 'Scale')!;
    assert.equal(scale.stateEnteredEventDetails?.input, '{"n":7}');
  });

  test('edited variables at a state entry', async () => {
    const res = await fork({
      executionArn: source,
      eventId: eventOf('PassStateEntered', 'Scale').id,
      variables: '{"factor":10}',
    });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const done = await finished(res.json['executionArn'] as string);
    assert.equal(done.output, '{"size":"big","total":30}');
  });

  test('an edited execution input at ExecutionStarted is a new start with that input', async () => {
    const before = loads;
    const res = await fork({ executionArn: source, eventId: 1, input: '{"n":1}' });
    const done = await finished(res.json['executionArn'] as string);
    assert.equal(done.input, '{"n":1}');
    assert.equal(done.output, '{"size":"small","total":2}');
    assert.equal(loads, before + 1);
  });

  test('onto a newer version: the copied states fit, the new definition runs from there', async () => {
    await api.client.send(
      new UpdateStateMachineCommand({ stateMachineArn, definition: machine(5), publish: true }),
    );
    const res = await fork({
      executionArn: source,
      eventId: eventOf('PassStateEntered', 'Scale').id,
      variables: '{"factor":5}',
      stateMachineArn: `${stateMachineArn}:2`,
    });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const arn = res.json['executionArn'] as string;
    const done = await finished(arn);
    assert.equal(done.output, '{"size":"big","total":15}');
    assert.equal(done.stateMachineVersionArn, `${stateMachineArn}:2`);
  });

  test('onto a definition without a copied state: refused, naming it', async () => {
    await api.client.send(
      new UpdateStateMachineCommand({ stateMachineArn, definition: machine(2, 'Tiny'), publish: true }),
    );
    const small = eventOf('PassStateEntered', 'Small');
    const res = await fork({
      executionArn: source,
      eventId: small.id,
      stateMachineArn: `${stateMachineArn}:3`,
    });
    assert.equal(res.status, 400);
    assert.match(String(res.json['__type']), /ValidationException$/);
    assert.match(
      String(res.json['message']),
      new RegExp(`State 'Small' \\(entered at event ${small.id}\\) does not exist in the new definition`),
    );
    // Edited, the state is entered again rather than copied: it must exist all the same.
    const edited = await fork({
      executionArn: source,
      eventId: small.id,
      input: '{"total":1}',
      stateMachineArn: `${stateMachineArn}:3`,
    });
    assert.equal(edited.status, 400);
    assert.match(String(edited.json['message']), /State 'Small' \(entered at event \d+\) does not exist/);
    // Before that state, the same version fits: the fork runs into its new Default.
    const ok = await fork({
      executionArn: source,
      eventId: eventOf('ChoiceStateEntered').id,
      stateMachineArn: `${stateMachineArn}:3`,
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    const h = await historyOf(ok.json['executionArn'] as string);
    assert.ok(h.some((e) => e.stateEnteredEventDetails?.name === 'Tiny'));
  });

  test('a changed state type is refused with both types', async () => {
    const changed = JSON.parse(machine(2)) as { States: Record<string, unknown> };
    changed.States['Scale'] = { Type: 'Wait', Seconds: 1, Next: 'Check' };
    await api.client.send(
      new UpdateStateMachineCommand({ stateMachineArn, definition: JSON.stringify(changed), publish: true }),
    );
    const res = await fork({
      executionArn: source,
      eventId: events.length,
      stateMachineArn: `${stateMachineArn}:4`,
    });
    assert.equal(res.status, 400);
    assert.match(
      String(res.json['message']),
      /State 'Scale' \(entered at event \d+\) is a Pass state in the execution and a Wait state in the new definition/,
    );
  });

  test('refusals: an unknown event, an edit off a state entry, a bad input, an unknown execution', async () => {
    const unknown = await fork({ executionArn: source, eventId: 999 });
    assert.match(String(unknown.json['__type']), /ValidationException$/);
    assert.match(String(unknown.json['message']), /Event 999 is not in the execution's history/);
    const offEntry = await fork({
      executionArn: source,
      eventId: eventOf('PassStateExited').id,
      input: '{}',
    });
    assert.match(String(offEntry.json['message']), /can be edited only at a state's entry/);
    const bad = await fork({ executionArn: source, eventId: 1, input: '{' });
    assert.match(String(bad.json['message']), /Invalid input/);
    const missing = await fork({ executionArn: source.replace(':src', ':nope'), eventId: 1 });
    assert.match(String(missing.json['__type']), /ExecutionDoesNotExist$/);
    const noEvent = await fork({ executionArn: source });
    assert.equal(noEvent.status, 400);
  });

  test('a running execution can be forked: the fork continues on its own', async () => {
    const waiting = await api.client.send(
      new CreateStateMachineCommand({
        name: 'waiting',
        roleArn: ROLE,
        definition: JSON.stringify({
          StartAt: 'Hold',
          States: {
            Hold: { Type: 'Wait', SecondsPath: '$.delay', Next: 'Done' },
            Done: { Type: 'Pass', End: true },
          },
        }),
      }),
    );
    const running = (
      await api.client.send(
        new StartExecutionCommand({ stateMachineArn: waiting.stateMachineArn, input: '{"delay":3600}' }),
      )
    ).executionArn!;
    const hold = (api.engine.getExecutionHistory(running) as HistoryEvent[]).find(
      (e) => e.type === 'WaitStateEntered',
    )!;
    const res = await fork({ executionArn: running, eventId: hold.id, input: '{"delay":0}' });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const done = await finished(res.json['executionArn'] as string);
    assert.equal(done.output, '{"delay":0}');
    assert.equal(api.engine.describeExecution(running).status, 'RUNNING');
    assert.deepEqual(api.engine.describeExecution(running).forks, [res.json['executionArn']]);
    api.engine.stopExecution(running);
  });

  test('DescribeExecutionLineage names the source and the forks, both ways', async () => {
    const res = await fork({ executionArn: source, eventId: 3, name: 'linked' });
    const arn = res.json['executionArn'] as string;
    await finished(arn);
    const mine = await api.call(
      'AWSStepFunctions.DescribeExecutionLineage',
      JSON.stringify({ executionArn: arn }),
    );
    assert.deepEqual(mine.json, {
      executionArn: arn,
      forks: [],
      forkedFrom: { executionArn: source, eventId: 3 },
    });
    const theirs = await api.call(
      'AWSStepFunctions.DescribeExecutionLineage',
      JSON.stringify({ executionArn: source }),
    );
    const forks = theirs.json['forks'] as string[];
    assert.ok(forks.length >= 5);
    assert.equal(forks.at(-1), arn);
    assert.equal(theirs.json['forkedFrom'], undefined);
  });

  test('CompareExecutions pairs the visits and marks the first divergence', async () => {
    const res = await fork({
      executionArn: source,
      eventId: eventOf('PassStateEntered', 'Scale').id,
      input: '{"n":9}',
    });
    const arn = res.json['executionArn'] as string;
    await finished(arn);
    const out = await api.call(
      'AWSStepFunctions.CompareExecutions',
      JSON.stringify({ leftExecutionArn: source, rightExecutionArn: arn }),
    );
    assert.equal(out.status, 200, JSON.stringify(out.json));
    const rows = out.json['rows'] as {
      left?: { name: string };
      right?: { name: string };
      difference?: string;
    }[];
    assert.deepEqual(
      rows.map((r) => [r.left?.name ?? null, r.right?.name ?? null, r.difference ?? null]),
      [
        ['Load', 'Load', null],
        ['Scale', 'Scale', 'input'],
        ['Check', 'Check', 'input'],
        ['Small', null, 'path'],
        [null, 'Big', 'path'],
      ],
    );
    assert.equal(out.json['firstDivergence'], 1);
    assert.deepEqual(
      [(out.json['left'] as { status: string }).status, (out.json['right'] as { output: string }).output],
      ['SUCCEEDED', '{"size":"big","total":18}'],
    );
    const same = await api.call(
      'AWSStepFunctions.CompareExecutions',
      JSON.stringify({ leftExecutionArn: source, rightExecutionArn: source }),
    );
    assert.equal(same.json['firstDivergence'], undefined);
  });
});
