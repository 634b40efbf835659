// A Stepwise API whose EMR, EMR Serverless, DataBrew, MediaConvert, Bedrock and EKS calls go to one
// signed loopback server answering as those services do (aws-run-services.ts).
import { after, before } from 'node:test';
import type { Api } from '../api/harness.ts';
import { startApi } from '../api/harness.ts';
import type { ProtocolServer } from './aws-protocol-server.ts';
import { startProtocolServer } from './aws-protocol-server.ts';
import { RunServices } from './aws-run-services.ts';

const credentials = { accessKeyId: 'AKIDSTEPWISE', secretAccessKey: 'local-secret' };
const SERVICES = ['emr', 'emrserverless', 'databrew', 'mediaconvert', 'bedrock', 'eks', 'emrcontainers'];

async function startRunServicesApi(): Promise<{ api: Api; server: ProtocolServer }> {
  const services = new RunServices();
  const server = await startProtocolServer(
    credentials,
    (req) =>
      services.answer(req) ?? {
        status: 400,
        body: { __type: 'UnknownOperationException', message: req.target },
      },
  );
  const endpoints = Object.fromEntries(SERVICES.map((s) => [s, server.endpoint]));
  // Jobs are looked at every 10 ms here; the default is 5 s.
  const api = await startApi({ aws: { endpoints, credentials, pollIntervalSeconds: 0.01 } });
  return { api, server };
}

/** The same for a test file: started before its tests, closed after them. */
export function runServicesForTests(): { readonly api: Api; readonly server: ProtocolServer } {
  const started = {} as { api: Api; server: ProtocolServer };
  before(async () => {
    Object.assign(started, await startRunServicesApi());
  });
  after(async () => {
    await started.api.close();
    await started.server.close();
  });
  return started;
}
