import type { Json, JsonObject } from '../../../asl/index.ts';
import { isJsonObject } from '../../../asl/index.ts';
import type { JobSpec } from './job-spec.ts';
import { at, settled, text } from './job-spec.ts';
import { EMR_SPECS } from './emr-jobs.ts';
import { EKS_SPECS } from './eks-jobs.ts';
import { RUN_SPECS } from './run-jobs.ts';

/** The reason given to services that record one when Stepwise stops their job. */
const STOP_REASON = 'Stopped by Stepwise: the execution was stopped or the task timed out';

const object = (value: Json | undefined): JsonObject => (isJsonObject(value) ? value : {});

/**
 * Athena StartQueryExecution `.sync`: GetQueryExecution until the query leaves QUEUED/RUNNING;
 * the task's output is GetQueryExecution's result (`QueryExecution`), a FAILED or CANCELLED
 * query fails the task with it as the cause; stopping calls StopQueryExecution (AWS guide,
 * connect-athena).
 */
const athenaQuery: JobSpec = {
  describe: (started) => ({
    api: 'getQueryExecution',
    parameters: { QueryExecutionId: text(started['QueryExecutionId']) },
  }),
  state: (d) =>
    settled(at(d, 'QueryExecution', 'Status', 'State'), d, ['SUCCEEDED'], ['FAILED', 'CANCELLED']),
  stop: (started) => ({
    api: 'stopQueryExecution',
    parameters: { QueryExecutionId: text(started['QueryExecutionId']) },
  }),
};

/**
 * Batch SubmitJob `.sync`: DescribeJobs until the job is SUCCEEDED or FAILED; the output is the
 * job's description, a failed job's description is the cause; stopping calls TerminateJob (AWS
 * guide, connect-batch). What Step Functions adds to its parameters (MANAGED_BY_AWS) is added when
 * the task is scheduled (asl/definition/implicit-parameters.ts).
 */
const batchJob: JobSpec = {
  describe: (started) => ({ api: 'describeJobs', parameters: { Jobs: [text(started['JobId'])] } }),
  state: (d) => {
    const job = at(d, 'Jobs', 0);
    return job === undefined
      ? { state: 'running' }
      : settled(at(job, 'Status'), job, ['SUCCEEDED'], ['FAILED']);
  },
  stop: (started) => ({
    api: 'terminateJob',
    parameters: { JobId: text(started['JobId']), Reason: STOP_REASON },
  }),
};

/**
 * Glue StartJobRun `.sync`: GetJobRun until the run ends. Step Functions inserts the request's
 * `JobName` into the start call's result (AWS guide, connect-glue) and into the run. SUCCEEDED and
 * STOPPED end the task well, FAILED, TIMEOUT, ERROR and EXPIRED fail it with the run as the cause
 * (as LocalStack's Step Functions does); stopping calls BatchStopJobRun (the `.sync` IAM policy
 * AWS generates allows glue:StartJobRun, GetJobRun(s) and BatchStopJobRun).
 */
const glueJobRun: JobSpec = {
  started: (output, p) => ({ ...output, JobName: p['JobName'] ?? null }),
  describe: (started) => ({
    api: 'getJobRun',
    parameters: { JobName: text(started['JobName']), RunId: text(started['JobRunId']) },
  }),
  state: (d, p) => {
    const run: JsonObject = { ...object(d['JobRun']), JobName: p['JobName'] ?? null };
    return settled(
      run['JobRunState'],
      run,
      ['SUCCEEDED', 'STOPPED'],
      ['FAILED', 'TIMEOUT', 'ERROR', 'EXPIRED'],
    );
  },
  stop: (started) => ({
    api: 'batchStopJobRun',
    parameters: { JobName: text(started['JobName']), JobRunIds: [text(started['JobRunId'])] },
  }),
};

/**
 * ECS RunTask `.sync` (started with `StartedBy: "AWS Step Functions"`, added when the task is
 * scheduled): DescribeTasks until it is STOPPED; the output is the task's description. A task stopped
 * before its containers ran (TaskFailedToStart) or with a container that exited non-zero fails
 * with the description as cause (AWS-recorded: LocalStack's test_ecs_task_service snapshot).
 * Stopping calls StopTask (AWS guide, connect-ecs).
 */
const ecsTask: JobSpec = {
  refused: (started) =>
    at(started, 'Tasks', 0, 'TaskArn') === undefined
      ? JSON.stringify({ Failures: started['Failures'] ?? [] })
      : undefined,
  describe: (started) => ({
    api: 'describeTasks',
    parameters: {
      Cluster: text(at(started, 'Tasks', 0, 'ClusterArn')),
      Tasks: [text(at(started, 'Tasks', 0, 'TaskArn'))],
    },
  }),
  state: (d) => {
    const task = at(d, 'Tasks', 0);
    if (task === undefined || at(task, 'LastStatus') !== 'STOPPED') return { state: 'running' };
    const containers = at(task, 'Containers');
    const exited = Array.isArray(containers) && containers.length > 0;
    const clean = exited && containers.every((c) => at(c, 'ExitCode') === 0);
    return { state: clean ? 'succeeded' : 'failed', job: task };
  },
  stop: (started) => ({
    api: 'stopTask',
    parameters: {
      Cluster: text(at(started, 'Tasks', 0, 'ClusterArn')),
      Task: text(at(started, 'Tasks', 0, 'TaskArn')),
      Reason: STOP_REASON,
    },
  }),
};

const BUILD_FAILED = ['FAILED', 'FAULT', 'TIMED_OUT', 'STOPPED'];

/**
 * CodeBuild StartBuild `.sync`: BatchGetBuilds until the build is no longer IN_PROGRESS; the
 * output is `{"Build": …}` as StartBuild returns it, a build that did not succeed fails the task
 * with it as the cause; stopping calls StopBuild (AWS guide, connect-codebuild).
 */
const codeBuild: JobSpec = {
  describe: (started) => ({ api: 'batchGetBuilds', parameters: { Ids: [text(at(started, 'Build', 'Id'))] } }),
  state: (d) => {
    const build = at(d, 'Builds', 0);
    return settled(at(build, 'BuildStatus'), { Build: build ?? null }, ['SUCCEEDED'], BUILD_FAILED);
  },
  stop: (started) => ({ api: 'stopBuild', parameters: { Id: text(at(started, 'Build', 'Id')) } }),
};

/** StartBuildBatch and RetryBuildBatch `.sync`: the same with BatchGetBuildBatches, `{"BuildBatch": …}`. */
const codeBuildBatch: JobSpec = {
  describe: (started) => ({
    api: 'batchGetBuildBatches',
    parameters: { Ids: [text(at(started, 'BuildBatch', 'Id'))] },
  }),
  state: (d) => {
    const batch = at(d, 'BuildBatches', 0);
    return settled(at(batch, 'BuildBatchStatus'), { BuildBatch: batch ?? null }, ['SUCCEEDED'], BUILD_FAILED);
  },
  stop: (started) => ({ api: 'stopBuildBatch', parameters: { Id: text(at(started, 'BuildBatch', 'Id')) } }),
};

/**
 * SageMaker's jobs (`create<Kind>Job.sync`): Describe<Kind>Job by the job's name until its
 * `<Kind>JobStatus` is Completed (the output is the description), Failed or Stopped (States.TaskFailed
 * with the description as cause); stopping calls Stop<Kind>Job (AWS guide, connect-sagemaker).
 */
function sageMakerJob(kind: string): JobSpec {
  const name = (p: JsonObject): JsonObject => ({ [`${kind}JobName`]: text(p[`${kind}JobName`]) });
  return {
    describe: (_, p) => ({ api: `describe${kind}Job`, parameters: name(p) }),
    state: (d) => settled(d[`${kind}JobStatus`], d, ['Completed'], ['Failed', 'Stopped']),
    stop: (_, p) => ({ api: `stop${kind}Job`, parameters: name(p) }),
  };
}

/** By `<service>:<api>` of the resource. */
export const JOB_SPECS: ReadonlyMap<string, JobSpec> = new Map([
  ['athena:startQueryExecution', athenaQuery],
  ['batch:submitJob', batchJob],
  ['glue:startJobRun', glueJobRun],
  ['ecs:runTask', ecsTask],
  ['codebuild:startBuild', codeBuild],
  ['codebuild:startBuildBatch', codeBuildBatch],
  ['codebuild:retryBuildBatch', codeBuildBatch],
  ...['Training', 'Transform', 'Processing', 'Labeling', 'HyperParameterTuning'].map(
    (kind) => [`sagemaker:create${kind}Job`, sageMakerJob(kind)] as const,
  ),
  ...EMR_SPECS,
  ...EKS_SPECS,
  ...RUN_SPECS,
]);
