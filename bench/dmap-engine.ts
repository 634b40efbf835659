// The engine side of bench/distributed-map.ts, in a process of its own so that its peak RSS is the
// engine's alone (the CSV's upload and the result checks use the AWS SDK in the parent). It runs
// compiled to JavaScript (compiled.ts) and prints one JSON line: timings, memory and the outcome.
//
//   node --expose-gc --max-old-space-size=256 dmap-engine.js ENDPOINT DEFINITION_JSON
import { loadavg } from 'node:os';
import { Engine } from '../src/engine/index.ts';
import { Integrations } from '../src/integrations/drivers.ts';
import { benchClock, benchEntropy } from './bench-clock.ts';

const [endpoint, definition] = process.argv.slice(2);
if (!endpoint || !definition) throw new Error('usage: dmap-engine ENDPOINT DEFINITION_JSON');
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

const integrations = new Integrations({
  region: 'us-east-1',
  account: '123456789012',
  aws: { region: 'us-east-1', endpoints: { s3: endpoint }, credentials },
});
const engine = new Engine({
  clock: benchClock(),
  entropy: benchEntropy,
  tasks: integrations,
  region: 'us-east-1',
  account: '123456789012',
});
const { stateMachineArn } = engine.createStateMachine({
  name: 'dmap-bench',
  definition,
  roleArn: 'arn:aws:iam::123456789012:role/bench',
});
global.gc?.();
const before = process.memoryUsage().rss;
let peak = before;
let heapPeak = 0;
let externalPeak = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  heapPeak = Math.max(heapPeak, m.heapUsed);
  externalPeak = Math.max(externalPeak, m.external);
}, 20);
const load = loadavg()[0] ?? 0;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const { executionArn } = engine.startExecution({ stateMachineArn });
const done = await engine.waitForExecution(executionArn);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const heapAtEnd = process.memoryUsage().heapUsed;
global.gc?.();
const [run] = engine.listMapRuns(executionArn);
console.log(
  JSON.stringify({
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    load,
    rss: { before, peak },
    heap: { peak: heapPeak, atEnd: heapAtEnd, kept: process.memoryUsage().heapUsed },
    externalPeak,
    status: done.status,
    error: done.error,
    cause: done.cause,
    output: done.output,
    mapRunArn: run?.mapRunArn,
    succeeded: run?.itemCounts.succeeded ?? 0,
  }),
);
await engine.close();
