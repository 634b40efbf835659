// Optimized job integrations (Athena, Batch, Glue, ECS, CodeBuild), request-response and `.sync`,
// against a loopback server that speaks each service's protocol and checks the Signature V4 of
// every request: the job is started, polled until it ends, and stopped when the execution is
// stopped or the task times out. Shapes follow AWS-recorded histories (LocalStack's
// test_ecs_task_service snapshot) and the AWS guide's connect-* pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';
import { ROLE, startApi } from '../api/harness.ts';
import { JobServices } from '../support/aws-job-services.ts';
import type { ProtocolServer } from '../support/aws-protocol-server.ts';
import { startProtocolServer } from '../support/aws-protocol-server.ts';
import { failure, run } from './aws-support.ts';
import { eventually, historyOf, settled, types } from './support.ts';

const credentials = { accessKeyId: 'AKIDSTEPWISE', secretAccessKey: 'local-secret' };
const SERVICES = ['athena', 'batch', 'glue', 'ecs', 'codebuild', 'sagemaker'];

let server: ProtocolServer;
let api: Api;

before(async () => {
  const jobs = new JobServices();
  server = await startProtocolServer(
    credentials,
    (req) =>
      jobs.answer(req) ?? { status: 400, body: { __type: 'UnknownOperationException', message: req.target } },
  );
  const endpoints = Object.fromEntries(SERVICES.map((s) => [s, server.endpoint]));
  // Jobs are looked at every 10 ms here; the default is 5 s.
  api = await startApi({ aws: { endpoints, credentials, pollIntervalSeconds: 0.01 } });
});

after(async () => {
  await api.close();
  await server.close();
});

const calls = (name: string) =>
  server.requests.filter((r) => r.target === name || `${r.method} ${r.path}` === name);
const task = (resource: string, parameters: Record<string, unknown>) => ({ resource, parameters });

/** The details of the first event of `type` (Task* details carry resourceType and resource). */
function detailsOf(events: Awaited<ReturnType<typeof historyOf>>, type: string) {
  const e = events.find((x) => x.type === type);
  assert.ok(e, `a ${type} event`);
  const key = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails` as keyof typeof e;
  return e[key] as unknown as { resourceType: string; resource: string; output?: string };
}

/** Starts a one-state machine of `state` and waits until its job is submitted. */
async function startSubmitted(name: string, state: Record<string, unknown>) {
  const { stateMachineArn } = await api.client.send(
    new CreateStateMachineCommand({
      name,
      roleArn: ROLE,
      definition: JSON.stringify({ StartAt: 'Job', States: { Job: { Type: 'Task', End: true, ...state } } }),
    }),
  );
  const { executionArn } = await api.client.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
  await eventually(async () =>
    (await historyOf(api, executionArn!)).some((e) => e.type === 'TaskSubmitted') ? true : undefined,
  );
  return executionArn!;
}

describe('optimized job integrations against a protocol-level loopback server', () => {
  it('batch:submitJob.sync submits (REST JSON, camelCase on the wire), polls and returns the job', async () => {
    const { description, events, output } = await run(api, [
      task('arn:aws:states:::batch:submitJob.sync', {
        JobName: 'nightly',
        JobQueue: 'queue',
        JobDefinition: 'def',
        Parameters: { InputKey: 'in/1' },
      }),
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    assert.deepEqual(types(events).slice(2, 6), [
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
    ]);
    for (const type of ['TaskScheduled', 'TaskSubmitted', 'TaskSucceeded']) {
      const d = detailsOf(events, type);
      assert.deepEqual([d.resourceType, d.resource], ['batch', 'submitJob.sync']);
    }
    const submitted = JSON.parse(detailsOf(events, 'TaskSubmitted').output!) as Record<string, unknown>;
    assert.equal(submitted['JobName'], 'nightly');
    assert.ok('SdkHttpMetadata' in submitted && 'SdkResponseMetadata' in submitted);
    const [submit] = calls('POST /v1/submitjob').slice(-1);
    assert.equal(submit!.signatureError, undefined);
    assert.match(submit!.scope!, /\/us-east-1\/batch\/aws4_request$/);
    assert.equal(submit!.body['jobName'], 'nightly');
    assert.deepEqual(submit!.body['parameters'], { InputKey: 'in/1' });
    assert.deepEqual(submit!.body['containerOverrides'], {
      environment: [{ name: 'MANAGED_BY_AWS', value: 'STARTED_BY_STEP_FUNCTIONS' }],
    });
    assert.ok(calls('POST /v1/describejobs').length >= 3, 'polled until the job ended');
    const job = output['r0']!;
    assert.equal(job['Status'], 'SUCCEEDED');
    assert.equal(job['JobId'], submitted['JobId']);
    assert.equal(job['CreatedAt'], 1_700_000_000_000);
    assert.deepEqual(job['Parameters'], { InputKey: 'in/1' });
    assert.ok(!('SdkHttpMetadata' in job));
  });

  it('a failed Batch job fails the task with States.TaskFailed and the job as cause', async () => {
    const { events } = await run(api, [
      task('arn:aws:states:::batch:submitJob.sync', {
        JobName: 'fail-me',
        JobQueue: 'q',
        JobDefinition: 'd',
      }),
    ]);
    const failed = failure(events);
    assert.equal(failed.error, 'States.TaskFailed');
    assert.equal(failed.resource, 'submitJob.sync');
    const cause = JSON.parse(failed.cause!) as Record<string, unknown>;
    assert.equal(cause['Status'], 'FAILED');
    assert.equal(cause['StatusReason'], 'Essential container in task exited');
  });

  it('batch:submitJob without .sync returns the submission with SdkHttpMetadata', async () => {
    const { output, events } = await run(api, [
      task('arn:aws:states:::batch:submitJob', { JobName: 'once', JobQueue: 'q', JobDefinition: 'd' }),
    ]);
    assert.equal(output['r0']!['JobName'], 'once');
    assert.ok('SdkHttpMetadata' in output['r0']!);
    assert.ok(!types(events).includes('TaskSubmitted'));
    assert.ok(!calls('POST /v1/submitjob').at(-1)!.body['containerOverrides']);
  });

  it('a .sync task resumed after a restart looks at its submitted job instead of submitting again', async () => {
    const first = await run(api, [
      task('arn:aws:states:::batch:submitJob', { JobName: 'resumed', JobQueue: 'q', JobDefinition: 'd' }),
    ]);
    const jobId = String(first.output['r0']!['JobId']);
    const submits = calls('POST /v1/submitjob').length;
    const submitted: unknown[] = [];
    const result = await api.integrations.run({
      resource: 'arn:aws:states:::batch:submitJob.sync',
      parameters: { JobName: 'resumed', JobQueue: 'q', JobDefinition: 'd' },
      timeoutSeconds: undefined,
      heartbeatSeconds: undefined,
      visit: { context: {} },
      signal: new AbortController().signal,
      resumeSubmitted: { JobId: jobId, JobName: 'resumed' },
      progress: { started: () => {}, submitted: (output) => submitted.push(output) },
    });
    assert.ok(result.ok);
    assert.equal((result.output as Record<string, unknown>)['JobId'], jobId);
    assert.equal(calls('POST /v1/submitjob').length, submits, 'no second submission');
    assert.deepEqual(submitted, [{ JobId: jobId, JobName: 'resumed' }]);
    assert.deepEqual(calls('POST /v1/describejobs').at(-1)!.body, { jobs: [jobId] });
  });

  it('athena:startQueryExecution.sync returns GetQueryExecution; a failed query fails the task', async () => {
    const ok = await run(api, [
      task('arn:aws:states:::athena:startQueryExecution.sync', {
        QueryString: 'SELECT 42',
        WorkGroup: 'primary',
      }),
      task('arn:aws:states:::athena:getQueryResults', {
        'QueryExecutionId.$': '$.r0.QueryExecution.QueryExecutionId',
      }),
    ]);
    assert.equal(ok.description.status, 'SUCCEEDED', ok.description.cause);
    const query = ok.output['r0']!['QueryExecution'] as Record<string, Record<string, unknown>>;
    assert.equal(query['Status']!['State'], 'SUCCEEDED');
    assert.equal(query['Status']!['SubmissionDateTime'], 1_700_000_000_000);
    assert.equal(calls('AmazonAthena.StartQueryExecution').at(-1)!.body['QueryString'], 'SELECT 42');
    const results = ok.output['r1']!;
    assert.deepEqual(results['ResultSet'], {
      Rows: [{ Data: [{ VarCharValue: '42' }] }],
      ResultSetMetadata: { ColumnInfo: [] },
    });
    assert.ok('SdkHttpMetadata' in results);
    const bad = await run(api, [
      task('arn:aws:states:::athena:startQueryExecution.sync', { QueryString: 'fail' }),
    ]);
    const failed = failure(bad.events);
    assert.equal(failed.error, 'States.TaskFailed');
    const cause = JSON.parse(failed.cause!) as { QueryExecution: { Status: Record<string, unknown> } };
    assert.equal(cause.QueryExecution.Status['State'], 'FAILED');
    assert.equal(cause.QueryExecution.Status['StateChangeReason'], 'SYNTAX_ERROR: line 1:1');
  });

  it('glue:startJobRun.sync adds the job name; an unknown job is Glue.EntityNotFoundException', async () => {
    const { description, events, output } = await run(api, [
      task('arn:aws:states:::glue:startJobRun.sync', { JobName: 'etl', Arguments: { '--day': '1' } }),
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const submitted = JSON.parse(detailsOf(events, 'TaskSubmitted').output!) as Record<string, unknown>;
    assert.equal(submitted['JobName'], 'etl');
    assert.deepEqual(calls('AWSGlue.StartJobRun').at(-1)!.body['Arguments'], { '--day': '1' });
    assert.equal(output['r0']!['JobRunState'], 'SUCCEEDED');
    assert.equal(output['r0']!['JobName'], 'etl');
    const missing = await run(api, [task('arn:aws:states:::glue:startJobRun.sync', { JobName: 'missing' })]);
    const failed = failure(missing.events);
    assert.equal(failed.error, 'Glue.EntityNotFoundException');
    assert.match(
      failed.cause!,
      /^Job missing not found \(Service: AWSGlue; Status Code: 400; Error Code: EntityNotFoundException; Request ID: req-\d+; Proxy: null\)$/,
    );
    assert.ok(!types(missing.events).includes('TaskSubmitted'));
  });

  it('ecs:runTask.sync starts the task as AWS Step Functions; a non-zero exit fails the task', async () => {
    const { description, events, output } = await run(api, [
      task('arn:aws:states:::ecs:runTask.sync', {
        Cluster: 'cluster',
        TaskDefinition: 'web',
        LaunchType: 'FARGATE',
      }),
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const scheduled = events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!;
    assert.deepEqual(JSON.parse(scheduled.parameters!), {
      Cluster: 'cluster',
      TaskDefinition: 'web',
      LaunchType: 'FARGATE',
      StartedBy: 'AWS Step Functions',
    });
    const sent = calls('AmazonEC2ContainerServiceV20141113.RunTask').at(-1)!;
    assert.equal(sent.body['startedBy'], 'AWS Step Functions');
    assert.equal(sent.body['taskDefinition'], 'web');
    assert.equal(output['r0']!['LastStatus'], 'STOPPED');
    assert.deepEqual((output['r0']!['Containers'] as unknown[])[0], {
      Name: 'main',
      LastStatus: 'STOPPED',
      ExitCode: 0,
    });
    const bad = await run(api, [
      task('arn:aws:states:::ecs:runTask.sync', { Cluster: 'cluster', TaskDefinition: 'fail' }),
    ]);
    const failed = failure(bad.events);
    assert.equal(failed.error, 'States.TaskFailed');
    assert.equal(
      (JSON.parse(failed.cause!) as Record<string, unknown>)['StopCode'],
      'EssentialContainerExited',
    );
  });

  it('ecs:runTask.waitForTaskToken runs the task, then waits for its token', async () => {
    const executionArn = await startSubmitted('ecs-callback', {
      Resource: 'arn:aws:states:::ecs:runTask.waitForTaskToken',
      Parameters: {
        Cluster: 'cluster',
        TaskDefinition: 'worker',
        Overrides: {
          ContainerOverrides: [
            { Name: 'main', Environment: [{ Name: 'TOKEN', 'Value.$': '$$.Task.Token' }] },
          ],
        },
      },
    });
    const overrides = calls('AmazonEC2ContainerServiceV20141113.RunTask').at(-1)!.body['overrides'] as {
      containerOverrides: Array<{ environment: Array<{ name: string; value: string }> }>;
    };
    const token = overrides.containerOverrides[0]!.environment[0]!;
    assert.equal(token.name, 'TOKEN');
    await api.client.send(new SendTaskSuccessCommand({ taskToken: token.value, output: '{"done":true}' }));
    const d = await settled(api, executionArn);
    assert.equal(d.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(d.output!), { done: true });
  });

  it('codebuild:startBuild.sync returns {Build}; a failed build fails the task', async () => {
    const ok = await run(api, [task('arn:aws:states:::codebuild:startBuild.sync', { ProjectName: 'site' })]);
    assert.equal(ok.description.status, 'SUCCEEDED', ok.description.cause);
    assert.equal(calls('CodeBuild_20161006.StartBuild').at(-1)!.body['projectName'], 'site');
    const build = ok.output['r0']!['Build'] as Record<string, unknown>;
    assert.equal(build['BuildStatus'], 'SUCCEEDED');
    const bad = await run(api, [task('arn:aws:states:::codebuild:startBuild.sync', { ProjectName: 'fail' })]);
    const failed = failure(bad.events);
    assert.equal(failed.error, 'States.TaskFailed');
    assert.equal(
      (JSON.parse(failed.cause!) as { Build: Record<string, unknown> }).Build['BuildStatus'],
      'FAILED',
    );
  });

  it('sagemaker:createTrainingJob.sync returns DescribeTrainingJob; a failed job fails the task', async () => {
    const ok = await run(api, [
      task('arn:aws:states:::sagemaker:createTrainingJob.sync', {
        TrainingJobName: 'train-1',
        AlgorithmSpecification: { TrainingInputMode: 'File', TrainingImage: 'image' },
      }),
      task('arn:aws:states:::sagemaker:createTransformJob.sync', { TransformJobName: 'transform-1' }),
    ]);
    assert.equal(ok.description.status, 'SUCCEEDED', ok.description.cause);
    assert.equal(ok.output['r0']!['TrainingJobStatus'], 'Completed');
    assert.equal(ok.output['r0']!['CreationTime'], 1_700_000_000_000);
    assert.equal(ok.output['r1']!['TransformJobStatus'], 'Completed');
    const sent = calls('SageMaker.CreateTrainingJob').at(-1)!;
    assert.match(sent.scope!, /\/us-east-1\/sagemaker\/aws4_request$/);
    assert.deepEqual(sent.body['AlgorithmSpecification'], {
      TrainingInputMode: 'File',
      TrainingImage: 'image',
    });
    const submitted = JSON.parse(detailsOf(ok.events, 'TaskSubmitted').output!) as Record<string, unknown>;
    assert.match(String(submitted['TrainingJobArn']), /training-job\/train-1$/);
    const bad = await run(api, [
      task('arn:aws:states:::sagemaker:createTrainingJob.sync', { TrainingJobName: 'fail-train' }),
    ]);
    const failed = failure(bad.events);
    assert.equal(failed.error, 'States.TaskFailed');
    assert.equal((JSON.parse(failed.cause!) as Record<string, unknown>)['TrainingJobStatus'], 'Failed');
  });

  describe('stopping the execution stops the job with the service’s own call', () => {
    const stops: Array<
      [string, string, Record<string, unknown>, (body: Record<string, unknown>) => unknown]
    > = [
      [
        'batch',
        'POST /v1/terminatejob',
        {
          Resource: 'arn:aws:states:::batch:submitJob.sync',
          Parameters: { JobName: 'forever', JobQueue: 'q', JobDefinition: 'd' },
        },
        (b) => b['jobId'],
      ],
      [
        'athena',
        'AmazonAthena.StopQueryExecution',
        {
          Resource: 'arn:aws:states:::athena:startQueryExecution.sync',
          Parameters: { QueryString: 'forever' },
        },
        (b) => b['QueryExecutionId'],
      ],
      [
        'ecs',
        'AmazonEC2ContainerServiceV20141113.StopTask',
        {
          Resource: 'arn:aws:states:::ecs:runTask.sync',
          Parameters: { Cluster: 'cluster', TaskDefinition: 'forever' },
        },
        (b) => String(b['task']).split('/').pop(),
      ],
      [
        'sagemaker',
        'SageMaker.StopTrainingJob',
        {
          Resource: 'arn:aws:states:::sagemaker:createTrainingJob.sync',
          Parameters: { TrainingJobName: 'forever-train' },
        },
        (b) => b['TrainingJobName'],
      ],
      [
        'codebuild',
        'CodeBuild_20161006.StopBuild',
        { Resource: 'arn:aws:states:::codebuild:startBuild.sync', Parameters: { ProjectName: 'forever' } },
        (b) => String(b['id']).split(':').pop(),
      ],
    ];
    for (const [service, stop, state, stoppedId] of stops) {
      it(`${service}: StopExecution sends ${stop} for the submitted job`, async () => {
        const executionArn = await startSubmitted(`stop-${service}`, state);
        const submitted = JSON.stringify(
          detailsOf(await historyOf(api, executionArn), 'TaskSubmitted').output,
        );
        await api.client.send(new StopExecutionCommand({ executionArn }));
        const sent = await eventually(() => Promise.resolve(calls(stop).at(-1)));
        assert.equal(sent.signatureError, undefined);
        const id = String(stoppedId(sent.body));
        assert.ok(id && submitted.includes(id), `${stop} names the submitted job (${id})`);
        assert.equal((await settled(api, executionArn)).status, 'ABORTED');
      });
    }

    it('glue: TimeoutSeconds ends the task with States.Timeout and sends BatchStopJobRun', async () => {
      const executionArn = await startSubmitted('timeout-glue', {
        Resource: 'arn:aws:states:::glue:startJobRun.sync',
        Parameters: { JobName: 'forever' },
        TimeoutSeconds: 1,
      });
      const d = await settled(api, executionArn);
      assert.equal(d.status, 'FAILED');
      assert.equal(d.error, 'States.Timeout');
      const events = await historyOf(api, executionArn);
      assert.ok(types(events).includes('TaskTimedOut'));
      const sent = await eventually(() => Promise.resolve(calls('AWSGlue.BatchStopJobRun').at(-1)));
      assert.equal(sent.body['JobName'], 'forever');
      assert.match(String((sent.body['JobRunIds'] as string[])[0]), /^jr-\d+$/);
    });
  });
});
