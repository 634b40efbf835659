// Integration ARNs that carry a region and account (`arn:aws:states:eu-west-1:123456789012:…`), as
// AWS's sample templates deploy them: performed as the region-less form, in the region the ARN
// names (the request is signed for it and TaskScheduled.region records it).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Api } from '../api/harness.ts';
import { startApi } from '../api/harness.ts';
import { JobServices } from '../support/aws-job-services.ts';
import type { ProtocolServer } from '../support/aws-protocol-server.ts';
import { startProtocolServer } from '../support/aws-protocol-server.ts';
import { run, taskIds } from './aws-support.ts';

const credentials = { accessKeyId: 'AKIDSTEPWISE', secretAccessKey: 'local-secret' };

let server: ProtocolServer;
let api: Api;

before(async () => {
  const jobs = new JobServices();
  server = await startProtocolServer(
    credentials,
    (req) =>
      jobs.answer(req) ?? { status: 400, body: { __type: 'UnknownOperationException', message: req.target } },
  );
  api = await startApi({
    aws: { endpoints: { athena: server.endpoint }, credentials, pollIntervalSeconds: 0.01 },
  });
});

after(async () => {
  await api.close();
  await server.close();
});

const scopes = (target: string) =>
  server.requests.filter((r) => r.target === target).map((r) => r.scope?.split('/')[1]);
const regions = (events: Awaited<ReturnType<typeof run>>['events']) =>
  events.flatMap((e) => (e.taskScheduledEventDetails ? [e.taskScheduledEventDetails.region] : []));

describe('integration ARNs with a region and account', () => {
  it('an optimized .sync job and an aws-sdk call run in the region the ARN names', async () => {
    const { description, events, output } = await run(api, [
      {
        resource: 'arn:aws:states:eu-west-1:123456789012:athena:startQueryExecution.sync',
        parameters: { QueryString: 'SELECT 1' },
      },
      {
        resource: 'arn:aws:states:ap-southeast-2:123456789012:aws-sdk:athena:getQueryResults',
        parameters: { 'QueryExecutionId.$': '$.r0.QueryExecution.QueryExecutionId' },
      },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    assert.equal(output['r0']!['QueryExecution'] !== undefined, true);
    assert.deepEqual(regions(events), ['eu-west-1', 'ap-southeast-2']);
    // AWS's resourceType/resource as for the region-less form.
    assert.deepEqual(taskIds(events).slice(0, 1), ['TaskScheduled athena startQueryExecution.sync']);
    assert.deepEqual(scopes('AmazonAthena.StartQueryExecution').slice(-1), ['eu-west-1']);
    assert.ok(scopes('AmazonAthena.GetQueryExecution').every((r) => r === 'eu-west-1'));
    assert.deepEqual(scopes('AmazonAthena.GetQueryResults').slice(-1), ['ap-southeast-2']);
    assert.ok(server.requests.every((r) => r.signatureError === undefined));
  });

  it('the region-less form runs in the configured region', async () => {
    const { description, events } = await run(api, [
      { resource: 'arn:aws:states:::athena:getQueryResults', parameters: { QueryExecutionId: 'q-1' } },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    assert.deepEqual(regions(events), ['us-east-1']);
    assert.deepEqual(scopes('AmazonAthena.GetQueryResults').slice(-1), ['us-east-1']);
  });
});
