#!/usr/bin/env node
// The entry point: only Node's compile cache is turned on before the CLI is loaded. Its static
// imports are compiled before any line of the module that names them runs, so the CLI comes
// after, by import(). With the cache, a start reads the compiled code (and the TypeScript
// already stripped of its types) of ~750 modules instead of compiling them again: about half the
// CPU of a `stepwise serve` start (bench/parked.ts). NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./cli.ts');
