// A loopback HTTPS server speaking the part of the Kubernetes API that eks:call and eks:runJob
// use: batch/v1 Jobs (create, read, delete), Pods (list by label, read log) and any other path
// answered 404 as Kubernetes does. Its TLS certificate is a fixed test one (kube-tls/, made with
// openssl for localhost and 127.0.0.1, valid until 2126), signed by kube-tls/ca.pem. Every request
// must carry a bearer token for this cluster (eks-token-check.ts), else it is answered 401. A Job
// moves one step further at each read: active, then Complete, or Failed when its name has "fail"
// in it; one with "forever" in its name never ends.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { checkEksToken } from './eks-token-check.ts';
import { onLoopback } from './loopback.ts';

type Body = Record<string, unknown>;
type KeyPair = { accessKeyId: string; secretAccessKey: string };

const tls = (name: string) => readFileSync(new URL(`./kube-tls/${name}`, import.meta.url), 'utf8');
/** The cluster's CA as a task's `CertificateAuthority` gives it: base64 of the PEM. */
export const CLUSTER_CA = Buffer.from(tls('ca.pem')).toString('base64');
/** A CA that did not sign the server's certificate. */
export const OTHER_CA = Buffer.from(tls('other-ca.pem')).toString('base64');

export interface KubeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly contentType: string | undefined;
  readonly tokenError: string | undefined;
}

export interface KubeServer {
  /** `https://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly requests: KubeRequest[];
  close(): Promise<void>;
}

const status = (code: number, reason: string, message: string): Body => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
});

export async function startKubeServer(cluster: string, key: KeyPair): Promise<KubeServer> {
  const requests: KubeRequest[] = [];
  const jobs = new Map<string, { job: Body; reads: number }>();
  let uid = 0;

  const answer = (r: KubeRequest): [number, Body | string] => {
    if (r.tokenError) return [401, status(401, 'Unauthorized', 'Unauthorized')];
    const p = r.path.split('/').slice(1).map(decodeURIComponent);
    // /apis/batch/v1/namespaces/{ns}/jobs[/{name}]
    if (p[0] === 'apis' && p[1] === 'batch' && p[3] === 'namespaces' && p[5] === 'jobs') {
      const ns = p[4]!;
      if (r.method === 'POST' && p.length === 6) {
        const job = r.body as Body;
        const meta = (job['metadata'] ?? {}) as Body;
        const prefix = typeof meta['generateName'] === 'string' ? meta['generateName'] : 'job-';
        const name = typeof meta['name'] === 'string' ? meta['name'] : `${prefix}${++uid}`;
        if (jobs.has(`${ns}/${name}`)) {
          return [409, status(409, 'AlreadyExists', `jobs.batch "${name}" already exists`)];
        }
        const created = {
          ...job,
          metadata: { ...meta, name, namespace: ns, uid: `uid-${++uid}` },
          status: {},
        };
        jobs.set(`${ns}/${name}`, { job: created, reads: 0 });
        return [201, created];
      }
      const entry = jobs.get(`${ns}/${p[6]}`);
      if (!entry) return [404, status(404, 'NotFound', `jobs.batch "${p[6]}" not found`)];
      if (r.method === 'DELETE') {
        jobs.delete(`${ns}/${p[6]}`);
        return [200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' }];
      }
      const name = p[6]!;
      entry.reads++;
      const done = entry.reads >= 2 && !name.includes('forever');
      const failed = name.includes('fail');
      entry.job['status'] = !done
        ? { active: 1, startTime: '2026-01-01T00:00:00Z' }
        : failed
          ? { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] }
          : { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] };
      return [200, entry.job];
    }
    // /api/v1/namespaces/{ns}/pods[/{pod}/log]
    if (p[0] === 'api' && p[2] === 'namespaces' && p[4] === 'pods') {
      if (p[6] === 'log') {
        const container = r.query.get('container') ?? '';
        if (container.startsWith('json'))
          return [200, JSON.stringify({ container, tail: r.query.get('tailLines') })];
        return [200, `hello from ${container}\n`];
      }
      const selector = r.query.get('labelSelector') ?? '';
      const items = [...jobs.values()]
        .filter(({ job }) => selector === `controller-uid=${String((job['metadata'] as Body)['uid'])}`)
        .map(({ job }) => ({
          metadata: { name: `${String((job['metadata'] as Body)['name'])}-pod` },
          spec: ((job['spec'] as Body)['template'] as Body)['spec'],
        }));
      return [200, { kind: 'PodList', apiVersion: 'v1', items }];
    }
    return [404, status(404, 'NotFound', 'the server could not find the requested resource')];
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const text = Buffer.concat(chunks).toString('utf8');
      const request: KubeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        body: text ? (JSON.parse(text) as unknown) : undefined,
        contentType: req.headers['content-type'],
        tokenError: checkEksToken(req.headers.authorization, cluster, key).error,
      };
      requests.push(request);
      const [code, body] = answer(request);
      const plain = typeof body === 'string';
      res.writeHead(code, { 'content-type': plain ? 'text/plain' : 'application/json' });
      res.end(plain ? body : JSON.stringify(body));
    });
  };
  const server = createServer({ key: tls('server.key'), cert: tls('server.pem') }, handle);
  const { url, close } = await onLoopback(server);
  return { endpoint: url.replace(/^http:/, 'https:'), requests, close };
}
