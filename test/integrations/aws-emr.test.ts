// Amazon EMR's optimized integration (AWS guide, connect-emr): its APIs wrap EMR's own (RunJobFlow,
// TerminateJobFlows, AddJobFlowSteps, …), checked on a signed loopback server speaking EMR's JSON
// 1.1 protocol; `.sync` waits for the cluster or the step.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runServicesForTests } from '../support/run-services-api.ts';
import { failure, run } from './aws-support.ts';

const services = runServicesForTests();

const emr = (api: string) => `arn:aws:states:::elasticmapreduce:${api}`;
const sent = (action: string) =>
  services.server.requests.filter((r) => r.target === `ElasticMapReduce.${action}`);

describe('EMR through its optimized integration', () => {
  it('createCluster.sync, addStep.sync and terminateCluster.sync run a cluster from start to end', async () => {
    const { description, output } = await run(services.api, [
      {
        resource: emr('createCluster.sync'),
        parameters: {
          Name: 'ExampleCluster',
          ReleaseLabel: 'emr-6.15.0',
          Instances: { KeepJobFlowAliveWhenNoSteps: true },
        },
      },
      {
        resource: emr('addStep.sync'),
        parameters: {
          'ClusterId.$': '$.r0.ClusterId',
          Step: {
            Name: 'first',
            ActionOnFailure: 'CONTINUE',
            HadoopJarStep: { Jar: 'command-runner.jar', Args: ['ls'] },
          },
        },
      },
      { resource: emr('terminateCluster.sync'), parameters: { 'ClusterId.$': '$.r0.ClusterId' } },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const clusterId = output['r0']!['ClusterId'] as string;
    assert.match(clusterId, /^j-\d+$/);
    assert.deepEqual(output['r0'], { ClusterId: clusterId });
    assert.match(output['r1']!['StepId'] as string, /^s-\d+$/);
    assert.deepEqual(output['r2'], {});
    const [runJobFlow] = sent('RunJobFlow').slice(-1);
    assert.equal(runJobFlow!.signatureError, undefined);
    assert.match(runJobFlow!.scope!, /\/us-east-1\/elasticmapreduce\/aws4_request$/);
    assert.equal(runJobFlow!.body['ReleaseLabel'], 'emr-6.15.0');
    // addStep is AddJobFlowSteps of one step, on JobFlowId.
    const [add] = sent('AddJobFlowSteps').slice(-1);
    assert.equal(add!.body['JobFlowId'], clusterId);
    assert.deepEqual(
      (add!.body['Steps'] as { Name: string }[]).map((s) => s.Name),
      ['first'],
    );
    assert.deepEqual(sent('TerminateJobFlows').slice(-1)[0]!.body, { JobFlowIds: [clusterId] });
    // Waited for the cluster (WAITING), the step (COMPLETED) and the termination (TERMINATED).
    assert.ok(sent('DescribeCluster').length >= 5);
    assert.ok(sent('DescribeStep').length >= 3);
  });

  it('a cluster that terminates before it is ready, and a failed step, fail the task with their description', async () => {
    const cluster = await run(services.api, [
      { resource: emr('createCluster.sync'), parameters: { Name: 'fail-cluster', Instances: {} } },
    ]);
    const cause = JSON.parse(failure(cluster.events).cause!) as { Status: { State: string } };
    assert.equal(failure(cluster.events).error, 'States.TaskFailed');
    assert.equal(cause.Status.State, 'TERMINATED_WITH_ERRORS');
    const step = await run(services.api, [
      { resource: emr('addStep.sync'), parameters: { ClusterId: 'j-1', Step: { Name: 'fail-step' } } },
    ]);
    assert.equal(failure(step.events).error, 'States.TaskFailed');
    assert.equal((JSON.parse(failure(step.events).cause!) as { Name: string }).Name, 'fail-step');
  });

  it('cancelStep, setClusterTerminationProtection and the ByName modifications call the APIs they wrap', async () => {
    const { description, output } = await run(services.api, [
      { resource: emr('cancelStep'), parameters: { ClusterId: 'j-9', StepId: 's-9' } },
      {
        resource: emr('setClusterTerminationProtection'),
        parameters: { ClusterId: 'j-9', TerminationProtected: true },
      },
      {
        resource: emr('modifyInstanceFleetByName'),
        parameters: {
          ClusterId: 'j-9',
          InstanceFleetName: 'MyCoreFleet',
          InstanceFleet: { TargetOnDemandCapacity: 2 },
        },
      },
      {
        resource: emr('modifyInstanceGroupByName'),
        parameters: { ClusterId: 'j-9', InstanceGroupName: 'Core', InstanceGroup: { InstanceCount: 3 } },
      },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    assert.deepEqual(output['r0'], { CancelStepsInfo: { StepId: 's-9', Status: 'SUBMITTED', Reason: '' } });
    assert.deepEqual(sent('CancelSteps').slice(-1)[0]!.body, { ClusterId: 'j-9', StepIds: ['s-9'] });
    assert.deepEqual(sent('SetTerminationProtection').slice(-1)[0]!.body, {
      JobFlowIds: ['j-9'],
      TerminationProtected: true,
    });
    // The fleet was found on the listing's second page.
    assert.deepEqual(sent('ModifyInstanceFleet').slice(-1)[0]!.body, {
      ClusterId: 'j-9',
      InstanceFleet: { TargetOnDemandCapacity: 2, InstanceFleetId: 'if-core' },
    });
    assert.deepEqual(sent('ModifyInstanceGroups').slice(-1)[0]!.body, {
      ClusterId: 'j-9',
      InstanceGroups: [{ InstanceCount: 3, InstanceGroupId: 'ig-core' }],
    });
  });

  it('a fleet name the cluster does not have fails the task and names it', async () => {
    const { events } = await run(services.api, [
      {
        resource: emr('modifyInstanceFleetByName'),
        parameters: { ClusterId: 'j-9', InstanceFleetName: 'Nope', InstanceFleet: {} },
      },
    ]);
    assert.deepEqual(failure(events), {
      error: 'States.TaskFailed',
      cause: "No instance fleet named 'Nope' in cluster j-9.",
      resource: 'modifyInstanceFleetByName',
      resourceType: 'elasticmapreduce',
    });
  });
});
