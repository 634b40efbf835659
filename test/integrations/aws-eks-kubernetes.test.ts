// EKS's Kubernetes API integrations (AWS guide, connect-eks: "Call" and "RunJob") against a
// loopback HTTPS server speaking the Kubernetes API subset they use (kube-api-server.ts): TLS is
// trusted through the task's CertificateAuthority only, and every request must carry an EKS bearer
// token for the cluster, presigned with the configured key pair (checked in eks-token-check.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateStateMachineCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';
import { ROLE, startApi } from '../api/harness.ts';
import type { KubeServer } from '../support/kube-api-server.ts';
import { CLUSTER_CA, OTHER_CA, startKubeServer } from '../support/kube-api-server.ts';
import { failure, run } from './aws-support.ts';
import { eventually, historyOf, settled } from './support.ts';

const credentials = { accessKeyId: 'AKIDSTEPWISE', secretAccessKey: 'local-secret' };
let server: KubeServer;
let api: Api;

before(async () => {
  server = await startKubeServer('jobs-cluster', credentials);
  // Jobs are read every 10 ms here; the default is 5 s.
  api = await startApi({ aws: { credentials, pollIntervalSeconds: 0.01 } });
});
after(async () => {
  await api.close();
  await server.close();
});

const cluster = () => ({
  ClusterName: 'jobs-cluster',
  CertificateAuthority: CLUSTER_CA,
  Endpoint: server.endpoint,
});
const job = (name: string, containers: string[] = ['main']) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name },
  spec: {
    backoffLimit: 0,
    template: {
      spec: { containers: containers.map((c) => ({ name: c, image: 'busybox' })), restartPolicy: 'Never' },
    },
  },
});
const sent = (method: string, path: string) =>
  server.requests.filter((r) => r.method === method && r.path === path);

describe('eks:call', () => {
  it('calls the Kubernetes API with a bearer token for the cluster and returns the answer', async () => {
    const { description, output } = await run(api, [
      {
        resource: 'arn:aws:states:::eks:call',
        parameters: {
          ...cluster(),
          Method: 'GET',
          Path: '/api/v1/namespaces/default/pods',
          QueryParameters: { labelSelector: ['job-name=example-job'] },
        },
      },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const r = output['r0']!;
    assert.deepEqual(r['ResponseBody'], { kind: 'PodList', apiVersion: 'v1', items: [] });
    assert.equal(r['StatusCode'], 200);
    assert.equal(r['StatusText'], 'OK');
    assert.deepEqual((r['Headers'] as Record<string, unknown>)['Content-Type'], ['application/json']);
    const [call] = sent('GET', '/api/v1/namespaces/default/pods');
    assert.equal(call!.tokenError, undefined);
    assert.equal(call!.query.get('labelSelector'), 'job-name=example-job');
  });

  it('an answer of 400 or more fails the task as EKS.<status> with the answer as cause', async () => {
    const { events } = await run(api, [
      {
        resource: 'arn:aws:states:::eks:call',
        parameters: { ...cluster(), Method: 'POST', Path: '/api/v1/nothing', RequestBody: { kind: 'X' } },
      },
    ]);
    const failed = failure(events);
    assert.equal(failed.error, 'EKS.404');
    const cause = JSON.parse(failed.cause!) as Record<string, unknown>;
    assert.deepEqual(Object.keys(cause), ['ResponseBody', 'StatusCode', 'StatusText']);
    assert.equal(cause['StatusText'], 'Not Found');
    assert.equal((cause['ResponseBody'] as Record<string, unknown>)['reason'], 'NotFound');
    assert.deepEqual(sent('POST', '/api/v1/nothing')[0]!.body, { kind: 'X' });
  });

  it("a token made for another cluster is refused: EKS.401 as AWS's guide shows it", async () => {
    const { events } = await run(api, [
      {
        resource: 'arn:aws:states:::eks:call',
        parameters: { ...cluster(), ClusterName: 'other-cluster', Method: 'GET', Path: '/api/v1/namespaces' },
      },
    ]);
    const failed = failure(events);
    assert.equal(failed.error, 'EKS.401');
    assert.deepEqual(JSON.parse(failed.cause!), {
      ResponseBody: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      },
      StatusCode: 401,
      StatusText: 'Unauthorized',
    });
    assert.equal(sent('GET', '/api/v1/namespaces')[0]!.tokenError, 'signature does not match');
  });

  it('a server whose certificate the CertificateAuthority did not sign is not trusted', async () => {
    const before = server.requests.length;
    const { events } = await run(api, [
      {
        resource: 'arn:aws:states:::eks:call',
        parameters: { ...cluster(), CertificateAuthority: OTHER_CA, Method: 'GET', Path: '/api/v1/pods' },
      },
    ]);
    const failed = failure(events);
    assert.equal(failed.error, 'States.TaskFailed');
    assert.match(failed.cause!, /certificate/i);
    assert.equal(server.requests.length, before, 'no request was answered');
  });

  it('a missing Endpoint fails with States.Runtime naming it', async () => {
    const { events } = await run(api, [
      {
        resource: 'arn:aws:states:::eks:call',
        parameters: { ClusterName: 'c', CertificateAuthority: CLUSTER_CA, Method: 'GET', Path: '/' },
      },
    ]);
    assert.deepEqual(
      { error: failure(events).error, cause: failure(events).cause },
      { error: 'States.Runtime', cause: "The field 'Endpoint' is required." },
    );
  });
});

describe('eks:runJob', () => {
  it('request-response creates the Job in Namespace and returns the create answer', async () => {
    const { description, output } = await run(api, [
      {
        resource: 'arn:aws:states:::eks:runJob',
        parameters: { ...cluster(), Namespace: 'batch', Job: job('rr-1') },
      },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const r = output['r0']!;
    assert.equal(r['StatusCode'], 201);
    assert.equal(r['StatusText'], 'Created');
    assert.deepEqual((r['ResponseBody'] as { metadata: unknown }).metadata, {
      name: 'rr-1',
      namespace: 'batch',
      uid: (r['ResponseBody'] as { metadata: { uid: string } }).metadata.uid,
    });
    const [created] = sent('POST', '/apis/batch/v1/namespaces/batch/jobs');
    assert.equal(created!.tokenError, undefined);
    assert.equal(created!.contentType, 'application/json');
    assert.equal(sent('GET', '/apis/batch/v1/namespaces/batch/jobs/rr-1').length, 0, 'not polled');
  });

  it('.sync reads the Job until Complete and adds its pods logs with LogOptions', async () => {
    const { description, events, output } = await run(api, [
      {
        resource: 'arn:aws:states:::eks:runJob.sync',
        parameters: {
          ...cluster(),
          // A Job given as text is sent as it is.
          Job: JSON.stringify(job('sync-1', ['main', 'json-out'])),
          LogOptions: { RetrieveLogs: true, LogParameters: { tailLines: ['6'] } },
        },
      },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const r = output['r0']!;
    assert.equal(r['StatusCode'], 200);
    assert.deepEqual((r['ResponseBody'] as { status: unknown }).status, {
      succeeded: 1,
      conditions: [{ type: 'Complete', status: 'True' }],
    });
    assert.deepEqual(r['logs'], {
      pods: {
        'sync-1-pod': {
          containers: {
            main: { log: 'hello from main\n' },
            // A log that is JSON is given as JSON (no RawLogs).
            'json-out': { log: { container: 'json-out', tail: '6' } },
          },
        },
      },
    });
    assert.ok(sent('GET', '/apis/batch/v1/namespaces/default/jobs/sync-1').length >= 2);
    const submitted = events.find((e) => e.type === 'TaskSubmitted')?.taskSubmittedEventDetails;
    assert.equal(submitted?.resource, 'runJob.sync');
    assert.ok(submitted?.output);
    assert.equal((JSON.parse(submitted.output) as { StatusCode: number }).StatusCode, 201);
  });

  it('.sync with RawLogs keeps a JSON log as text', async () => {
    const { output } = await run(api, [
      {
        resource: 'arn:aws:states:::eks:runJob.sync',
        parameters: {
          ...cluster(),
          Job: job('raw-1', ['json-a']),
          LogOptions: { RetrieveLogs: true, RawLogs: true },
        },
      },
    ]);
    const logs = output['r0']!['logs'] as {
      pods: Record<string, { containers: Record<string, { log: unknown }> }>;
    };
    assert.equal(logs.pods['raw-1-pod']!.containers['json-a']!.log, '{"container":"json-a","tail":null}');
  });

  it('.sync: a Failed Job fails the task with the last read as the cause', async () => {
    const { events } = await run(api, [
      { resource: 'arn:aws:states:::eks:runJob.sync', parameters: { ...cluster(), Job: job('fail-1') } },
    ]);
    const failed = failure(events);
    assert.equal(failed.error, 'States.TaskFailed');
    const cause = JSON.parse(failed.cause!) as {
      ResponseBody: { status: { failed: number } };
      logs?: unknown;
    };
    assert.equal(cause.ResponseBody.status.failed, 1);
    assert.equal(cause.logs, undefined, 'no logs unless asked for');
  });

  it('StopExecution deletes the Job with its pods', async () => {
    const { stateMachineArn } = await api.client.send(
      new CreateStateMachineCommand({
        name: 'eks-stop',
        roleArn: ROLE,
        definition: JSON.stringify({
          StartAt: 'Job',
          States: {
            Job: {
              Type: 'Task',
              Resource: 'arn:aws:states:::eks:runJob.sync',
              Parameters: { ...cluster(), Namespace: 'long', Job: job('forever-1') },
              End: true,
            },
          },
        }),
      }),
    );
    const { executionArn } = await api.client.send(
      new StartExecutionCommand({ stateMachineArn, input: '{}' }),
    );
    await eventually(async () =>
      (await historyOf(api, executionArn!)).some((e) => e.type === 'TaskSubmitted') ? true : undefined,
    );
    await api.client.send(new StopExecutionCommand({ executionArn }));
    const deleted = await eventually(() =>
      Promise.resolve(sent('DELETE', '/apis/batch/v1/namespaces/long/jobs/forever-1')[0]),
    );
    assert.equal(deleted.query.get('propagationPolicy'), 'Foreground');
    assert.equal(deleted.tokenError, undefined);
    assert.equal((await settled(api, executionArn!)).status, 'ABORTED');
  });
});
