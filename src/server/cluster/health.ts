import { request } from 'node:http';
import type { Store } from '../../store/index.ts';
import { leaderAddress } from './forward-to-leader.ts';
import { within } from './within.ts';

/** How long the leader's probe of its own runtime (a store read, the last commit) may take. */
const RUNTIME_PROBE_MS = 2_000;
/** How long a standby waits for the leader's `/health`: longer than the leader's own probe. */
const LEADER_PROBE_MS = 3_000;

/** What `GET /health` answers: 200 when `status` is ok, else 503 (a load balancer's signal). */
export interface Health {
  readonly status: 'ok' | 'unavailable';
  readonly role: 'leader' | 'standby';
  /** What is wrong, when something is. */
  readonly problem?: string;
  /** A standby's view of the leader it forwards to. */
  readonly leader?: { readonly url?: string; readonly reachable: boolean };
}

/**
 * A leader is healthy when its runtime serves: a read of the store and the commit of what was
 * written so far both finish within a bound. A process that answers HTTP but whose store hangs
 * (a database that went silent) is not.
 */
export async function leaderHealth(probe: () => Promise<unknown>): Promise<Health> {
  try {
    await within(RUNTIME_PROBE_MS, 'the store', probe());
    return { status: 'ok', role: 'leader' };
  } catch (e) {
    return { status: 'unavailable', role: 'leader', problem: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * A standby is healthy when it can reach a leader that says it is healthy: otherwise the calls
 * it forwards fail, and a load balancer should know.
 */
export async function standbyHealth(store: Store): Promise<Health> {
  let url: string | undefined;
  try {
    url = (await within(RUNTIME_PROBE_MS, 'the store', leaderAddress(store)))?.url;
    if (url === undefined) throw new Error('no leader has published its address yet');
    const answer = await within(LEADER_PROBE_MS, `the leader at ${url}`, getHealth(new URL('/health', url)));
    if (answer.statusCode !== 200) {
      throw new Error(`the leader at ${url} reports a problem: ${answer.problem ?? answer.statusCode}`);
    }
    return { status: 'ok', role: 'standby', leader: { url, reachable: true } };
  } catch (e) {
    return {
      status: 'unavailable',
      role: 'standby',
      problem: e instanceof Error ? e.message : String(e),
      leader: { ...(url === undefined ? {} : { url }), reachable: false },
    };
  }
}

/** GET /health of another server: its status code and, if any, the problem it names. */
function getHealth(url: URL): Promise<{ statusCode: number | undefined; problem: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        let problem: string | undefined;
        try {
          const p = (JSON.parse(body) as { problem?: unknown }).problem;
          problem = typeof p === 'string' ? p : undefined;
        } catch {
          problem = undefined;
        }
        resolve({ statusCode: res.statusCode, problem });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    // A leader that never answers: the caller's bound gives up; the socket goes too.
    req.setTimeout(LEADER_PROBE_MS, () =>
      req.destroy(new Error(`the leader at ${url.origin} did not answer`)),
    );
    req.end();
  });
}
