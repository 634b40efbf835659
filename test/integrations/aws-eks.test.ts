// Amazon EKS's resource lifecycle through its optimized integration (AWS guide, connect-eks), on a
// signed loopback server speaking EKS's REST protocol: `.sync` waits until a created cluster or
// node group is ACTIVE, and until a deleted one is no longer found.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runServicesForTests } from '../support/run-services-api.ts';
import { failure, run } from './aws-support.ts';

const services = runServicesForTests();

const eks = (api: string) => `arn:aws:states:::eks:${api}`;
const sent = (method: string, path: string) =>
  services.server.requests.filter((r) => r.method === method && r.path === path);

describe('EKS clusters and node groups', () => {
  it('createCluster.sync, createNodegroup.sync, deleteNodegroup.sync and deleteCluster.sync', async () => {
    const { description, output } = await run(services.api, [
      {
        resource: eks('createCluster.sync'),
        parameters: {
          Name: 'jobs',
          RoleArn: 'arn:aws:iam::123456789012:role/eks',
          ResourcesVpcConfig: { SubnetIds: ['s-1'] },
        },
      },
      {
        resource: eks('createNodegroup.sync'),
        parameters: { ClusterName: 'jobs', NodegroupName: 'workers', NodeRole: 'r', Subnets: ['s-1'] },
      },
      {
        resource: eks('deleteNodegroup.sync'),
        parameters: { ClusterName: 'jobs', NodegroupName: 'workers' },
      },
      { resource: eks('deleteCluster.sync'), parameters: { Name: 'jobs' } },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    assert.deepEqual(output['r0'], { Cluster: { Name: 'jobs', Status: 'ACTIVE' } });
    assert.deepEqual(output['r1'], { Nodegroup: { NodegroupName: 'workers', Status: 'ACTIVE' } });
    // A deletion's output is the delete call's result (with the HTTP metadata of a start call).
    assert.equal((output['r3']!['Cluster'] as Record<string, unknown>)['Status'], 'DELETING');
    // PascalCase in the definition, camelCase on EKS's wire.
    const [create] = sent('POST', '/clusters');
    assert.deepEqual(create!.body['resourcesVpcConfig'], { subnetIds: ['s-1'] });
    assert.equal(create!.signatureError, undefined);
    assert.match(create!.scope!, /\/us-east-1\/eks\/aws4_request$/);
    assert.ok(sent('GET', '/clusters/jobs').length >= 4, 'described until ACTIVE, then until gone');
    assert.equal(sent('DELETE', '/clusters/jobs/node-groups/workers').length, 1);
  });

  it('a creation that fails fails the task with the description as cause', async () => {
    const { events } = await run(services.api, [
      {
        resource: eks('createCluster.sync'),
        parameters: { Name: 'fail-1', RoleArn: 'r', ResourcesVpcConfig: {} },
      },
    ]);
    const failed = failure(events);
    assert.equal(failed.error, 'States.TaskFailed');
    assert.deepEqual(JSON.parse(failed.cause!), { Cluster: { Name: 'fail-1', Status: 'CREATE_FAILED' } });
  });
});
