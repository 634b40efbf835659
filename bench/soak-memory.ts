// Preloaded into the server by the soak benchmark (bench/soak.ts, through NODE_OPTIONS=--import):
// prints the process's RSS and heap, after a full garbage collection so that the heap figure is
// what is live, every STEPWISE_SOAK_SAMPLE_MS on stderr.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const every = Number(process.env['STEPWISE_SOAK_SAMPLE_MS'] ?? 5000);
const began = Date.now();

const sample = (): void => {
  gc();
  const { rss, heapUsed, external } = process.memoryUsage();
  process.stderr.write(
    `stepwise-soak-memory ${JSON.stringify({ t: Date.now() - began, rss, heapUsed, external })}\n`,
  );
};
setInterval(sample, every).unref();
