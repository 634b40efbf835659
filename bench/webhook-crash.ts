// Status-change webhooks under a crash (a benchmark, not a test): a real server process runs
// Standard executions (a Wait of 5 s) with a webhook to a receiver here that fails every 4th
// request; the server is killed with SIGKILL as soon as every start is acknowledged, while executions wait and events
// are queued, then started
// again on the same store. Every acknowledged execution's RUNNING and SUCCEEDED must arrive
// (at least once, in order): exit code 1 if any is lost or out of order.
//
//   npm run bench:webhooks                      200 executions
//   npm run bench:webhooks -- --executions 500
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, killServer, startServerProcess } from '../test/support/server-process.ts';
import { onLoopback } from '../test/support/loopback.ts';

const args = process.argv.slice(2);
const executions = Number(args.includes('--executions') ? args[args.indexOf('--executions') + 1] : 200);
const NAP = JSON.stringify({ StartAt: 'Nap', States: { Nap: { Type: 'Wait', Seconds: 5, End: true } } });

const seen = new Map<string, string[]>();
let requests = 0;
let deliveries = 0;
const receiver = await onLoopback(
  createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (requests++ % 4 === 3) return void res.writeHead(500).end();
      deliveries++;
      const { detail } = JSON.parse(body) as { detail: { executionArn: string; status: string } };
      const list = seen.get(detail.executionArn) ?? [];
      list.push(detail.status);
      seen.set(detail.executionArn, list);
      res.writeHead(200).end();
    });
  }),
);
const dir = mkdtempSync(join(tmpdir(), 'stepwise-webhook-crash-'));
writeFileSync(
  join(dir, 'stepwise.config.json'),
  JSON.stringify({ triggers: { webhooks: [{ name: 'bench', url: receiver.url, secret: 'bench' }] } }),
);
const serve = () => startServerProcess(['--data-dir', join(dir, 'data')], {}, { cwd: dir });
let server = await serve();
const { json } = await callApi(server.url, 'CreateStateMachine', {
  name: 'Nap',
  definition: NAP,
  roleArn: 'arn:aws:iam::123456789012:role/r',
});
const acknowledged: string[] = [];
await Promise.all(
  Array.from({ length: executions }, async (_, i) => {
    const r = await callApi(server.url, 'StartExecution', {
      stateMachineArn: json['stateMachineArn'],
      name: `n${i}`,
    });
    if (r.status === 200) acknowledged.push(String(r.json['executionArn']));
  }),
);
const beforeKill = deliveries;
await killServer(server);
const restarted = Date.now();
server = await serve();
const complete = (): boolean =>
  acknowledged.every((arn) => {
    const s = (seen.get(arn) ?? []).filter((x, i, all) => all[i - 1] !== x);
    return s.join() === 'RUNNING,SUCCEEDED';
  });
while (!complete() && Date.now() - restarted < 180_000)
  await new Promise((resolve) => setTimeout(resolve, 100));
const drainedMs = Date.now() - restarted;
await killServer(server, 'SIGINT');
await receiver.close();
rmSync(dir, { recursive: true, force: true });
const lost = acknowledged.filter(
  (arn) => !(seen.get(arn) ?? []).includes('SUCCEEDED') || !(seen.get(arn) ?? []).includes('RUNNING'),
);
const disordered = acknowledged.filter((arn) => {
  const s = (seen.get(arn) ?? []).filter((x, i, all) => all[i - 1] !== x);
  return s.length > 0 && s.join() !== 'RUNNING,SUCCEEDED' && s.join() !== 'RUNNING';
});
const expected = acknowledged.length * 2;
const unique = [...seen.values()].reduce((n, s) => n + new Set(s).size, 0);
console.log(
  `executions ${acknowledged.length}  events expected ${expected}  delivered ${deliveries} (${beforeKill} before the kill)  ` +
    `duplicates ${deliveries - unique}  refused by the receiver ${requests - deliveries}  ` +
    `lost ${lost.length}  out of order ${disordered.length}  all delivered ${(drainedMs / 1000).toFixed(1)} s after the restart`,
);
process.exit(lost.length + disordered.length > 0 ? 1 : 0);
