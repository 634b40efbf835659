import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateDefinition } from './index.ts';

/** [code, message, location] of the diagnostics of a one-Task machine whose state is `Fetch`. */
function check(resource: string): string[][] {
  const def = { StartAt: 'Fetch', States: { Fetch: { Type: 'Task', Resource: resource, End: true } } };
  return validateDefinition(def).map((d) => [d.code, d.message, d.location ?? 'null']);
}

const refused = (resource: string): string[][] => [
  [
    'SCHEMA_VALIDATION_FAILED',
    `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`,
    '/States/Fetch/Resource',
  ],
];

test('a service integration AWS does not have is refused with its message, at the Resource', () => {
  for (const resource of [
    'arn:aws:states:::dynamodb:query',
    'arn:aws:states:::foo:bar',
    'arn:aws:states:::sns:publish.sync',
    'arn:aws:states:::lambda:invoke.sync',
    'arn:aws:states:::lambda:invoke.sync:2',
    'arn:aws:states:::dynamodb:getItem.waitForTaskToken',
    'arn:aws:states:::glue:startJobRun.waitForTaskToken',
    'arn:aws:states:::states:startExecution.sync:3',
    'arn:aws:states:::athena:getQueryResults.sync',
    'arn:aws:states:::aws-sdk:s3:getObject.sync',
    // No AWS SDK has these services.
    'arn:aws:states:::aws-sdk:nosuchservice:doIt',
    'arn:aws:states:::aws-sdk:dynamo:getItem',
    'arn:aws:states:::dynamodb:GetItem',
    'arn:aws:states:::dynamodb:constructor',
    'arn:aws:states:::lambda',
    'arn:aws:states:::',
    // With a region and account, judged as the region-less form is.
    'arn:aws:states:eu-west-1:123456789012:dynamodb:query',
    'arn:aws:states:us-east-1:123456789012:aws-sdk:nosuchservice:doIt',
    'arn:aws:states:us-east-1:123456789012:sns:publish.sync',
  ]) {
    assert.deepEqual(check(resource), refused(resource), resource);
  }
});

test("AWS's optimized integrations, their patterns and the AWS SDK integrations are accepted", () => {
  for (const resource of [
    'arn:aws:states:::lambda:invoke',
    'arn:aws:states:::lambda:invoke.waitForTaskToken',
    'arn:aws:states:::dynamodb:getItem',
    'arn:aws:states:::dynamodb:putItem',
    'arn:aws:states:::dynamodb:updateItem',
    'arn:aws:states:::dynamodb:deleteItem',
    'arn:aws:states:::sns:publish',
    'arn:aws:states:::sns:publish.waitForTaskToken',
    'arn:aws:states:::sqs:sendMessage',
    'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
    'arn:aws:states:::ecs:runTask',
    'arn:aws:states:::ecs:runTask.sync',
    'arn:aws:states:::ecs:runTask.waitForTaskToken',
    'arn:aws:states:::batch:submitJob.sync',
    'arn:aws:states:::glue:startJobRun.sync',
    'arn:aws:states:::athena:startQueryExecution.sync',
    'arn:aws:states:::athena:getQueryResults',
    'arn:aws:states:::events:putEvents',
    'arn:aws:states:::events:putEvents.waitForTaskToken',
    'arn:aws:states:::states:startExecution',
    'arn:aws:states:::states:startExecution.sync',
    'arn:aws:states:::states:startExecution.sync:2',
    'arn:aws:states:::states:startExecution.waitForTaskToken',
    'arn:aws:states:::http:invoke',
    'arn:aws:states:::apigateway:invoke',
    'arn:aws:states:::apigateway:invoke.waitForTaskToken',
    'arn:aws:states:::bedrock:invokeModel',
    'arn:aws:states:::bedrock:createModelCustomizationJob.sync',
    'arn:aws:states:::sagemaker:createTrainingJob.sync',
    'arn:aws:states:::sagemaker:createEndpoint',
    'arn:aws:states:::elasticmapreduce:createCluster.sync',
    'arn:aws:states:::elasticmapreduce:addStep',
    'arn:aws:states:::emr-containers:startJobRun.sync',
    'arn:aws:states:::emr-serverless:startJobRun.sync',
    'arn:aws:states:::codebuild:startBuild.sync',
    'arn:aws:states:::eks:runJob.sync',
    'arn:aws:states:::eks:call',
    'arn:aws:states:::databrew:startJobRun.sync',
    'arn:aws:states:::mediaconvert:createJob.sync',
    'arn:aws:states:::aws-sdk:s3:getObject',
    'arn:aws:states:::aws-sdk:dynamodb:query',
    'arn:aws:states:::aws-sdk:sfn:startExecution.waitForTaskToken',
    // Service ids as Step Functions spells them (AWS guide, supported-services-awssdk).
    'arn:aws:states:::aws-sdk:acmpca:deleteCertificateAuthority',
    'arn:aws:states:::aws-sdk:bedrockruntime:invokeModel',
    'arn:aws:states:::aws-sdk:secretsmanager:getSecretValue',
    'arn:aws:states:::aws-sdk:cloudwatchlogs:putLogEvents',
    'arn:aws:states:::aws-sdk:rekognition:detectLabels',
    'arn:aws-cn:states:::lambda:invoke',
    'arn:aws-us-gov:states:::sqs:sendMessage',
    // With a region and account, as AWS's sample templates deploy them.
    'arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject',
    'arn:aws:states:eu-west-1:123456789012:dynamodb:putItem',
    'arn:aws:states:us-east-1:123456789012:athena:startQueryExecution.sync',
    'arn:aws:states:us-east-1:123456789012:sqs:sendMessage.waitForTaskToken',
    // Not integrations: activities and Lambda functions are resources of their own.
    'arn:aws:states:us-east-1:123456789012:activity:work',
    'arn:aws:lambda:us-east-1:123456789012:function:f',
  ]) {
    assert.deepEqual(check(resource), [], resource);
  }
});
