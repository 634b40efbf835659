import type { ParseArgsOptionsConfig } from 'node:util';

/** One command of the CLI: what `stepwise <command> --help` prints and the options it takes. */
export interface CommandSpec {
  readonly usage: string;
  readonly summary: string;
  /** `--flag` -> help line. */
  readonly help: string;
  readonly options: ParseArgsOptionsConfig;
}

const endpoint = { endpoint: { type: 'string' } } as const;
const ENDPOINT_HELP = '  --endpoint URL        API endpoint (default http://localhost:8083)\n';

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  serve: {
    usage: 'stepwise serve [options]',
    summary: 'Start the Step Functions API server and console on http://localhost:8083',
    help:
      '  --host HOST           address to listen on (default localhost: 127.0.0.1 and ::1)\n' +
      '  --port PORT           port (default 8083)\n' +
      '  --data-dir DIR        where the SQLite store keeps its file (default ./.stepwise)\n' +
      '  --store STORE         sqlite (default), postgres://user@host/db, or memory\n' +
      "  --functions FILE      module exporting 'functions' (name -> handler); repeatable\n" +
      '  --no-examples         do not load the bundled example workflows\n' +
      '  --park-after SECONDS  park executions whose every branch waits this long (default 60)\n' +
      '  --advertise-url URL   where other servers on the same store reach this one while it leads\n' +
      '  --cors-origin ORIGIN  let web pages of ORIGIN call the API from a browser; repeatable\n' +
      '  --allowed-host NAME   accept requests addressed to NAME (DNS rebinding check); repeatable\n' +
      '  --buckets-dir DIR     serve DIR as S3 on loopback (its folders are buckets) and send S3 calls there\n',
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      store: { type: 'string' },
      functions: { type: 'string', multiple: true },
      'no-examples': { type: 'boolean' },
      'park-after': { type: 'string' },
      'advertise-url': { type: 'string' },
      'cors-origin': { type: 'string', multiple: true },
      'allowed-host': { type: 'string', multiple: true },
      'buckets-dir': { type: 'string' },
    },
  },
  'migrate-store': {
    usage: 'stepwise migrate-store --from sqlite:DIR --to postgres://user@host/db',
    summary: 'Copy a stopped store into an empty one (SQLite to PostgreSQL, to run several servers)',
    help:
      '  --from STORE          the store to copy: sqlite:DIR (sqlite alone: ./.stepwise) or postgres://…\n' +
      '  --to STORE            an empty store to copy into (no server may run on either)\n',
    options: { from: { type: 'string' }, to: { type: 'string' } },
  },
  run: {
    usage: 'stepwise run <definition> [options]',
    summary: 'Run a state machine once, in process, and print its output',
    help:
      '  --input JSON|@FILE    execution input (default {})\n' +
      '  --functions FILE      local Lambda functions; repeatable (also those of stepwise.config.json)\n' +
      '  --mock-config FILE    a Step Functions Local MockConfigFile\n' +
      '  --test-case NAME      the mock test case to run (StateMachines.<--name>.TestCases.NAME)\n' +
      '  --name NAME           the state machine name (default: the file name without .asl.json)\n' +
      '  --answer JSON         the output sent for a task waiting on a token (callback, activity);\n' +
      '                        repeatable, used in order. Without it, a terminal asks; otherwise\n' +
      '                        run stops with a message, since no server can receive an answer\n' +
      '  --trace               print each step as it happens (on stderr)\n' +
      '  --buckets-dir DIR     serve DIR as S3 on loopback (its folders are buckets) and send S3 calls there\n',
    options: {
      input: { type: 'string' },
      functions: { type: 'string', multiple: true },
      'mock-config': { type: 'string' },
      'test-case': { type: 'string' },
      name: { type: 'string' },
      answer: { type: 'string', multiple: true },
      trace: { type: 'boolean' },
      'buckets-dir': { type: 'string' },
    },
  },
  validate: {
    usage: 'stepwise validate <definition>...',
    summary: 'Check definitions (AWS diagnostics); exits 1 when any has errors',
    help: '  -                     read a definition from standard input\n',
    options: {},
  },
  test: {
    usage: 'stepwise test <file>...',
    summary: 'Run test files (input, mocks, expected output/error/path); exits 1 when a test fails',
    help: '',
    options: {},
  },
  worker: {
    usage: 'stepwise worker --activity ARN --handler FILE [options]',
    summary: 'Run an activity worker against a running server',
    help:
      '  --activity ARN        the activity to poll (GetActivityTask)\n' +
      '  --handler FILE        module exporting handler(input, { heartbeat, taskToken })\n' +
      ENDPOINT_HELP +
      '  --worker-name NAME    recorded in ActivityStarted\n' +
      '  --max-tasks N         exit after N tasks\n',
    options: {
      activity: { type: 'string' },
      handler: { type: 'string' },
      ...endpoint,
      'worker-name': { type: 'string' },
      'max-tasks': { type: 'string' },
    },
  },
  'send-task-success': {
    usage: 'stepwise send-task-success <token> [output-json]',
    summary: 'Answer a waiting task (callback, approval) with its output',
    help: ENDPOINT_HELP,
    options: endpoint,
  },
  schedule: {
    usage: 'stepwise schedule create|update|get|list|delete [name] [options]',
    summary: "Manage a running server's schedules (EventBridge Scheduler's cron, rate and at)",
    help:
      ENDPOINT_HELP +
      '  --expression EXPR     cron(0 2 * * ? *), rate(1 hour) or at(2030-01-01T09:00:00)\n' +
      '  --state-machine NAME  the state machine to start (a name or an ARN)\n' +
      '  --timezone ZONE       the time zone of the expression (default UTC), e.g. Europe/Berlin\n' +
      '  --input JSON          the execution input\n' +
      '  --group NAME          the schedule group (default "default")\n' +
      '  --flexible-window MIN fire within MIN minutes after each scheduled time\n' +
      '  --disabled            create or update it DISABLED\n',
    options: {
      ...endpoint,
      expression: { type: 'string' },
      'state-machine': { type: 'string' },
      timezone: { type: 'string' },
      input: { type: 'string' },
      group: { type: 'string' },
      'flexible-window': { type: 'string' },
      disabled: { type: 'boolean' },
    },
  },
  'save-test': {
    usage: 'stepwise save-test <execution-arn> [-o tests.json] [options]',
    summary: 'Save a closed execution as a test (its task answers mocked); a Stepwise extension',
    help:
      '  -o, --output FILE     the test file to write, or to add the test to (default tests.json)\n' +
      ENDPOINT_HELP,
    options: { ...endpoint, output: { type: 'string', short: 'o' } },
  },
  bulk: {
    usage: 'stepwise bulk stop|redrive|fork|list|describe|cancel [id] [--filter JSON|@FILE] [options]',
    summary: 'Stop, redrive or fork every execution matching a filter, rate-limited; a Stepwise extension',
    help:
      '  --filter JSON|@FILE   stateMachineArn, statuses, errorNames, startedAfter/Before,\n' +
      '                        stateReached, inputMatches / outputMatches (JSONata predicates)\n' +
      '  --dry-run             list what would be touched, touch nothing\n' +
      '  --rate N              executions per second (default 50)\n' +
      '  --no-wait             return once started instead of following its progress\n' +
      '  --from-state NAME     fork: where NAME was last entered (default: the first state)\n' +
      '  --state-machine ARN   fork: a version, an alias, or the machine (latest) to continue on\n' +
      '  --input JSON|@FILE    fork: the edited input of the state forked from\n' +
      ENDPOINT_HELP,
    options: {
      ...endpoint,
      filter: { type: 'string' },
      'dry-run': { type: 'boolean' },
      rate: { type: 'string' },
      'no-wait': { type: 'boolean' },
      'from-state': { type: 'string' },
      'state-machine': { type: 'string' },
      input: { type: 'string' },
    },
  },
  'send-task-failure': {
    usage: 'stepwise send-task-failure <token> [error] [cause]',
    summary: 'Fail a waiting task',
    help: ENDPOINT_HELP,
    options: endpoint,
  },
  // Stepwise extensions (docs/fork-and-compare.md).
  fork: {
    usage: 'stepwise fork <execution-arn> --from-event N [options]',
    summary: "Start a new execution that continues another's history from one of its events",
    help:
      '  --from-event N        the event to continue from (its id in the execution history)\n' +
      "  --input JSON|@FILE    the input of the state that event enters (or the execution's, at event 1)\n" +
      '  --variables JSON|@FILE  variables to assign as that state is entered\n' +
      '  --version N           continue on version N of the state machine\n' +
      '  --latest              continue on the latest revision of the state machine\n' +
      "  --name NAME           the new execution's name (default: a UUID)\n" +
      '  --wait                wait for it to close and print its outcome\n' +
      ENDPOINT_HELP,
    options: {
      ...endpoint,
      'from-event': { type: 'string' },
      input: { type: 'string' },
      variables: { type: 'string' },
      version: { type: 'string' },
      latest: { type: 'boolean' },
      name: { type: 'string' },
      wait: { type: 'boolean' },
    },
  },
  diff: {
    usage: 'stepwise diff <execution-arn> <execution-arn>',
    summary: 'Compare two executions state by state; exits 1 when they diverge',
    help: ENDPOINT_HELP,
    options: endpoint,
  },
};

const GLOBAL_HELP =
  '  -h, --help            help (for a command: stepwise <command> --help)\n' +
  '  -v, --version         the version\n' +
  '      --verbose         stack traces with errors\n';

export function commandHelp(spec: CommandSpec): string {
  return `Usage: ${spec.usage}\n\n${spec.summary}.\n\nOptions:\n${spec.help}${GLOBAL_HELP}`;
}

export function overallHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  const lines = Object.entries(COMMANDS).map(([n, s]) => `  ${n.padEnd(width)}${s.summary}\n`);
  return (
    'Usage: stepwise <command> [options]\n\nCommands:\n' +
    lines.join('') +
    `\nOptions:\n${GLOBAL_HELP}\n` +
    'Relative paths are taken from the folder you run the command in (also through npm run).\n'
  );
}
