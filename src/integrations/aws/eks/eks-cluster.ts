import type { JsonObject } from '../../../asl/index.ts';
import type { TaskRequest, TaskResult } from '../../task-runner.ts';
import type { AwsClients } from '../aws-clients.ts';
import { sdkService } from '../sdk-services.ts';
import { taskRole } from '../task-roles.ts';
import { eksToken } from './eks-token.ts';
import type { KubeCluster } from './kube-api.ts';

type Failure = Extract<TaskResult, { ok: false }>;

export const runtime = (message: string): Failure => ({ ok: false, error: 'States.Runtime', cause: message });

/** A required text parameter, or the failure that names it. */
export function required(p: JsonObject, name: string): string | Failure {
  const v = p[name];
  return typeof v === 'string' && v !== '' ? v : runtime(`The field '${name}' is required.`);
}

/** The region of `https://<id>.<zone>.<region>.eks.amazonaws.com`, to sign the token for. */
const regionOf = (host: string): string | undefined => /\.([a-z0-9-]+)\.eks\.amazonaws\.com$/.exec(host)?.[1];

/**
 * The cluster that `ClusterName`, `CertificateAuthority` and `Endpoint` name (AWS guide,
 * connect-eks): its token is signed with the task's role (`Credentials.RoleArn`), else with the
 * credentials configured for `eks`.
 */
export function clusterOf(clients: AwsClients, request: TaskRequest, p: JsonObject): KubeCluster | Failure {
  const name = required(p, 'ClusterName');
  if (typeof name !== 'string') return name;
  const ca = required(p, 'CertificateAuthority');
  if (typeof ca !== 'string') return ca;
  const endpoint = required(p, 'Endpoint');
  if (typeof endpoint !== 'string') return endpoint;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`);
  } catch {
    return runtime("The value of the field 'Endpoint' has an invalid format");
  }
  const credentials = clients.signingCredentials('eks', sdkService('eks')!, taskRole(request));
  const region = regionOf(url.hostname) ?? clients.region;
  return {
    endpoint: url,
    ca: Buffer.from(ca, 'base64').toString('utf8'),
    token: () => eksToken(name, region, credentials),
  };
}
