// aws-sdk:s3:* through real executions against s3rver: objects written, read, listed, copied and
// deleted; S3's errors named as AWS-recorded histories show.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { BUCKET, localS3ForTests } from '../support/aws-local-services.ts';
import { failure, run, sdkTask, taskIds } from './aws-support.ts';

const local = localS3ForTests();

describe('aws-sdk:s3:* against s3rver', () => {
  it('putObject, getObject, listObjectsV2, copyObject, deleteObject', async () => {
    const { description, events, output } = await run(local.api, [
      {
        resource: sdkTask('s3', 'putObject'),
        parameters: { Bucket: BUCKET, Key: 'in/a.txt', Body: 'text data' },
      },
      {
        resource: sdkTask('s3', 'putObject'),
        parameters: { Bucket: BUCKET, Key: 'in/b.json', Body: { Dict: 'Value' } },
      },
      { resource: sdkTask('s3', 'getObject'), parameters: { Bucket: BUCKET, Key: 'in/a.txt' } },
      { resource: sdkTask('s3', 'getObject'), parameters: { Bucket: BUCKET, Key: 'in/b.json' } },
      {
        resource: sdkTask('s3', 'copyObject'),
        parameters: { Bucket: BUCKET, Key: 'out/a.txt', CopySource: `${BUCKET}/in/a.txt` },
      },
      { resource: sdkTask('s3', 'deleteObject'), parameters: { Bucket: BUCKET, Key: 'in/a.txt' } },
      { resource: sdkTask('s3', 'listObjectsV2'), parameters: { Bucket: BUCKET } },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const { r0: put, r2: getText, r3: getJson, r4: copy, r6: list } = output;
    assert.match(put!['ETag'] as string, /^"[0-9a-f]{32}"$/);
    assert.equal(getText!['Body'], 'text data');
    assert.equal(getText!['ContentLength'], 9);
    assert.equal(getText!['ETag'], put!['ETag']);
    assert.match(getText!['LastModified'] as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    assert.ok(!('$metadata' in getText!));
    // A JSON Body is stored as its text, as Step Functions does.
    assert.equal(getJson!['Body'], '{"Dict":"Value"}');
    assert.ok((copy!['CopyObjectResult'] as { ETag: string }).ETag);
    const listed = (list!['Contents'] as Array<{ Key: string }>).map((c) => c.Key).sort();
    assert.deepEqual(listed, ['in/b.json', 'out/a.txt']);
    assert.equal(list!['KeyCount'], 2);
    // S3 itself has the copy.
    const copied = await local.s3Client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'out/a.txt' }));
    assert.equal(await copied.Body!.transformToString(), 'text data');
    assert.deepEqual(taskIds(events).slice(0, 2), [
      'TaskScheduled aws-sdk:s3 putObject',
      'TaskStarted aws-sdk:s3 putObject',
    ]);
  });

  it('a missing key is S3.NoSuchKeyException; a missing bucket S3.NoSuchBucketException', async () => {
    const key = await run(local.api, [
      { resource: sdkTask('s3', 'getObject'), parameters: { Bucket: BUCKET, Key: 'nope.json' } },
    ]);
    const failed = failure(key.events);
    assert.equal(failed.error, 'S3.NoSuchKeyException');
    assert.match(
      failed.cause!,
      /^The specified key does not exist\. \(Service: S3, Status Code: 404, Request ID: /,
    );
    assert.equal(failed.resourceType, 'aws-sdk:s3');
    assert.equal(failed.resource, 'getObject');
    const bucket = await run(local.api, [
      { resource: sdkTask('s3', 'listObjectsV2'), parameters: { Bucket: 'no-such-bucket' } },
    ]);
    assert.equal(failure(bucket.events).error, 'S3.NoSuchBucketException');
  });
});
