import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateDefinition } from '../../../asl/index.ts';
import { jobTask } from './job-task.ts';

const accepted = (resource: string): boolean =>
  validateDefinition({ StartAt: 'T', States: { T: { Type: 'Task', Resource: resource, End: true } } })
    .length === 0;

test('every job integration Stepwise runs is one AWS accepts, with the pattern it is run with', () => {
  const runs: Array<[string, 'sync' | 'request-response']> = [
    ['arn:aws:states:::athena:startQueryExecution', 'request-response'],
    ['arn:aws:states:::athena:startQueryExecution.sync', 'sync'],
    ['arn:aws:states:::athena:stopQueryExecution', 'request-response'],
    ['arn:aws:states:::athena:getQueryExecution', 'request-response'],
    ['arn:aws:states:::athena:getQueryResults', 'request-response'],
    ['arn:aws:states:::batch:submitJob', 'request-response'],
    ['arn:aws:states:::batch:submitJob.sync', 'sync'],
    ['arn:aws:states:::glue:startJobRun', 'request-response'],
    ['arn:aws:states:::glue:startJobRun.sync', 'sync'],
    ['arn:aws:states:::ecs:runTask', 'request-response'],
    ['arn:aws:states:::ecs:runTask.sync', 'sync'],
    ['arn:aws:states:::codebuild:startBuild', 'request-response'],
    ['arn:aws:states:::codebuild:startBuild.sync', 'sync'],
    ['arn:aws:states:::codebuild:stopBuild', 'request-response'],
    ['arn:aws:states:::codebuild:batchDeleteBuilds', 'request-response'],
    ['arn:aws:states:::codebuild:batchGetReports', 'request-response'],
    ['arn:aws:states:::codebuild:startBuildBatch.sync', 'sync'],
    ['arn:aws:states:::codebuild:retryBuildBatch.sync', 'sync'],
    ['arn:aws:states:::codebuild:stopBuildBatch', 'request-response'],
    ['arn:aws:states:::codebuild:deleteBuildBatch', 'request-response'],
    ['arn:aws:states:::sagemaker:createTrainingJob.sync', 'sync'],
    ['arn:aws:states:::sagemaker:createTransformJob.sync', 'sync'],
    ['arn:aws:states:::sagemaker:createProcessingJob.sync', 'sync'],
    ['arn:aws:states:::sagemaker:createLabelingJob.sync', 'sync'],
    ['arn:aws:states:::sagemaker:createHyperParameterTuningJob.sync', 'sync'],
    ['arn:aws:states:::sagemaker:createModel', 'request-response'],
    ['arn:aws:states:::sagemaker:createEndpoint', 'request-response'],
    ['arn:aws:states:::sagemaker:createEndpointConfig', 'request-response'],
    ['arn:aws:states:::sagemaker:updateEndpoint', 'request-response'],
    ['arn:aws-us-gov:states:::batch:submitJob.sync', 'sync'],
    ['arn:aws:states:::elasticmapreduce:createCluster.sync', 'sync'],
    ['arn:aws:states:::elasticmapreduce:terminateCluster.sync', 'sync'],
    ['arn:aws:states:::elasticmapreduce:addStep.sync', 'sync'],
    ['arn:aws:states:::elasticmapreduce:cancelStep', 'request-response'],
    ['arn:aws:states:::elasticmapreduce:modifyInstanceGroupByName', 'request-response'],
    ['arn:aws:states:::emr-serverless:startJobRun.sync', 'sync'],
    ['arn:aws:states:::emr-serverless:createApplication', 'request-response'],
    ['arn:aws:states:::databrew:startJobRun.sync', 'sync'],
    ['arn:aws:states:::mediaconvert:createJob.sync', 'sync'],
    ['arn:aws:states:::bedrock:createModelCustomizationJob', 'request-response'],
    ['arn:aws:states:::bedrock:createModelCustomizationJob.sync', 'sync'],
    ['arn:aws:states:::eks:createCluster.sync', 'sync'],
    ['arn:aws:states:::eks:deleteNodegroup.sync', 'sync'],
    ['arn:aws:states:::eks:createFargateProfile', 'request-response'],
  ];
  for (const [resource, pattern] of runs) {
    const job = jobTask(resource);
    assert.ok(job, resource);
    assert.equal(job.sync ? 'sync' : 'request-response', pattern, resource);
    assert.ok(accepted(resource), `${resource} validates`);
  }
});

test('patterns AWS does not have are refused at create time and never run as jobs', () => {
  for (const resource of [
    'arn:aws:states:::athena:startQueryExecution.waitForTaskToken',
    'arn:aws:states:::athena:getQueryExecution.sync',
    'arn:aws:states:::batch:submitJob.waitForTaskToken',
    'arn:aws:states:::batch:submitJob.sync:2',
    'arn:aws:states:::glue:startJobRun.waitForTaskToken',
    'arn:aws:states:::ecs:runTask.sync:2',
    'arn:aws:states:::codebuild:startBuild.waitForTaskToken',
    'arn:aws:states:::codebuild:stopBuild.sync',
    'arn:aws:states:::batch:terminateJob',
    'arn:aws:states:::sagemaker:createModel.sync',
    'arn:aws:states:::sagemaker:createTrainingJob.waitForTaskToken',
  ]) {
    assert.equal(accepted(resource), false, `${resource} is refused`);
    assert.equal(jobTask(resource)?.sync, undefined, resource);
  }
  // Waiting for a token is the callback route's (ecs:runTask.waitForTaskToken), not a job's.
  assert.equal(jobTask('arn:aws:states:::ecs:runTask.waitForTaskToken'), undefined);
  assert.ok(accepted('arn:aws:states:::ecs:runTask.waitForTaskToken'));
});
