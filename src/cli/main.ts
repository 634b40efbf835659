#!/usr/bin/env node
import { parseArgs } from 'node:util';

const USAGE = `Usage: stepwise <command> [options]

Commands:
  serve                 Start the Step Functions API server on http://localhost:8083
      --host HOST           address to listen on (default localhost: 127.0.0.1 and ::1)
      --port PORT           port (default 8083)
      --data-dir DIR        where the SQLite store keeps its file (default ./.stepwise)
      --store STORE         sqlite (default), postgres://user@host/db, or memory
      --functions FILE      module exporting 'functions' (name -> handler); repeatable
      --no-examples         do not load the bundled example workflows
      --park-after SECONDS  park executions whose every branch waits this long (default 60)
      --advertise-url URL   where other servers on the same store reach this one while it leads
      --cors-origin ORIGIN  let web pages of ORIGIN call the API from a browser; repeatable
      --allowed-host NAME   accept requests addressed to NAME (DNS rebinding check); repeatable
  run <definition>      Run a state machine once, in process, and print its output
      --input JSON|@FILE    execution input (default {})
      --functions FILE      local Lambda functions; repeatable
      --trace               print each step with its input and output
  validate <definition> Check a definition; exits 1 when it has errors
  test <file>...        Run test files (input, mocked responses, expected output/error/path);
                        exits 1 when a test fails
  worker                Run an activity worker against a running server
      --activity ARN        the activity to poll (GetActivityTask)
      --handler FILE        module exporting handler(input, { heartbeat, taskToken })
      --endpoint URL        API endpoint (default http://localhost:8083)
      --worker-name NAME    recorded in ActivityStarted
      --max-tasks N         exit after N tasks
  send-task-success <token> [output-json]       Answer a waiting task (callback, approval)
  send-task-failure <token> [error] [cause]     Fail a waiting task
      --endpoint URL        API endpoint (default http://localhost:8083)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
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
      input: { type: 'string' },
      trace: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      activity: { type: 'string' },
      handler: { type: 'string' },
      endpoint: { type: 'string' },
      'worker-name': { type: 'string' },
      'max-tasks': { type: 'string' },
    },
  });
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 1 : 0;
  }
  // Commands load lazily: `run` and `validate` need no HTTP server.
  switch (command) {
    case 'serve':
      return (await import('./serve.ts')).serveCommand(values);
    case 'run':
      return (await import('./run.ts')).runCommand(positionals[0], values);
    case 'validate':
      return (await import('./validate.ts')).validateCommand(positionals[0]);
    case 'test':
      return (await import('./test.ts')).testCommand(positionals);
    case 'worker':
      return (await import('./worker.ts')).workerCommand(values);
    case 'send-task-success':
      return (await import('./send-task.ts')).sendTaskCommand('success', positionals, values);
    case 'send-task-failure':
      return (await import('./send-task.ts')).sendTaskCommand('failure', positionals, values);
    default:
      process.stderr.write(`stepwise: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`stepwise: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
