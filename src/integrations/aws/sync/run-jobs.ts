import type { JsonObject } from '../../../asl/index.ts';
import type { JobSpec } from './job-spec.ts';
import { at, settled, text } from './job-spec.ts';

/**
 * `.sync` of the services whose optimized APIs are the service's own (AWS guide: connect-databrew,
 * connect-mediaconvert, connect-bedrock, connect-emr-serverless): the job is described by the id
 * the start returned until its status ends it. The output is the description; a job that did not
 * succeed fails the task with it as the cause; stopping calls the service's own stop API.
 */
export const RUN_SPECS: ReadonlyMap<string, JobSpec> = new Map<string, JobSpec>([
  [
    // DataBrew StartJobRun answers `RunId`; DescribeJobRun's `State`.
    'databrew:startJobRun',
    {
      describe: (started, p) => ({
        api: 'describeJobRun',
        parameters: { Name: text(p['Name']), RunId: text(started['RunId']) },
      }),
      state: (d) => settled(d['State'], d, ['SUCCEEDED'], ['FAILED', 'TIMEOUT', 'STOPPED']),
      stop: (started, p) => ({
        api: 'stopJobRun',
        parameters: { Name: text(p['Name']), RunId: text(started['RunId']) },
      }),
    },
  ],
  [
    // MediaConvert CreateJob answers `{Job}`; GetJob's `Job.Status` (the output is `{Job}` too).
    'mediaconvert:createJob',
    {
      describe: (started) => ({ api: 'getJob', parameters: { Id: text(at(started, 'Job', 'Id')) } }),
      state: (d) => settled(at(d, 'Job', 'Status'), d, ['COMPLETE'], ['ERROR', 'CANCELED']),
      stop: (started) => ({ api: 'cancelJob', parameters: { Id: text(at(started, 'Job', 'Id')) } }),
    },
  ],
  [
    // Bedrock CreateModelCustomizationJob answers `JobArn`; GetModelCustomizationJob's `Status`.
    'bedrock:createModelCustomizationJob',
    {
      describe: (started) => ({
        api: 'getModelCustomizationJob',
        parameters: { JobIdentifier: text(started['JobArn']) },
      }),
      state: (d) => settled(d['Status'], d, ['Completed'], ['Failed', 'Stopped']),
      stop: (started) => ({
        api: 'stopModelCustomizationJob',
        parameters: { JobIdentifier: text(started['JobArn']) },
      }),
    },
  ],
  [
    // EMR Serverless StartJobRun answers `ApplicationId`, `JobRunId`; GetJobRun's `JobRun.State`.
    'emr-serverless:startJobRun',
    {
      describe: (started) => ({
        api: 'getJobRun',
        parameters: { ApplicationId: text(started['ApplicationId']), JobRunId: text(started['JobRunId']) },
      }),
      state: (d) => settled(at(d, 'JobRun', 'State'), d, ['SUCCESS'], ['FAILED', 'CANCELLED']),
      stop: (started) => ({
        api: 'cancelJobRun',
        parameters: { ApplicationId: text(started['ApplicationId']), JobRunId: text(started['JobRunId']) },
      }),
    },
  ],
  [
    // EMR on EKS StartJobRun answers `Id`, `VirtualClusterId`; DescribeJobRun's `JobRun.State`.
    'emr-containers:startJobRun',
    {
      describe: (started) => ({ api: 'describeJobRun', parameters: emrContainersRun(started) }),
      state: (d) => settled(at(d, 'JobRun', 'State'), d, ['COMPLETED'], ['FAILED', 'CANCELLED']),
      stop: (started) => ({ api: 'cancelJobRun', parameters: emrContainersRun(started) }),
    },
  ],
  [
    // DeleteVirtualCluster answers `Id`; the cluster is described until TERMINATED (or no longer
    // found); the output is the delete call's result, as for EKS's deletions.
    'emr-containers:deleteVirtualCluster',
    {
      describe: (started) => ({ api: 'describeVirtualCluster', parameters: { Id: text(started['Id']) } }),
      gone: /\.ResourceNotFoundException$/,
      state: (d, _, started) => settled(at(d, 'VirtualCluster', 'State'), started, ['TERMINATED'], []),
    },
  ],
]);

function emrContainersRun(started: JsonObject): JsonObject {
  return { Id: text(started['Id']), VirtualClusterId: text(started['VirtualClusterId']) };
}
