import { loadSettings } from '../config/index.ts';
import { startServer } from '../server.ts';

export async function serveCommand(flags: {
  host?: string | undefined;
  port?: string | undefined;
  'data-dir'?: string | undefined;
  store?: string | undefined;
  functions?: string[] | undefined;
  'no-examples'?: boolean | undefined;
  'park-after'?: string | undefined;
  'advertise-url'?: string | undefined;
  'cors-origin'?: string[] | undefined;
  'allowed-host'?: string[] | undefined;
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
    cors: flags['cors-origin'] && { allowedOrigins: flags['cors-origin'] },
    allowedHosts: flags['allowed-host'],
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
      '\n' +
      (settings.cors?.allowedOrigins.includes('*')
        ? '  Warning: CORS allows every origin (*): any web page you visit can call this server.\n'
        : ''),
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
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}
