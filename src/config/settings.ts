import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IntegrationSettings } from '../integrations/index.ts';
import type { ConfigFile, TriggerSettings } from './schema.ts';
import { checkConfig, keyOfFile } from './check-config.ts';
import { ConfigError } from './config-error.ts';
import { parseJsonText } from './json-text.ts';

/** Everything `stepwise serve` can be told, after file, environment and flags are merged. */
export interface Settings {
  readonly host: string;
  readonly port: number;
  readonly region: string;
  readonly account: string;
  readonly dataDir: string;
  /**
   * `sqlite` (the default: a file in `dataDir`), `postgres://…` for a shared PostgreSQL, or
   * `memory` (nothing survives a restart).
   */
  readonly store: string;
  /** Modules exporting `functions` (name -> handler): local Lambda functions. */
  readonly functionModules: readonly string[];
  /** Load the bundled example workflows at start. */
  readonly examples: boolean;
  /**
   * An execution whose every branch waits at least this long (a Wait state, a Retry interval) is
   * parked as a timer row in the store and holds no memory until it is due.
   */
  readonly parkAfterSeconds?: number;
  /**
   * The address other servers on the same store forward API calls to while this one leads;
   * `http://127.0.0.1:<port>` when it listens on localhost or on every interface.
   */
  readonly advertiseUrl?: string;
  /**
   * On PostgreSQL: every server drives executions, each the ones whose lease it holds, and takes
   * over those of a server that dies (DESIGN.md decision 6). Off: one leader drives them all.
   */
  readonly scaleOut?: boolean;
  /**
   * With `scaleOut`: servers wake each other with PostgreSQL NOTIFY (a message for an execution,
   * leases handed back). Off, they find that work by polling alone (every 0.5 s). On by default.
   */
  readonly scaleOutNotify?: boolean;
  /** Task integrations: HTTP allow-list, timeouts and connections, remote Lambda, … */
  readonly integrations?: IntegrationSettings;
  /**
   * Key pairs whose AWS Signature V4 the API requires; empty (the default) accepts any
   * credentials, for local use.
   */
  readonly credentials?: ReadonlyArray<{ readonly accessKeyId: string; readonly secretAccessKey: string }>;
  /**
   * Origins (`https://app.example.com`) whose web pages may call the API from a browser, besides
   * the console's own origin and loopback origins (the console's dev server); `*` allows any page
   * on the web to drive this server and is only for a server that requires request signing.
   */
  readonly cors?: { readonly allowedOrigins: readonly string[] };
  /**
   * Host names (`stepwise.internal`, `.example.com` for every subdomain) requests may be addressed
   * to, besides loopback names, IP addresses and the advertised URL's: a check against DNS
   * rebinding, by which a web page reaches a server on the visitor's machine under its own name.
   */
  readonly allowedHosts?: readonly string[];
  /** Schedules, status-change webhooks and HTTP triggers (triggers/). */
  readonly triggers?: TriggerSettings;
  /** Metrics, execution logs and traces. */
  readonly observability?: ObservabilitySettings;
}

/**
 * Standard output as JSON lines, a file rotated when it reaches `maxBytes`, or an OpenTelemetry
 * collector's OTLP/HTTP logs endpoint (`http://host:4318/v1/logs`; a bare `http://host:4318`
 * gets `/v1/logs`), one log record a line.
 */
export type LogDestination =
  | 'stdout'
  | { readonly file: string; readonly maxBytes?: number | undefined; readonly maxFiles?: number | undefined }
  | { readonly otlp: string };

/** Metrics, execution logs and traces (src/observability/). */
export interface ObservabilitySettings {
  /** `GET /metrics` in Prometheus format (default on). */
  readonly metrics?: boolean | undefined;
  readonly logs?:
    | {
        /** Where execution logs go unless their log group is mapped below (default stdout). */
        readonly destination?: LogDestination | undefined;
        /**
         * A state machine's `loggingConfiguration.destinations` log group ARN (as given, or
         * without its `:*`) -> where its execution logs go.
         */
        readonly logGroups?: Readonly<Record<string, LogDestination>> | undefined;
      }
    | undefined;
  /** OTLP/HTTP traces (also `OTEL_EXPORTER_OTLP_ENDPOINT`); none are exported without one. */
  readonly tracing?: { readonly endpoint?: string | undefined } | undefined;
}

export const DEFAULTS: Settings = {
  host: 'localhost',
  port: 8083,
  region: 'us-east-1',
  account: '123456789012',
  dataDir: './.stepwise',
  store: 'sqlite',
  functionModules: [],
  examples: true,
};

const CONFIG_FILE = 'stepwise.config.json';

const ENV_NAMES: Readonly<Record<string, string>> = {
  host: 'STEPWISE_HOST',
  port: 'STEPWISE_PORT',
  region: 'STEPWISE_REGION',
  account: 'STEPWISE_ACCOUNT',
  dataDir: 'STEPWISE_DATA_DIR',
  store: 'STEPWISE_STORE',
  advertiseUrl: 'STEPWISE_ADVERTISE_URL',
  scaleOut: 'STEPWISE_SCALE_OUT',
  scaleOutNotify: 'STEPWISE_SCALE_OUT_NOTIFY',
  parkAfterSeconds: 'STEPWISE_PARK_AFTER_SECONDS',
  credentials: 'STEPWISE_ACCESS_KEY_ID',
  integrations: 'SFN_MOCK_CONFIG',
  cors: 'STEPWISE_CORS_ALLOWED_ORIGINS',
  allowedHosts: 'STEPWISE_ALLOWED_HOSTS',
  observability: 'STEPWISE_METRICS, STEPWISE_EXECUTION_LOGS or OTEL_EXPORTER_OTLP_ENDPOINT',
};

/** The checked file as settings: the schema has made sure each function is one kind or the other. */
function asSettings(file: ConfigFile): Partial<Settings> {
  const { $schema: _, integrations, ...rest } = file;
  if (!integrations) return rest;
  const { lambda, ...others } = integrations;
  if (!lambda) return { ...rest, integrations: others };
  const { functions, ...remote } = lambda;
  const typed = Object.fromEntries(
    Object.entries(functions ?? {}).map(([name, { handler, command, ...fn }]) => [
      name,
      command ? { ...fn, command } : { ...fn, handler: handler ?? '' },
    ]),
  );
  return { ...rest, integrations: { ...others, lambda: { ...remote, functions: typed } } };
}

function fromFile(cwd: string): Partial<Settings> {
  const file = resolve(cwd, CONFIG_FILE);
  if (!existsSync(file)) return {};
  const raw = parseJsonText(readFileSync(file, 'utf8'), file);
  return asSettings(checkConfig(raw, keyOfFile(file)));
}

/** A number from a variable; one that is not names the variable and its text. */
function number(env: NodeJS.ProcessEnv, name: string): number {
  const text = env[name] ?? '';
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n))
    throw new ConfigError([`${name}: expected a number, got '${text}'`]);
  return n;
}

function fromEnv(env: NodeJS.ProcessEnv): Partial<Settings> {
  const out: Record<string, unknown> = {};
  if (env['STEPWISE_HOST']) out['host'] = env['STEPWISE_HOST'];
  if (env['STEPWISE_PORT']) out['port'] = number(env, 'STEPWISE_PORT');
  if (env['STEPWISE_REGION']) out['region'] = env['STEPWISE_REGION'];
  if (env['STEPWISE_ACCOUNT']) out['account'] = env['STEPWISE_ACCOUNT'];
  if (env['STEPWISE_DATA_DIR']) out['dataDir'] = env['STEPWISE_DATA_DIR'];
  const accessKeyId = env['STEPWISE_ACCESS_KEY_ID'];
  const secretAccessKey = env['STEPWISE_SECRET_ACCESS_KEY'];
  if (accessKeyId && secretAccessKey) out['credentials'] = [{ accessKeyId, secretAccessKey }];
  if (env['STEPWISE_STORE']) out['store'] = env['STEPWISE_STORE'];
  if (env['STEPWISE_ADVERTISE_URL']) out['advertiseUrl'] = env['STEPWISE_ADVERTISE_URL'];
  if (env['STEPWISE_SCALE_OUT']) out['scaleOut'] = env['STEPWISE_SCALE_OUT'] === '1';
  if (env['STEPWISE_SCALE_OUT_NOTIFY']) out['scaleOutNotify'] = env['STEPWISE_SCALE_OUT_NOTIFY'] !== '0';
  if (env['STEPWISE_PARK_AFTER_SECONDS'])
    out['parkAfterSeconds'] = number(env, 'STEPWISE_PARK_AFTER_SECONDS');
  const origins = list(env['STEPWISE_CORS_ALLOWED_ORIGINS']);
  if (origins) out['cors'] = { allowedOrigins: origins };
  const hosts = list(env['STEPWISE_ALLOWED_HOSTS']);
  if (hosts) out['allowedHosts'] = hosts;
  const observed = observabilityFromEnv(env);
  if (observed) out['observability'] = observed;
  return asSettings(checkConfig(out, (path) => ENV_NAMES[String(path[0])] ?? String(path[0])));
}

/**
 * STEPWISE_METRICS=false turns `GET /metrics` off; STEPWISE_EXECUTION_LOGS is where execution logs
 * go (`stdout`, a file, or an OTLP/HTTP logs endpoint's `http(s)://` URL); OTEL_EXPORTER_OTLP_ENDPOINT
 * (OpenTelemetry's own variable) turns traces on.
 */
function observabilityFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const metrics = env['STEPWISE_METRICS'];
  if (metrics) out['metrics'] = !/^(false|0|off|no)$/i.test(metrics.trim());
  const logs = env['STEPWISE_EXECUTION_LOGS'];
  if (logs) {
    const destination =
      logs === 'stdout' ? 'stdout' : /^https?:\/\//.test(logs) ? { otlp: logs } : { file: logs };
    out['logs'] = { destination };
  }
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (endpoint) out['tracing'] = { endpoint };
  // The traces-only variable is read by the exporter itself.
  else if (env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) out['tracing'] = {};
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A comma-separated environment variable as a list; unset or blank: undefined. */
function list(value: string | undefined): string[] | undefined {
  const items = (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}

/** Names of the command-line flags, for messages about their values. */
export type FlagNames = Readonly<Partial<Record<keyof Settings, string>>>;

/**
 * Configuration precedence (DESIGN.md): file < environment < flags. Each source is checked
 * against the schema; a ConfigError names every problem.
 */
export function loadSettings(
  flags: Partial<Settings>,
  cwd = process.cwd(),
  env = process.env,
  flagNames: FlagNames = {},
): Settings {
  const file = fromFile(cwd);
  const environment = fromEnv(env);
  const merged: Record<string, unknown> = { ...DEFAULTS, ...file, ...environment };
  // The environment sets parts of observability; the file's other parts stay.
  if (file.observability && environment.observability)
    merged['observability'] = { ...file.observability, ...environment.observability };
  // Step Functions Local's variable for the mock file (SFN_MOCK_CONFIG) works here too.
  const mockFile = env['SFN_MOCK_CONFIG'];
  if (mockFile) merged['integrations'] = { ...(merged['integrations'] ?? {}), mockConfigFile: mockFile };
  const given = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  checkConfig(given, (path) => flagNames[String(path[0]) as keyof Settings] ?? String(path[0]));
  return { ...merged, ...given } as unknown as Settings;
}
