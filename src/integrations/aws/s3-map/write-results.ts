import type { ResultWriteRequest, ResultWriteResult } from '../../map-data.ts';
import type { AwsClients } from '../aws-clients.ts';
import { S3CallFailure, S3Objects } from './s3-objects.ts';

const PUT_OBJECT = /^arn:aws[a-z-]*:states:::s3:putObject$/;

/** Writes a Map Run's result files in order (the manifest last); their sizes in bytes. */
export async function writeResults(
  clients: AwsClients,
  request: ResultWriteRequest,
): Promise<ResultWriteResult> {
  if (!PUT_OBJECT.test(request.resource)) {
    return {
      ok: false,
      error: 'States.ResultWriterFailed',
      cause: `Stepwise cannot write results with '${request.resource}'.`,
    };
  }
  const s3 = new S3Objects(clients, request.signal);
  const sizes: number[] = [];
  try {
    for (const file of request.files) {
      await s3.put(request.bucket, file.key, file.body);
      sizes.push(Buffer.byteLength(file.body));
    }
  } catch (e) {
    if (e instanceof S3CallFailure)
      return { ok: false, error: 'States.ResultWriterFailed', cause: e.message };
    throw e;
  }
  return { ok: true, sizes };
}
