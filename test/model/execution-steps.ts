// Steps on executions: start (repeated names and inputs; through a machine, a version or an
// alias), stop, redrive, task callbacks, an activity worker, map runs, listings.
import assert from 'node:assert/strict';
import type { ApiUnderTest } from './api-under-test.ts';
import { machineOf, versionAt } from './catalog-steps.ts';
import type { ApiModel, ExecutionModel, Kind, Status } from './model.ts';
import { historyOf, ok, refused, settled } from './model.ts';
import type { Step } from './step.ts';
import { step } from './step.ts';

/** Inputs carry the Map's items; two of them, so that a repeated name may differ in input. */
const INPUTS = ['{"n":0,"items":[1,2]}', '{"n":1,"items":[1,2]}'];

/** What an execution of each kind shows once started or redriven. */
const SETTLES: Record<Kind, Status> = {
  pass: 'SUCCEEDED',
  fail: 'FAILED',
  park: 'RUNNING',
  token: 'RUNNING',
  activity: 'RUNNING',
  map: 'RUNNING',
};

/** Waits until the execution shows what its kind predicts (within the bound), and checks it. */
async function settle(api: ApiUnderTest, e: ExecutionModel): Promise<void> {
  e.status = SETTLES[e.kind];
  if (e.status !== 'RUNNING')
    assert.equal(await settled(api, e.arn), e.status, `${e.arn} (${e.kind}) settles`);
  if (e.kind === 'map') e.mapRunArn = await mapRunOf(api, e.arn);
}

/** A DISTRIBUTED Map's run is listed once its MapRunStarted is written (within the bound). */
async function mapRunOf(api: ApiUnderTest, executionArn: string): Promise<string> {
  const deadline = Date.now() + 4000;
  for (;;) {
    const runs = ok(await api.call('ListMapRuns', { executionArn }), 'ListMapRuns').mapRuns as {
      mapRunArn: string;
    }[];
    if (runs.length > 0 || Date.now() > deadline) {
      assert.equal(runs.length, 1, `one map run in ${executionArn}`);
      return runs[0]!.mapRunArn;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

export type Target = 'machine' | 'version' | 'alias';

/** Which alias of a machine the `pick`-th is, if it has any. */
function aliasAt(m: Readonly<ApiModel>, slot: number, pick: number): string | undefined {
  const names = [...(machineOf(m, slot)?.aliases.keys() ?? [])];
  return names.length ? names[pick % names.length] : undefined;
}

/** `name` undefined: no name (a fresh UUID). */
export function startExecution(
  slot: number,
  target: Target,
  pick: number,
  name: number | undefined,
  inputIndex: number,
): Step {
  const label = `StartExecution(m${slot}${target === 'machine' ? '' : ` ${target} #${pick}`}, ${name === undefined ? 'no name' : `e${name}`}, input ${inputIndex})`;
  return step(
    label,
    async (m, api) => {
      const machineName = `${m.prefix}-m${slot}`;
      const machine = machineOf(m, slot);
      const qualifier =
        target === 'version'
          ? `:${versionAt(machine, pick)}`
          : target === 'alias'
            ? `:${aliasAt(m, slot, pick)}`
            : '';
      const input = INPUTS[inputIndex]!;
      const answer = await api.call('StartExecution', {
        stateMachineArn: m.machineArn(slot) + qualifier,
        input,
        ...(name === undefined ? {} : { name: `e${name}` }),
      });
      if (!machine) return refused(answer, 'StateMachineDoesNotExist', label);
      const named =
        name === undefined ? undefined : m.executions.get(m.executionArn(machineName, `e${name}`));
      // AWS: the same name and input as a RUNNING Standard execution returns it, writing nothing;
      // a closed one or another input is ExecutionAlreadyExists.
      if (machine.type === 'STANDARD' && named && (named.status !== 'RUNNING' || named.input !== input)) {
        return refused(answer, 'ExecutionAlreadyExists', `${label} (${named.status})`);
      }
      const body = ok(answer, label);
      const arn = String(body.executionArn);
      if (machine.type === 'EXPRESS') return assert.match(arn, /:express:/, 'an Express execution ARN');
      if (named) {
        assert.equal(arn, named.arn);
        assert.equal(body.startDate, named.startDate, 'the idempotent start answers the first startDate');
        return;
      }
      if (name !== undefined) assert.equal(arn, m.executionArn(machineName, `e${name}`));
      assert.ok(!m.executions.has(arn), `a new execution ARN (${arn})`);
      // Which revision runs: the current one, the version's, or the version the alias drew.
      let kind = machine.revisions.at(-1)!;
      if (target !== 'machine') {
        const described = ok(await api.call('DescribeExecution', { executionArn: arn }), 'DescribeExecution');
        const version = Number(/:(\d+)$/.exec(String(described.stateMachineVersionArn))?.[1]);
        if (target === 'alias') {
          const routes = machine.aliases.get(aliasAt(m, slot, pick)!)!;
          assert.ok(routes.has(version), `the alias drew one of its versions (${version})`);
        } else assert.equal(version, versionAt(machine, pick));
        kind = machine.revisions[machine.versions.get(version)!]!;
      }
      const e: ExecutionModel = {
        arn,
        machine: machineName,
        input,
        startDate: body.startDate,
        kind,
        status: 'RUNNING',
      };
      m.executions.set(arn, e);
      await settle(api, e);
    },
    (m) => {
      if (target === 'version') return versionAt(machineOf(m, slot), pick) !== undefined;
      if (target === 'alias') return aliasAt(m, slot, pick) !== undefined;
      return true;
    },
  );
}

/** On a machine that is known to be in the model or not; an existing ExecutionAlreadyExists start. */
export function startSyncExecution(slot: number): Step {
  const label = `StartSyncExecution(m${slot})`;
  return step(label, async (m, api) => {
    const answer = await api.call('StartSyncExecution', {
      stateMachineArn: m.machineArn(slot),
      input: INPUTS[0],
    });
    const machine = machineOf(m, slot);
    if (!machine) return refused(answer, 'StateMachineDoesNotExist', label);
    if (machine.type === 'STANDARD') return refused(answer, 'StateMachineTypeNotSupported', label);
    assert.equal(ok(answer, label).status, SETTLES[machine.revisions.at(-1)!]);
  });
}

/** The index-th execution the model knows (wrapping), if any. */
function executionAt(m: Readonly<ApiModel>, index: number): ExecutionModel | undefined {
  const list = m.list;
  return list.length ? list[index % list.length] : undefined;
}

/** A step on the index-th execution; skipped while there is none or `applies` says no. */
function onExecution(
  label: string,
  index: number,
  act: (e: ExecutionModel, api: ApiUnderTest) => Promise<void>,
  applies: (e: ExecutionModel) => boolean = () => true,
): Step {
  return step(
    label,
    (m, api) => act(executionAt(m, index)!, api),
    (m) => {
      const e = executionAt(m, index);
      return e !== undefined && applies(e);
    },
  );
}

export function stopExecution(index: number): Step {
  const label = `StopExecution(#${index})`;
  return onExecution(label, index, async (e, api) => {
    const answer = await api.call('StopExecution', {
      executionArn: e.arn,
      error: 'Stopped',
      cause: 'by the model',
    });
    ok(answer, label);
    // Stopping a closed execution changes nothing (StopExecution documents no "not running"
    // error; its errors are ExecutionDoesNotExist, InvalidArn and ValidationException of input).
    if (e.status !== 'RUNNING') return;
    e.status = 'ABORTED';
    e.token = undefined;
  });
}

export function redriveExecution(index: number): Step {
  const label = `RedriveExecution(#${index})`;
  return onExecution(
    label,
    index,
    async (e, api) => {
      const answer = await api.call('RedriveExecution', { executionArn: e.arn });
      // Only FAILED, ABORTED or TIMED_OUT executions redrive (AWS API reference).
      if (e.status === 'RUNNING' || e.status === 'SUCCEEDED')
        return refused(answer, 'ExecutionNotRedrivable', label);
      ok(answer, label);
      e.token = undefined;
      await settle(api, e);
    },
    // A DISTRIBUTED Map's execution included: its redrive redrives the same Map Run (one run
    // listed, settle checks it), as AWS does.
  );
}

export type Outcome = 'success' | 'failure' | 'heartbeat';

/** RUNNING and waiting: success/failure close the execution, a heartbeat keeps it; else TaskTimedOut. */
export function sendTask(index: number, outcome: Outcome): Step {
  const label = `SendTask${outcome[0]!.toUpperCase()}${outcome.slice(1)}(#${index})`;
  return onExecution(
    label,
    index,
    async (e, api) => {
      const taskToken = e.kind === 'activity' ? e.token! : await tokenOf(api, e.arn);
      const answer =
        outcome === 'success'
          ? await api.call('SendTaskSuccess', { taskToken, output: '{"ok":true}' })
          : outcome === 'failure'
            ? await api.call('SendTaskFailure', { taskToken, error: 'Nope', cause: 'by the model' })
            : await api.call('SendTaskHeartbeat', { taskToken });
      if (e.status !== 'RUNNING') return refused(answer, 'TaskTimedOut', label);
      ok(answer, label);
      if (outcome === 'heartbeat') return;
      e.status = outcome === 'success' ? 'SUCCEEDED' : 'FAILED';
      e.token = undefined;
      assert.equal(await settled(api, e.arn), e.status, `${e.arn} after ${label}`);
    },
    (e) => e.kind === 'token' || (e.kind === 'activity' && e.token !== undefined),
  );
}

/** The token of the execution's latest TaskScheduled (what the function received). */
async function tokenOf(api: ApiUnderTest, executionArn: string): Promise<string> {
  const scheduled = (await historyOf(api, executionArn)).filter((x) => x.type === 'TaskScheduled').at(-1) as
    { taskScheduledEventDetails: { parameters: string } } | undefined;
  assert.ok(scheduled, `a TaskScheduled in ${executionArn}`);
  return (JSON.parse(scheduled.taskScheduledEventDetails.parameters) as { Payload: { token: string } })
    .Payload.token;
}

function waitsForWorker(e: ExecutionModel): boolean {
  return e.kind === 'activity' && e.status === 'RUNNING' && e.token === undefined;
}

/** A worker polls the sequence's activity while an execution waits on it: it gets one of those. */
export function getActivityTask(): Step {
  const label = 'GetActivityTask()';
  return step(
    label,
    async (m, api) => {
      const body = ok(
        await api.call('GetActivityTask', { activityArn: m.activityArn, workerName: 'model' }),
        label,
      );
      const { taskToken, input } = body as { taskToken?: string; input?: string };
      assert.ok(taskToken && input, 'a task is handed out');
      const arn = (JSON.parse(input) as { execution: string }).execution;
      const e = m.executions.get(arn);
      assert.ok(e && waitsForWorker(e), `the task handed out (${arn}) is one an execution waits for`);
      e.token = taskToken;
    },
    (m) => m.list.some(waitsForWorker),
  );
}

/** DescribeMapRun, after an UpdateMapRun when `maxConcurrency` is given. */
export function mapRun(index: number, maxConcurrency: number | undefined): Step {
  const label =
    maxConcurrency === undefined ? `DescribeMapRun(#${index})` : `UpdateMapRun(#${index}, ${maxConcurrency})`;
  return onExecution(
    label,
    index,
    async (e, api) => {
      const mapRunArn = e.mapRunArn!;
      if (maxConcurrency !== undefined)
        ok(await api.call('UpdateMapRun', { mapRunArn, maxConcurrency }), label);
      const described = ok(await api.call('DescribeMapRun', { mapRunArn }), 'DescribeMapRun');
      assert.equal(described.executionArn, e.arn);
      // The run closes with its execution: ABORTED when the execution was stopped.
      assert.equal(described.status, e.status, `status of ${mapRunArn}`);
      if (maxConcurrency !== undefined) assert.equal(described.maxConcurrency, maxConcurrency);
    },
    // What AWS answers an update of a closed map run is not documented: left out.
    (e) => e.mapRunArn !== undefined && (maxConcurrency === undefined || e.status === 'RUNNING'),
  );
}

/** ListExecutions of a machine lists the model's Standard executions of that name, with their status. */
export function listExecutions(slot: number): Step {
  const label = `ListExecutions(m${slot})`;
  return step(label, async (m, api) => {
    const machineName = `${m.prefix}-m${slot}`;
    const answer = await api.call('ListExecutions', {
      stateMachineArn: m.machineArn(slot),
      maxResults: 1000,
    });
    const machine = machineOf(m, slot);
    if (!machine) return refused(answer, 'StateMachineDoesNotExist', label);
    if (machine.type === 'EXPRESS') return refused(answer, 'StateMachineTypeNotSupported', label);
    const listed = ok(answer, label).executions as { executionArn: string; status: string }[];
    assert.deepEqual(
      listed.map((x) => `${x.executionArn} ${x.status}`).sort(),
      m.list
        .filter((e) => e.machine === machineName)
        .map((e) => `${e.arn} ${e.status}`)
        .sort(),
      label,
    );
  });
}
