import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Engine } from '../src/engine/index.ts';
import { EXAMPLES_DIR, loadExamples, loadFunctionModule } from '../src/server/index.ts';
import { Integrations } from '../src/integrations/drivers.ts';
import { systemClock, systemEntropy } from '../src/server/index.ts';
import { MemoryStore } from '../src/store/drivers.ts';
import type { HistoryEvent } from '../src/engine/index.ts';
import { engineOn, VirtualClock } from '../src/test-support/engine-harness.ts';

async function examples() {
  const integrations = new Integrations({ region: 'us-east-1', account: '123456789012' });
  const engine = new Engine({
    clock: systemClock,
    entropy: systemEntropy,
    tasks: integrations,
    activities: integrations.activities,
    callbacks: integrations.callbacks,
    region: 'us-east-1',
    account: '123456789012',
  });
  const names = await loadExamples(engine, integrations.functions);
  const run = async (example: string, input: string) => {
    const started = engine.startExecution({ stateMachineArn: engine.stateMachineArn(example), input });
    return engine.waitForExecution(started.executionArn);
  };
  return { names, run };
}

const inputsOf = (example: string): [string, string][] => {
  const dir = join(EXAMPLES_DIR, example, 'inputs');
  return readdirSync(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')]);
};

describe('the daycare registration examples', () => {
  it('the JSONata version ends every bundled input as the JSONPath version does', async () => {
    const { names, run } = await examples();
    assert.ok(names.includes('daycare-registration') && names.includes('daycare-registration-jsonata'));
    for (const [file, input] of inputsOf('daycare-registration-jsonata')) {
      const jsonPath = await run('daycare-registration', input);
      const jsonata = await run('daycare-registration-jsonata', input);
      assert.deepEqual([jsonata.status, jsonata.error], [jsonPath.status, jsonPath.error], file);
    }
  });

  it('the JSONata version builds its output and causes from variables', async () => {
    const { run } = await examples();
    const inputs = Object.fromEntries(inputsOf('daycare-registration-jsonata'));
    const valid = await run('daycare-registration-jsonata', inputs['valid.json'] ?? '');
    assert.deepEqual(JSON.parse(valid.output ?? 'null'), {
      registrationId: 'REG-ADALOVELACE-2025-09-01',
      child: 'Ada Lovelace',
      program: 'toddlers',
      startDate: '2025-09-01',
      status: 'CONFIRMED',
      age: 3,
      spotsLeft: 2,
    });
    const missing = await run('daycare-registration-jsonata', inputs['missing-information.json'] ?? '');
    assert.equal(
      missing.cause,
      'The registration is missing or has invalid fields: child.dateOfBirth, parent.email',
    );
    const young = await run('daycare-registration-jsonata', inputs['too-young.json'] ?? '');
    assert.equal(young.cause, 'The child must be between 2 and 5 years old on the start date, and is 0.');
  });
});

describe('the trial-reminder example (durable timers)', () => {
  it('a trial that ends today keeps a subscribed customer at once', async () => {
    const { run } = await examples();
    const done = await run(
      'trial-reminder',
      readFileSync(join(EXAMPLES_DIR, 'trial-reminder', 'inputs', 'ends-today-subscribed.json'), 'utf8'),
    );
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(done.output ?? ''), {
      customerId: 'C-100',
      outcome: 'subscribed',
      plan: 'team',
    });
  });

  it('a two-week trial sleeps parked, is reminded on day 13 and closed on day 14', async () => {
    const DAY = 86_400_000;
    const clock = new VirtualClock();
    const t0 = clock.now();
    const store = new MemoryStore();
    const integrations = new Integrations({ region: 'us-east-1', account: '123456789012' });
    const engine = engineOn(store, clock, integrations);
    const dir = join(EXAMPLES_DIR, 'trial-reminder');
    await loadFunctionModule(join(dir, 'functions.mjs'), integrations.functions);
    const sm = engine.createStateMachine({
      name: 'trial-reminder',
      definition: readFileSync(join(dir, 'definition.asl.json'), 'utf8'),
      roleArn: 'arn:aws:iam::123456789012:role/r',
    });
    const { executionArn } = engine.startExecution({
      stateMachineArn: sm.stateMachineArn,
      input: readFileSync(join(EXAMPLES_DIR, 'trial-reminder', 'inputs', 'two-week-trial.json'), 'utf8'),
    });
    await clock.advance(0);
    assert.deepEqual(engine.residency(), { inMemory: 0, parked: 1 }, 'asleep until day 13, as a timer row');
    const done = await clock.runUntil(engine.waitForExecution(executionArn));
    await engine.flushed();
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(done.output ?? ''), { customerId: 'C-200', outcome: 'closed' });
    const events = (await store.getHistory(executionArn)).map((e) => e.data as unknown as HistoryEvent);
    const entered = (name: string) =>
      events.find((e) => e.stateEnteredEventDetails?.['name'] === name)?.timestamp ?? Number.NaN;
    assert.equal(entered('Remind') - t0, 13 * DAY);
    assert.equal(entered('CheckPlan') - t0, 14 * DAY);
    await engine.close();
  });
});
