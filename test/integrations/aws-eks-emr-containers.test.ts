// Amazon EMR on EKS through its optimized integration (AWS guide, connect-emr-eks) on a signed
// loopback server speaking EMR on EKS's REST protocol (aws-run-services.ts). Its SDK package has
// no model schema, so PascalCase parameters become camelCase by name; map members keep their keys.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runServicesForTests } from '../support/run-services-api.ts';
import { failure, run } from './aws-support.ts';

const services = runServicesForTests();

const emrc = (api: string) => `arn:aws:states:::emr-containers:${api}`;
const sent = (method: string, path: RegExp) =>
  services.server.requests.filter((r) => r.method === method && path.test(r.path));

describe('EMR on EKS', () => {
  it('createVirtualCluster, startJobRun.sync and deleteVirtualCluster.sync', async () => {
    const { description, output } = await run(services.api, [
      {
        resource: emrc('createVirtualCluster'),
        parameters: {
          Name: 'analytics',
          ContainerProvider: { Id: 'jobs-cluster', Type: 'EKS', Info: { EksInfo: { Namespace: 'spark' } } },
          Tags: { CostCenter: 'data' },
        },
      },
      {
        resource: emrc('startJobRun.sync'),
        parameters: {
          Name: 'trip-count',
          'VirtualClusterId.$': '$.r0.Id',
          ExecutionRoleArn: 'arn:aws:iam::123456789012:role/job',
          ReleaseLabel: 'emr-6.2.0-latest',
          JobDriver: {
            SparkSubmitJobDriver: {
              EntryPoint: 's3://bucket/trip-count.py',
              EntryPointArguments: ['60'],
              SparkSubmitParameters: '--conf spark.executor.instances=10',
            },
          },
          ConfigurationOverrides: {
            ApplicationConfiguration: [
              { Classification: 'spark-defaults', Properties: { 'spark.executor.memory': '2G' } },
            ],
          },
        },
      },
      { resource: emrc('deleteVirtualCluster.sync'), parameters: { 'Id.$': '$.r0.Id' } },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const vc = output['r0']!;
    assert.match(String(vc['Id']), /^vc-/);
    assert.equal(vc['Name'], 'analytics');
    // The run's description, members in PascalCase, a map's keys as the service gave them.
    assert.deepEqual(output['r1'], {
      JobRun: {
        Id: (output['r1']!['JobRun'] as { Id: string }).Id,
        Name: 'trip-count',
        VirtualClusterId: vc['Id'],
        State: 'COMPLETED',
        Tags: { 'team-Name': 'data' },
      },
    });
    assert.equal(output['r2']!['Id'], vc['Id']);

    const [create] = sent('POST', /^\/virtualclusters$/);
    assert.equal(create!.signatureError, undefined);
    assert.match(create!.scope!, /\/us-east-1\/emr-containers\/aws4_request$/);
    assert.deepEqual(create!.body, {
      name: 'analytics',
      containerProvider: { id: 'jobs-cluster', type: 'EKS', info: { eksInfo: { namespace: 'spark' } } },
      tags: { CostCenter: 'data' },
      clientToken: create!.body['clientToken'],
    });
    const [start] = sent('POST', /^\/virtualclusters\/vc-\d+\/jobruns$/);
    assert.deepEqual(start!.body['jobDriver'], {
      sparkSubmitJobDriver: {
        entryPoint: 's3://bucket/trip-count.py',
        entryPointArguments: ['60'],
        sparkSubmitParameters: '--conf spark.executor.instances=10',
      },
    });
    assert.deepEqual(start!.body['configurationOverrides'], {
      applicationConfiguration: [
        { classification: 'spark-defaults', properties: { 'spark.executor.memory': '2G' } },
      ],
    });
    assert.ok(
      sent('GET', /^\/virtualclusters\/vc-\d+\/jobruns\/jr-\d+$/).length >= 3,
      'polled until COMPLETED',
    );
    assert.ok(sent('GET', /^\/virtualclusters\/vc-\d+$/).length >= 2, 'described until TERMINATED');
  });

  it('startJobRun.sync: a FAILED run fails the task with its description as cause', async () => {
    const { events } = await run(services.api, [
      {
        resource: emrc('startJobRun.sync'),
        parameters: {
          Name: 'fail-run',
          VirtualClusterId: 'vc-x',
          ExecutionRoleArn: 'r',
          ReleaseLabel: 'l',
          JobDriver: {},
        },
      },
    ]);
    const failed = failure(events);
    assert.equal(failed.error, 'States.TaskFailed');
    assert.equal((JSON.parse(failed.cause!) as { JobRun: { State: string } }).JobRun.State, 'FAILED');
  });
});
