#!/usr/bin/env -S node --max-semi-space-size=4
// The installed command runs the compiled CLI (Node does not strip types under node_modules).
// Semi-spaces of at most 4 MB: V8 would grow the young generation to 64 MB, whose scavenges stop
// a busy server for ~8-9 ms each and set its p99, and which most of a process's RSS then is
// (README, Benchmarks). At 4 MB rather than 8, each Standard workload's peak RSS is 7-11 MB
// lower for 1-5% more instructions. It must be given at start: V8 does not resize it later
// (v8.setFlagsFromString).
import '../dist/cli/main.js';
