import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import type { AwsClients, SdkModule } from '../aws-clients.ts';
import { AwsSetupError } from '../aws-clients.ts';
import { commandOf } from '../aws-sdk-task.ts';
import { sdkService } from '../sdk-services.ts';
import { serviceError } from '../service-error.ts';

/** A failed S3 call, worded as Step Functions words a service's answer in a Map Run's failure. */
export class S3CallFailure extends Error {}

/** The few S3 calls a distributed Map makes, through the configured S3 client. */
export class S3Objects {
  readonly #clients: AwsClients;
  readonly #signal: AbortSignal;

  constructor(clients: AwsClients, signal: AbortSignal) {
    this.#clients = clients;
    this.#signal = signal;
  }

  async send(action: string, input: object): Promise<Record<string, unknown>> {
    const service = sdkService('s3')!;
    let module: SdkModule | undefined;
    try {
      const loaded = await this.#clients.get('s3', service);
      module = loaded.module;
      const Command = commandOf(module, action);
      if (!Command) throw new AwsSetupError(`${service.packageName} has no action '${action}'.`);
      return await loaded.client.send(new Command(input), { abortSignal: this.#signal });
    } catch (e) {
      const answered = module && serviceError(e, module, service.client);
      if (answered) {
        throw new S3CallFailure(
          `${answered.message} (Service: S3, Status Code: ${answered.status ?? 0}, Error Code: ${answered.code}, Request ID: ${answered.requestId ?? ''})`,
        );
      }
      throw new S3CallFailure((e as Error).message || String(e));
    }
  }

  /** The object's text, chunk by chunk as it streams (gunzipped when `gzip`). */
  async *text(
    bucket: string,
    key: string,
    versionId: string | undefined,
    gzip = false,
  ): AsyncGenerator<string> {
    const out = await this.send('getObject', {
      Bucket: bucket,
      Key: key,
      ...(versionId ? { VersionId: versionId } : {}),
    });
    const body = out['Body'];
    if (!(body instanceof Readable)) throw new S3CallFailure(`The object s3://${bucket}/${key} has no body.`);
    const stream = gzip ? body.pipe(createGunzip()) : body;
    stream.setEncoding('utf8');
    for await (const chunk of stream) yield chunk as string;
  }

  /** The object's bytes, whole. */
  async bytes(bucket: string, key: string, versionId: string | undefined): Promise<Uint8Array> {
    const out = await this.send('getObject', {
      Bucket: bucket,
      Key: key,
      ...(versionId ? { VersionId: versionId } : {}),
    });
    const body = out['Body'] as { transformToByteArray?: () => Promise<Uint8Array> } | undefined;
    if (!body?.transformToByteArray) throw new S3CallFailure(`The object s3://${bucket}/${key} has no body.`);
    return body.transformToByteArray();
  }

  async whole(bucket: string, key: string, versionId?: string): Promise<string> {
    let text = '';
    for await (const chunk of this.text(bucket, key, versionId)) text += chunk;
    return text;
  }

  async put(bucket: string, key: string, body: string | Uint8Array): Promise<void> {
    await this.send('putObject', { Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' });
  }
}
