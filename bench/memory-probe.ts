// Preloaded into a server by bench/parked.ts (through NODE_OPTIONS=--import): on SIGUSR2 it runs
// a full garbage collection and prints the process's memory on stderr, so that the heap figure is
// what is live. Nothing runs until asked: the sampling does not disturb what is measured.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

process.on('SIGUSR2', () => {
  gc();
  gc();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  process.stderr.write(
    `stepwise-memory-probe ${JSON.stringify({ rss, heapUsed, external, arrayBuffers })}\n`,
  );
});
