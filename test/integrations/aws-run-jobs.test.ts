// `.sync` of DataBrew, MediaConvert, Bedrock model customization and EMR Serverless job runs, on a
// signed loopback server speaking each service's REST protocol: PascalCase parameters go out in
// the service's own casing, the job is described until it ends, and stopped with the execution.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateStateMachineCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { ROLE } from '../api/harness.ts';
import { runServicesForTests } from '../support/run-services-api.ts';
import { failure, run } from './aws-support.ts';
import { eventually, historyOf } from './support.ts';

const services = runServicesForTests();

const sent = (method: string, path: RegExp) =>
  services.server.requests.filter((r) => r.method === method && path.test(r.path));

describe('job runs of DataBrew, MediaConvert, Bedrock and EMR Serverless', () => {
  it('each .sync starts its job, describes it until it ends and returns the description', async () => {
    const { description, output } = await run(services.api, [
      { resource: 'arn:aws:states:::databrew:startJobRun.sync', parameters: { Name: 'clean-data' } },
      {
        resource: 'arn:aws:states:::mediaconvert:createJob.sync',
        parameters: { Role: 'arn:aws:iam::123456789012:role/mc', Queue: 'q1', Settings: { Inputs: [] } },
      },
      {
        resource: 'arn:aws:states:::bedrock:createModelCustomizationJob.sync',
        parameters: {
          JobName: 'tune',
          CustomModelName: 'm',
          RoleArn: 'arn:aws:iam::123456789012:role/b',
          BaseModelIdentifier: 'amazon.titan-text-express-v1',
          TrainingDataConfig: { S3Uri: 's3://b/train.jsonl' },
          OutputDataConfig: { S3Uri: 's3://b/out/' },
          HyperParameters: { epochCount: '1' },
        },
      },
      {
        resource: 'arn:aws:states:::emr-serverless:startJobRun.sync',
        parameters: {
          ApplicationId: 'app-1',
          Name: 'spark',
          ExecutionRoleArn: 'arn:aws:iam::123456789012:role/e',
        },
      },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    assert.deepEqual([output['r0']!['State'], output['r0']!['JobName']], ['SUCCEEDED', 'clean-data']);
    const job = output['r1']!['Job'] as Record<string, unknown>;
    assert.deepEqual([job['Status'], job['Queue']], ['COMPLETE', 'q1']);
    assert.deepEqual([output['r2']!['Status'], output['r2']!['JobName']], ['Completed', 'tune']);
    assert.equal((output['r3']!['JobRun'] as Record<string, unknown>)['State'], 'SUCCESS');
    // PascalCase in the definition, the service's own casing on the wire; map keys as given.
    const [create] = sent('POST', /^\/2017-08-29\/jobs$/).slice(-1);
    // (and the idempotency token the SDK adds)
    assert.equal(typeof create!.body['clientRequestToken'], 'string');
    assert.partialDeepStrictEqual(create!.body, {
      role: 'arn:aws:iam::123456789012:role/mc',
      queue: 'q1',
      settings: { inputs: [] },
    });
    const [tune] = sent('POST', /^\/model-customization-jobs$/).slice(-1);
    assert.equal(tune!.body['baseModelIdentifier'], 'amazon.titan-text-express-v1');
    assert.deepEqual(tune!.body['hyperParameters'], { epochCount: '1' });
    assert.match(tune!.scope!, /\/us-east-1\/bedrock\/aws4_request$/);
    assert.ok(sent('GET', /^\/jobs\/clean-data\/jobRun\//).length >= 3);
    assert.ok(sent('GET', /^\/applications\/app-1\/jobruns\//).length >= 3);
    assert.ok(services.server.requests.every((r) => r.signatureError === undefined));
  });

  it('a job that does not succeed fails the task with States.TaskFailed and its description', async () => {
    const { events } = await run(services.api, [
      { resource: 'arn:aws:states:::databrew:startJobRun.sync', parameters: { Name: 'fail-run' } },
    ]);
    const failed = failure(events);
    assert.equal(failed.error, 'States.TaskFailed');
    assert.deepEqual((JSON.parse(failed.cause!) as Record<string, unknown>)['State'], 'FAILED');
  });

  it("stopping the execution stops the job with the service's own API", async () => {
    const { stateMachineArn } = await services.api.client.send(
      new CreateStateMachineCommand({
        name: 'tune-forever',
        roleArn: ROLE,
        definition: JSON.stringify({
          StartAt: 'Tune',
          States: {
            Tune: {
              Type: 'Task',
              Resource: 'arn:aws:states:::bedrock:createModelCustomizationJob.sync',
              Parameters: {
                JobName: 'forever',
                CustomModelName: 'm',
                RoleArn: 'r',
                BaseModelIdentifier: 'b',
              },
              End: true,
            },
          },
        }),
      }),
    );
    const { executionArn } = await services.api.client.send(
      new StartExecutionCommand({ stateMachineArn, input: '{}' }),
    );
    await eventually(async () =>
      (await historyOf(services.api, executionArn!)).some((e) => e.type === 'TaskSubmitted')
        ? true
        : undefined,
    );
    await services.api.client.send(new StopExecutionCommand({ executionArn }));
    await eventually(() => Promise.resolve(sent('POST', /\/stop$/).length > 0 ? true : undefined));
    const [stop] = sent('POST', /\/stop$/);
    assert.match(
      decodeURIComponent(stop!.path),
      /^\/model-customization-jobs\/arn:aws:bedrock:.*\/mcj-\d+\/stop$/,
    );
  });
});
