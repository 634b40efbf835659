import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentials } from '../task-roles.ts';
import { Sha256 } from '../sha256.ts';

/** How long a token is good for: the AWS CLI's `aws eks get-token` presigns for 60 seconds too. */
const EXPIRES_SECONDS = 60;

/**
 * The bearer token an EKS cluster's Kubernetes API accepts (aws-iam-authenticator's format, which
 * Step Functions uses for eks:call and eks:runJob): `k8s-aws-v1.` and the base64url (unpadded) of an
 * STS GetCallerIdentity URL presigned with Signature V4, whose signed headers include
 * `x-k8s-aws-id: <cluster name>`, so that the token is good for that cluster only. The cluster
 * calls the URL to learn who is calling.
 */
export async function eksToken(
  clusterName: string,
  region: string,
  credentials: () => Promise<AwsCredentials>,
  now: Date = new Date(),
): Promise<string> {
  const signer = new SignatureV4({ service: 'sts', region, credentials, sha256: Sha256 });
  const hostname = `sts.${region}.amazonaws.com`;
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, 'x-k8s-aws-id': clusterName },
    },
    { expiresIn: EXPIRES_SECONDS, signingDate: now },
  );
  const url = new URL(`https://${hostname}/`);
  for (const [name, value] of Object.entries(presigned.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== null) url.searchParams.append(name, v);
  }
  return `k8s-aws-v1.${Buffer.from(url.toString()).toString('base64url')}`;
}
