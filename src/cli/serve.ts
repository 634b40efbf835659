import { flushCompileCache } from 'node:module';
import { resolve } from 'node:path';
import type { FlagNames, RunningServer, Settings } from '../server/index.ts';
import { loadSettings, startServer } from '../server/index.ts';
import { banner } from './banner.ts';
import { withBucketsDir } from './buckets-dir.ts';
import { CliError, wholeNumber } from './cli-error.ts';

const FLAGS: FlagNames = {
  host: '--host',
  port: '--port',
  dataDir: '--data-dir',
  store: '--store',
  functionModules: '--functions',
  parkAfterSeconds: '--park-after',
  advertiseUrl: '--advertise-url',
  cors: '--cors-origin',
  allowedHosts: '--allowed-host',
};

/** Start-up failures the user can fix, said with what to do. */
function explainStartFailure(e: unknown, settings: Settings): never {
  const err = e as { code?: string; message?: string };
  const message = err.message ?? String(e);
  if (err.code === 'EADDRINUSE') {
    throw new CliError(
      `port ${settings.port} on ${settings.host} is in use (another Stepwise?): stop it or choose another port with --port`,
      1,
    );
  }
  if (
    settings.store === 'sqlite' &&
    /unable to open database|SQLITE_CANTOPEN|EACCES|EROFS|ENOTDIR|EEXIST|EPERM/.test(
      message + (err.code ?? ''),
    )
  ) {
    throw new CliError(
      `cannot write the SQLite store in data folder ${resolve(settings.dataDir)} (${err.code ?? message}): choose a writable folder with --data-dir or STEPWISE_DATA_DIR`,
      1,
    );
  }
  if (
    /^postgres/.test(settings.store) &&
    (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === '3D000' || err.code === '28P01')
  ) {
    throw new CliError(
      `cannot use PostgreSQL at ${settings.store.replace(/\/\/[^@/]*@/, '//…@')} (${err.code}: ${message}): check that it runs and the URL, or use --store sqlite`,
      1,
    );
  }
  throw e;
}

/** How long a shutdown may try to flush before the process exits anyway (it must take < 5 s). */
const SHUTDOWN_MS = 4000;

/**
 * `npm start` runs the server under `sh -c`; npm forwards a kill to the shell, which dies without
 * passing it on. A server whose parent is gone stops rather than hold the port as an orphan.
 */
function stopWithParent(stop: () => void): void {
  if (process.env['npm_lifecycle_event'] === undefined) return;
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 500).unref();
}

export async function serveCommand(
  flags: {
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
    'buckets-dir'?: string | undefined;
  },
  version: string,
): Promise<number> {
  const park = flags['park-after'];
  const loaded = loadSettings(
    {
      host: flags.host,
      port: wholeNumber('--port', flags.port, 0, 65535),
      dataDir: flags['data-dir'],
      store: flags.store,
      functionModules: flags.functions,
      examples: flags['no-examples'] ? false : undefined,
      parkAfterSeconds: park === undefined ? undefined : park.trim() === '' ? Number.NaN : Number(park),
      advertiseUrl: flags['advertise-url'],
      cors: flags['cors-origin'] && { allowedOrigins: flags['cors-origin'] },
      allowedHosts: flags['allowed-host'],
    },
    process.cwd(),
    process.env,
    FLAGS,
  );
  const settings = withBucketsDir(loaded, flags['buckets-dir']);
  let running: RunningServer;
  try {
    running = await startServer(settings);
  } catch (e) {
    explainStartFailure(e, settings);
  }
  process.stdout.write(await banner(settings, running, version));
  // A server is often killed rather than stopped, and Node writes its compile cache (main.ts) at
  // exit: written now, the next start finds the modules it loaded already compiled.
  flushCompileCache();
  if (running.leadership !== undefined && !running.leadership.leading) {
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
  stopWithParent(stop);
  return new Promise<number>(() => {});
}
