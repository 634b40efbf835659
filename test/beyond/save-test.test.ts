// Save an execution as a test (issue 20, a Stepwise extension): every example workflow and a
// sample of the conformance cases is run on a real server, saved with SaveExecutionAsTest (and
// `stepwise save-test`), and the saved files pass `stepwise test`; a changed Choice rule fails,
// naming the state where the run diverges.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callApi } from '../../src/client/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { EXAMPLES_DIR, startServer } from '../../src/server/index.ts';
import { sharedPath } from '../../src/test-support/shared.ts';
import type { StandIn } from '../support/aws-stand-ins.ts';
import { LOCAL_CREDENTIALS, startDynalite, startLocalSqs } from '../support/aws-stand-ins.ts';
import { runCli } from '../integrations/support.ts';

type Obj = Record<string, unknown>;
const ACCOUNT = '123456789012';
const CONFORMANCE = sharedPath('conformance', 'cases');

/** Every example and inputs of it that finish within seconds. */
const EXAMPLE_RUNS: ReadonlyArray<[string, string]> = [
  ...['valid', 'missing-information', 'too-young', 'program-full'].flatMap((i): [string, string][] => [
    ['daycare-registration', i],
    ['daycare-registration-jsonata', i],
  ]),
  ['order-processing', 'confirmed'],
  ['order-processing', 'out-of-stock'],
  ['order-processing', 'payment-retry'],
  ['expense-approval', 'small'],
  ['expense-approval', 'large'],
  ['document-review', 'good'],
  ['document-review', 'draft'],
  ['ticket-intake', 'login-problem'],
  ['nightly-cleanup', 'one-week'],
  ['trial-reminder', 'ends-today-subscribed'],
  // A distributed Map that reads a CSV from a bucket and writes its results back: the saved
  // test mocks both (mapRunMocks), and `stepwise test` runs with no bucket at all.
  ['csv-to-results', 'orders'],
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('save an execution as a test (Stepwise extension)', () => {
  let server: RunningServer;
  let dynamo: StandIn;
  let sqs: StandIn;
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-saved-'));
  /** The csv-to-results example's bucket folder, copied (its run writes results into it). */
  const buckets = mkdtempSync(join(tmpdir(), 'stepwise-saved-buckets-'));
  const call = (action: string, body: Obj) => callApi(server.url, action, body);

  /** Answers what waits on the outside world: the expense approval's token, the review activity. */
  async function answerWaits(executionArn: string): Promise<void> {
    const events = (await call('GetExecutionHistory', { executionArn, maxResults: 1000 }))['events'] as Obj[];
    for (const e of events) {
      const params = (e['taskScheduledEventDetails'] as Obj | undefined)?.['parameters'];
      const token = typeof params === 'string' ? /"taskToken":"([^"]+)"/i.exec(params)?.[1] : undefined;
      if (token && !events.some((x) => x['type'] === 'TaskSucceeded' && x['previousEventId'] === e['id'])) {
        await call('SendTaskSuccess', { taskToken: token, output: '{"approved":true,"approver":"ada"}' });
      }
    }
    const activityArn = `arn:aws:states:us-east-1:${ACCOUNT}:activity:document-review`;
    if (
      events.some((e) => e['type'] === 'ActivityScheduled') &&
      !events.some((e) => e['type'] === 'ActivityStarted')
    ) {
      const task = await call('GetActivityTask', { activityArn, workerName: 'test' });
      const input = JSON.parse(String(task['input'])) as Obj;
      const good = JSON.stringify(input).includes('good') || !JSON.stringify(input).includes('draft');
      await call('SendTaskSuccess', {
        taskToken: task['taskToken'],
        output: JSON.stringify({ approved: good, reviewer: 'grace', comments: good ? 'fine' : 'not yet' }),
      });
    }
  }

  async function runToEnd(stateMachineArn: string, input: string, name: string): Promise<string> {
    const { executionArn } = (await call('StartExecution', { stateMachineArn, input, name })) as {
      executionArn: string;
    };
    for (let i = 0; i < 400; i++) {
      const d = await call('DescribeExecution', { executionArn });
      if (d['status'] !== 'RUNNING') return executionArn;
      await answerWaits(executionArn);
      await sleep(50);
    }
    throw new Error(`${executionArn} did not finish`);
  }

  async function save(executionArn: string, file: string): Promise<Obj> {
    const saved = (await call('SaveExecutionAsTest', { executionArn }))['testFile'] as Obj;
    writeFileSync(join(dir, file), JSON.stringify(saved, null, 2));
    return saved;
  }

  before(async () => {
    // The ticket-intake example's SDK calls sign with some key; the stand-ins accept any.
    process.env['AWS_ACCESS_KEY_ID'] ??= LOCAL_CREDENTIALS.accessKeyId;
    process.env['AWS_SECRET_ACCESS_KEY'] ??= LOCAL_CREDENTIALS.secretAccessKey;
    [dynamo, sqs] = await Promise.all([startDynalite({ createTableMs: 100 }), startLocalSqs()]);
    cpSync(join(EXAMPLES_DIR, 'csv-to-results', 'buckets'), buckets, { recursive: true });
    server = await startServer({
      host: '127.0.0.1',
      port: 0,
      region: 'us-east-1',
      account: ACCOUNT,
      dataDir: '.',
      store: 'memory',
      functionModules: [],
      examples: true,
      integrations: {
        aws: { endpoints: { dynamodb: dynamo.endpoint, sqs: sqs.endpoint }, localBuckets: buckets },
      },
    });
  });
  after(async () => {
    await server.close();
    await Promise.all([dynamo.close(), sqs.close()]);
    rmSync(buckets, { recursive: true, force: true });
  });

  it('every example workflow: run → save → `stepwise test` passes, task answers mocked as recorded', async () => {
    const files: string[] = [];
    for (const [example, input] of EXAMPLE_RUNS) {
      const text = readFileSync(join(EXAMPLES_DIR, example, 'inputs', `${input}.json`), 'utf8');
      const arn = await runToEnd(`arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${example}`, text, input);
      const file = `${example}-${input}.json`;
      const saved = await save(arn, file);
      const test = (saved['tests'] as Obj[])[0]!;
      assert.ok(Array.isArray((test['expect'] as Obj)['path']), file);
      files.push(join(dir, file));
    }
    const r = await runCli(['test', ...files]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`\\n${files.length} passed, 0 failed`));
  });

  it('the saved mocks answer per invocation: a retried task gets its failure, then its result', () => {
    // Saved by the test above: the payment gateway is busy on an order's first charge only.
    const saved = JSON.parse(readFileSync(join(dir, 'order-processing-payment-retry.json'), 'utf8')) as Obj;
    const responses = (saved['mockConfig'] as Obj)['MockedResponses'] as Record<string, Obj>;
    const charge = responses['payment-retry.ChargePayment']!;
    assert.deepEqual(Object.keys(charge), ['0', '1']);
    assert.equal(((charge['0'] as Obj)['Throw'] as Obj)['Error'], 'PaymentGatewayBusy');
    assert.ok('Return' in (charge['1'] as Obj));
    // The Map's task: one invocation per item, in order.
    assert.ok(Object.keys(responses['payment-retry.PriceItem']!).length >= 1);
  });

  it('a distributed Map is mocked beside the MockConfigFile: its Map Run id, the items read, the writer', async () => {
    // Saved by the first test: csv-to-results read 8 CSV rows and wrote its results to the bucket.
    const file = join(dir, 'csv-to-results-orders.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Obj;
    const runs = ((saved['mapRunMocks'] as Obj)['orders'] as Obj)['TotalEachOrder'] as Obj[];
    assert.equal(runs.length, 1);
    const [run] = runs as [Obj];
    const output = (((saved['tests'] as Obj[])[0]!['expect'] as Obj)['output'] as Obj)['MapRunArn'];
    assert.equal(
      output,
      `arn:aws:states:us-east-1:${ACCOUNT}:mapRun:csv-to-results/TotalEachOrder:${String(run['MapRunId'])}`,
    );
    const items = (run['ItemReader'] as Obj)['Items'] as Obj[];
    assert.equal(items.length, 8);
    assert.deepEqual(items[0], {
      orderId: 'A-1001',
      customer: 'Ada',
      sku: 'notebook',
      quantity: '3',
      unitPrice: '4.50',
    });
    assert.deepEqual(run['ResultWriter'], {});
    // The MockConfigFile part is Step Functions Local's, untouched: no task state to mock here.
    assert.deepEqual(Object.keys(saved['mockConfig'] as Obj), ['StateMachines', 'MockedResponses']);
    // Without its Map Run mocked, the test reaches for a bucket `stepwise test` does not have.
    const { mapRunMocks: _, ...unmocked } = saved;
    writeFileSync(join(dir, 'csv-unmocked.json'), JSON.stringify(unmocked));
    const r = await runCli(['test', join(dir, 'csv-unmocked.json')]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /0 passed, 1 failed/);
  });

  it('`stepwise save-test ARN -o FILE` writes the file, and adds later executions to it', async () => {
    const machine = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:daycare-registration`;
    const input = (name: string) =>
      readFileSync(join(EXAMPLES_DIR, 'daycare-registration', 'inputs', `${name}.json`), 'utf8');
    const first = await runToEnd(machine, input('valid'), 'cli-valid');
    const second = await runToEnd(machine, input('too-young'), 'cli-young');
    const file = join(dir, 'cli.json');
    for (const arn of [first, second]) {
      const r = await runCli(['save-test', arn, '-o', file, '--endpoint', server.url]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /cli\.json: test 'cli-(valid|young)'/);
    }
    const written = JSON.parse(readFileSync(file, 'utf8')) as Obj;
    assert.deepEqual(
      (written['tests'] as Obj[]).map((t) => t['testCase']),
      ['cli-valid', 'cli-young'],
    );
    const r = await runCli(['test', file]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /2 passed, 0 failed/);
  });

  it('a changed Choice rule fails the saved test, naming the state where the run diverges', async () => {
    const machine = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:daycare-registration`;
    const input = readFileSync(join(EXAMPLES_DIR, 'daycare-registration', 'inputs', 'valid.json'), 'utf8');
    const saved = await save(await runToEnd(machine, input, 'choice'), 'choice.json');
    const definition = (saved['stateMachine'] as Obj)['definition'] as { States: Record<string, Obj> };
    const choice = definition.States['isAgeInRange']!;
    const rules = choice['Choices'] as Obj[];
    // The valid child is in range: send in-range children where out-of-range ones went.
    choice['Choices'] = rules.map((r) => ({ ...r, Next: choice['Default'] }));
    const changedDefault = rules[0]!['Next'];
    choice['Default'] = changedDefault;
    writeFileSync(join(dir, 'choice-changed.json'), JSON.stringify(saved));
    const r = await runCli(['test', join(dir, 'choice-changed.json')]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /path: diverges at '[^']+' after 'isAgeInRange'/);
    assert.match(r.stdout, /0 passed, 1 failed/);
  });

  it('a closed execution that was stopped is refused with the reason; a running one too', async () => {
    const machine = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:expense-approval`;
    const input = readFileSync(join(EXAMPLES_DIR, 'expense-approval', 'inputs', 'large.json'), 'utf8');
    const { executionArn } = (await call('StartExecution', { stateMachineArn: machine, input })) as {
      executionArn: string;
    };
    await assert.rejects(
      call('SaveExecutionAsTest', { executionArn }),
      /is RUNNING; only a closed execution/,
    );
    await call('StopExecution', { executionArn });
    await assert.rejects(call('SaveExecutionAsTest', { executionArn }), /was stopped \(ABORTED\)/);
  });

  it(
    'a sample of the conformance cases: run → save → `stepwise test` passes',
    { skip: CONFORMANCE.skip },
    async () => {
      const cases = conformanceSample(CONFORMANCE.path);
      assert.ok(cases.length >= 25, `sampled ${cases.length}`);
      const files: string[] = [];
      for (const [i, c] of cases.entries()) {
        const name = `conf-${i}`;
        const created = await call('CreateStateMachine', {
          name,
          definition: JSON.stringify(c['definition']),
          roleArn: `arn:aws:iam::${ACCOUNT}:role/r`,
        });
        const arn = await runToEnd(
          String(created['stateMachineArn']),
          JSON.stringify(c['input'] ?? {}),
          'run',
        );
        const d = await call('DescribeExecution', { executionArn: arn });
        assert.equal(d['status'], (c['expect'] as Obj)['status'], String(c['id']));
        await save(arn, `${name}.json`);
        files.push(join(dir, `${name}.json`));
      }
      const r = await runCli(['test', ...files]);
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, new RegExp(`\\n${files.length} passed, 0 failed`));
    },
  );
});

/**
 * Every fourth case (by id) that closes by itself within a second, of those whose outcome does not
 * depend on the run's identity or clock (the context object, UUIDs, the time).
 */
function conformanceSample(root: string): Obj[] {
  const all: Obj[] = [];
  for (const category of readdirSync(root, { withFileTypes: true })) {
    if (!category.isDirectory()) continue;
    for (const file of readdirSync(resolve(root, category.name)).sort()) {
      if (file.endsWith('.json'))
        all.push(JSON.parse(readFileSync(resolve(root, category.name, file), 'utf8')) as Obj);
    }
  }
  const deterministic = all.filter((c) => {
    const text = JSON.stringify(c['definition']);
    const features = (c['features'] as string[] | undefined) ?? [];
    const status = (c['expect'] as Obj | undefined)?.['status'];
    return (
      (status === 'SUCCEEDED' || status === 'FAILED') &&
      !features.includes('context-object') &&
      !features.includes('distributed-map') &&
      !/UUID|\$uuid|\$now|\$millis|\$random|\$\$|\$states\.context|"Wait"/.test(text)
    );
  });
  return deterministic
    .sort((a, b) => String(a['id']).localeCompare(String(b['id'])))
    .filter((_, i) => i % 4 === 0);
}
