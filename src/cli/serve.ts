import { loadSettings } from '../config/index.ts';
import { startServer } from '../server.ts';

/** How long a shutdown may try to flush before the process exits anyway (it must take < 5 s). */
const SHUTDOWN_MS = 4000;

export async function serveCommand(flags: {
  host?: string | undefined;
  port?: string | undefined;
  'data-dir'?: string | undefined;
  store?: string | undefined;
  functions?: string[] | undefined;
  'no-examples'?: boolean | undefined;
  'park-after'?: string | undefined;
  'advertise-url'?: string | undefined;
}): Promise<number> {
  const settings = loadSettings({
    host: flags.host,
    port: flags.port === undefined ? undefined : Number(flags.port),
    dataDir: flags['data-dir'],
    store: flags.store,
    functionModules: flags.functions,
    examples: flags['no-examples'] ? false : undefined,
    parkAfterSeconds: flags['park-after'] === undefined ? undefined : Number(flags['park-after']),
    advertiseUrl: flags['advertise-url'],
  });
  const park = settings.parkAfterSeconds;
  if (park !== undefined && !(Number.isFinite(park) && park >= 0)) {
    process.stderr.write(`stepwise: park-after must be a number of seconds, 0 or more (got ${park})\n`);
    return 2;
  }
  const running = await startServer(settings);
  const machines = running.engine.listStateMachines().map((m) => m.name);
  const leadership = running.leadership;
  const standby = leadership !== undefined && !leadership.leading;
  process.stdout.write(
    `Stepwise listening on ${running.url}\n` +
      `  API:     POST ${running.url}/ (AWS Step Functions JSON 1.0; e.g. aws --endpoint-url ${running.url} stepfunctions list-state-machines)\n` +
      (machines.length ? `  Loaded:  ${machines.join(', ')}\n` : '') +
      (standby
        ? '  Standby: another server leads on this store; API calls are forwarded to it, and this\n' +
          '           server takes over if it stops.\n'
        : '') +
      `  Store:   ${settings.store === 'sqlite' ? `sqlite in ${settings.dataDir}` : settings.store.replace(/\/\/[^@/]*@/, '//…@')}` +
      (running.resumed ? `; resumed ${running.resumed} open executions` : '') +
      (running.parked ? `; ${running.parked} asleep on timers` : '') +
      '\n',
  );
  if (standby) {
    // A failed takeover is the server's to handle (it stands by again).
    running.leading.then(
      (found) =>
        process.stdout.write(
          `Now leading: resumed ${found.resumed} open executions; ${found.parked} asleep on timers\n`,
        ),
      () => {},
    );
  }
  let stopping = false;
  const stop = (): void => {
    // A second signal means now.
    if (stopping) process.exit(1);
    stopping = true;
    // Whatever the store does (away, wedged on a lock), the process is gone within 5 s: open
    // executions are in the store already and resume at the next start.
    setTimeout(() => {
      process.stderr.write('stepwise: the store did not finish in time; exiting anyway\n');
      process.exit(0);
    }, SHUTDOWN_MS).unref();
    running.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(
          `stepwise: shut down without a last commit (${e instanceof Error ? e.message : String(e)})\n`,
        );
        process.exit(0);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<number>(() => {});
}
