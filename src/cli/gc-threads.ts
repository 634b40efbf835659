/**
 * Node's arguments (after its executable) to start the CLI again with V8's collector on the main
 * thread alone, or undefined to go on as it is. On one CPU (a container given one, a server pinned
 * with taskset) V8's helper threads for concurrent marking and parallel scavenges cannot run
 * beside the event loop: the OS takes the core from it for them, and those preemptions, on top of
 * the pauses, set the p99 (bench:http on one core, medians of 3 rounds: SQLite starts' p99 16.4 ms
 * at full load and 14.7 at half load, 7.75 and 7.42 with `--single-threaded-gc`, at the same
 * rate). With more CPUs the helpers run in parallel and are worth keeping (in-process Standard
 * workloads on 2 cores: up to 10% slower without them). A `--single-threaded-gc` or
 * `--no-single-threaded-gc` of the user's own (in Node's arguments or NODE_OPTIONS) is left as
 * it is.
 */
export function singleThreadedGcRelaunch(
  cpus: number,
  execArgv: readonly string[],
  nodeOptions: string | undefined,
  /** process.argv: Node's executable, the script, the CLI's arguments. */
  argv: readonly string[],
): string[] | undefined {
  if (cpus !== 1) return undefined;
  const chosen = /(^|\s)--(no-)?single[-_]threaded[-_]gc(\s|$)/;
  if (execArgv.some((a) => chosen.test(a)) || chosen.test(nodeOptions ?? '')) return undefined;
  return [...execArgv, '--single-threaded-gc', ...argv.slice(1)];
}
