#!/usr/bin/env node
// The entry point: only the collector's threads are chosen and Node's compile cache is turned on
// before the CLI is loaded. Its static imports are compiled before any line of the module that
// names them runs, so the CLI comes after, by import(). With the cache, a start reads the compiled
// code (and the TypeScript already stripped of its types) of ~750 modules instead of compiling
// them again: about half the CPU of a `stepwise serve` start (bench/parked.ts).
// NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import { enableCompileCache } from 'node:module';
import { availableParallelism } from 'node:os';
import { singleThreadedGcRelaunch } from './gc-threads.ts';

// On one CPU, the same process starts again at once with V8's collector on its main thread
// (gc-threads.ts): execve keeps its PID, its standard streams and its environment.
const relaunch = singleThreadedGcRelaunch(
  availableParallelism(),
  process.execArgv,
  process.env['NODE_OPTIONS'],
  process.argv,
);
if (relaunch) {
  try {
    process.execve?.(process.execPath, [process.execPath, ...relaunch]);
  } catch {
    // Windows has no execve (it throws), and a Node before 22.15 none at all; or Node's
    // executable could not be run again (replaced by an upgrade, say): go on as it is.
  }
}

enableCompileCache();
await import('./cli.ts');
