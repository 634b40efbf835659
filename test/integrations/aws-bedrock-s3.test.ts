// bedrock:invokeModel with its body in S3 (`Input.S3Uri`) and its answer written to S3
// (`Output.S3Uri`): Bedrock Runtime on a signed loopback server (HTTP/2), S3 on s3rver.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { LocalS3 } from '../support/aws-local-services.ts';
import { BUCKET, startLocalS3 } from '../support/aws-local-services.ts';
import { LOCAL_CREDENTIALS } from '../support/aws-stand-ins.ts';
import type { ProtocolServer } from '../support/aws-protocol-server.ts';
import { startProtocolServer } from '../support/aws-protocol-server.ts';
import type { Api } from '../api/harness.ts';
import { startApi } from '../api/harness.ts';
import { failure, run } from './aws-support.ts';

let s3: LocalS3;
let bedrock: ProtocolServer;
let api: Api;

before(async () => {
  s3 = await startLocalS3();
  // The model answers with the prompt it was given.
  bedrock = await startProtocolServer(
    LOCAL_CREDENTIALS,
    (req) => ({
      status: 200,
      contentType: 'application/json',
      body: { results: [{ outputText: `echo: ${String(req.body['inputText'])}` }] },
    }),
    { http2: true },
  );
  api = await startApi({
    aws: {
      endpoints: { s3: s3.s3.endpoint, bedrockruntime: bedrock.endpoint },
      credentials: LOCAL_CREDENTIALS,
    },
  });
});

after(async () => {
  await api.close();
  await bedrock.close();
  await s3.close();
});

const invoke = 'arn:aws:states:::bedrock:invokeModel';
const model = 'amazon.titan-text-express-v1';

describe('bedrock:invokeModel with S3 locations', () => {
  it('reads the body from Input.S3Uri and writes the answer to Output.S3Uri, Body referring to it', async () => {
    await s3.s3Client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'prompts/1.json',
        Body: JSON.stringify({ inputText: 'hi' }),
      }),
    );
    const { description, output } = await run(api, [
      {
        resource: invoke,
        parameters: {
          ModelId: model,
          Input: { S3Uri: `s3://${BUCKET}/prompts/1.json` },
          Output: { S3Uri: `s3://${BUCKET}/answers/1.json` },
        },
      },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    assert.deepEqual(output['r0'], {
      Body: { S3Uri: `s3://${BUCKET}/answers/1.json` },
      ContentType: 'application/json',
    });
    const written = await s3.s3Client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'answers/1.json' }));
    assert.deepEqual(JSON.parse(await written.Body!.transformToString()), {
      results: [{ outputText: 'echo: hi' }],
    });
    const [call] = bedrock.requests.slice(-1);
    assert.equal(call!.signatureError, undefined);
    assert.deepEqual(call!.body, { inputText: 'hi' });
  });

  it('a missing input object fails the task with S3’s answer; Body and Input together are refused', async () => {
    const missing = await run(api, [
      { resource: invoke, parameters: { ModelId: model, Input: { S3Uri: `s3://${BUCKET}/nope.json` } } },
    ]);
    assert.equal(failure(missing.events).error, 'States.TaskFailed');
    assert.match(failure(missing.events).cause!, /Service: S3, Status Code: 404, Error Code: NoSuchKey/);
    const both = await run(api, [
      {
        resource: invoke,
        parameters: { ModelId: model, Body: { inputText: 'x' }, Input: { S3Uri: `s3://${BUCKET}/p.json` } },
      },
    ]);
    assert.equal(both.description.status, 'FAILED');
    assert.equal(both.description.error, 'States.Runtime');
  });
});
