// aws-sdk resources AWS refuses at CreateStateMachine: a service no AWS SDK has (the language's
// own list), and an action the installed client of the service lacks (the integrations are
// asked). AWS's message for both is the one for any unknown resource (SCHEMA_VALIDATION_FAILED
// "The resource provided … is not recognized…", recorded for dynamodb:query in LocalStack's
// test_dynamodb_task_service snapshot).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  InvalidDefinition,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';
import { ROLE, startApi } from '../api/harness.ts';
import { failure, run } from './aws-support.ts';

let api: Api;
before(async () => {
  api = await startApi({ aws: { endpoints: { s3: 'http://127.0.0.1:9' } } });
});
after(() => api.close());

const message = (resource: string) =>
  `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`;

let n = 0;
async function create(definition: unknown): Promise<unknown> {
  try {
    await api.client.send(
      new CreateStateMachineCommand({
        name: `v-${++n}`,
        roleArn: ROLE,
        definition: JSON.stringify(definition),
      }),
    );
    return undefined;
  } catch (e) {
    return e;
  }
}

const task = (resource: string) => ({
  StartAt: 'T',
  States: { T: { Type: 'Task', Resource: resource, End: true } },
});

describe('aws-sdk resources refused at create time', () => {
  it('an action the installed client lacks: InvalidDefinition at the Task’s Resource, also from Validate', async () => {
    const resource = 'arn:aws:states:::aws-sdk:s3:getObjekt';
    const refused = await create(task(resource));
    assert.ok(refused instanceof InvalidDefinition);
    assert.equal(
      refused.message,
      `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ${message(resource)} at /States/T/Resource'`,
    );
    const validated = await api.client.send(
      new ValidateStateMachineDefinitionCommand({
        definition: JSON.stringify(task(`${resource}.waitForTaskToken`)),
      }),
    );
    assert.deepEqual(
      validated.diagnostics?.map((d) => [d.code, d.location]),
      [['SCHEMA_VALIDATION_FAILED', '/States/T/Resource']],
    );
  });

  it('inside a Parallel branch the location is the nested state’s; a service no SDK has is refused too', async () => {
    const refused = await create({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            task('arn:aws:states:::aws-sdk:dynamodb:getItems'),
            {
              StartAt: 'U',
              States: { U: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamo:getItem', End: true } },
            },
          ],
        },
      },
    });
    assert.ok(refused instanceof InvalidDefinition);
    assert.match(
      refused.message,
      /aws-sdk:dynamodb:getItems is not recognized.* at \/States\/P\/Branches\[0\]\/States\/T\/Resource/,
    );
    assert.match(
      refused.message,
      /aws-sdk:dynamo:getItem is not recognized.* at \/States\/P\/Branches\[1\]\/States\/U\/Resource/,
    );
  });

  it('actions the client has are accepted; a service whose client is not installed is judged when called', async () => {
    assert.equal(await create(task('arn:aws:states:::aws-sdk:s3:listObjectsV2')), undefined);
    assert.equal(await create(task('arn:aws:states:::aws-sdk:dynamodb:transactWriteItems')), undefined);
    const { events } = await run(api, [
      {
        resource: 'arn:aws:states:::aws-sdk:kinesis:putRecord',
        parameters: { StreamName: 'clicks', PartitionKey: 'k', Data: 'aGk=' },
      },
    ]);
    assert.match(failure(events).cause!, /npm install @aws-sdk\/client-kinesis/);
    // A service with no row of its own is called through its package too (acmpca → acm-pca).
    const acm = await run(api, [
      {
        resource: 'arn:aws:states:::aws-sdk:acmpca:deleteCertificateAuthority',
        parameters: {
          CertificateAuthorityArn: 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/x',
        },
      },
    ]);
    assert.match(failure(acm.events).cause!, /npm install @aws-sdk\/client-acm-pca\b/);
  });
});
