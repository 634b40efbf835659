import { relative } from 'node:path';
import type { RunningServer, Settings } from '../server/index.ts';
import { exportedFunctions } from '../server/index.ts';

const list = (names: readonly string[], max = 8): string =>
  names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;

/** Where each local function comes from: --functions modules, the configuration, the examples. */
async function functionsLine(settings: Settings, running: RunningServer): Promise<string> {
  const parts: string[] = [];
  const fromModules = new Set<string>();
  for (const file of settings.functionModules) {
    const names = Object.keys(await exportedFunctions(file));
    for (const n of names) fromModules.add(n);
    parts.push(`${list(names)} (${relative(process.cwd(), file) || file})`);
  }
  const configured = Object.keys(settings.integrations?.lambda?.functions ?? {});
  if (configured.length) parts.push(`${list(configured)} (stepwise.config.json)`);
  const examples = running.integrations.functions.names().filter((n) => !fromModules.has(n));
  if (examples.length) parts.push(`${list(examples, 4)} (the examples)`);
  const endpoint = settings.integrations?.lambda?.endpoint;
  if (endpoint) parts.push(`any other from the Lambda API at ${endpoint}`);
  return parts.length ? parts.join('; ') : 'none (give a module with --functions FILE)';
}

function storeLine(settings: Settings, running: RunningServer): string {
  const where =
    settings.store === 'sqlite'
      ? `sqlite in ${settings.dataDir}`
      : settings.store.replace(/\/\/[^@/]*@/, '//…@');
  return (
    where +
    (running.resumed ? `; resumed ${running.resumed} open executions` : '') +
    (running.parked ? `; ${running.parked} asleep on timers` : '')
  );
}

/** What `stepwise serve` prints once it listens: where to go and what it has loaded. */
export async function banner(settings: Settings, running: RunningServer, version: string): Promise<string> {
  const url = running.url;
  const machines = running.engine.listStateMachines().map((m) => m.name);
  const standby = running.leadership !== undefined && !running.leadership.leading;
  const keys = settings.credentials?.length ?? 0;
  const mocks = settings.integrations?.mockConfigFile;
  return (
    `Stepwise ${version} listening on ${url}\n` +
    `  Console:   ${url}/\n` +
    `  API:       POST ${url}/ (AWS Step Functions JSON 1.0; e.g. aws --endpoint-url ${url} stepfunctions list-state-machines)\n` +
    (machines.length ? `  Loaded:    ${list(machines)}\n` : '') +
    `  Functions: ${await functionsLine(settings, running)}\n` +
    (mocks ? `  Mocks:     ${mocks} (start stateMachineArn#TestCase to use one)\n` : '') +
    (running.localBuckets
      ? `  Buckets:   ${running.localBuckets.directory} served as S3 at ${running.localBuckets.endpoint} (S3 calls go there)\n`
      : '') +
    (running.leaseOwner
      ? `  Leases:    this server drives the executions it leases (${running.leaseOwner}); it answers every call\n`
      : '') +
    (standby && !running.leaseOwner
      ? '  Standby:   another server leads on this store; API calls are forwarded to it, and this\n' +
        '             server takes over if it stops.\n'
      : '') +
    `  Signing:   ${
      keys
        ? `on: API requests must be signed (AWS Signature V4) with one of ${keys} configured key(s)`
        : 'off: any credentials (or none) are accepted; configure "credentials" to require AWS Signature V4'
    }\n` +
    `  Store:     ${storeLine(settings, running)}\n` +
    (settings.cors?.allowedOrigins.includes('*')
      ? '  Warning: CORS allows every origin (*): any web page you visit can call this server.\n'
      : '')
  );
}
