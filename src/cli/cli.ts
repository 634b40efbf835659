import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { StepwiseApiError } from '../client/index.ts';
import { ConfigError, didYouMean, UserModuleError } from '../server/index.ts';
import { CliError } from './cli-error.ts';
import type { CommandSpec } from './commands.ts';
import { COMMANDS, commandHelp, overallHelp } from './commands.ts';
import { runFromCallersFolder } from './callers-folder.ts';

const GLOBAL = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  verbose: { type: 'boolean' },
} as const;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** parseArgs' own messages name internals and quote oddly; say what was wrong and what exists. */
function parse(name: string, spec: CommandSpec, args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options: { ...spec.options, ...GLOBAL } });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const m = /'(-[^']*)'/.exec(e instanceof Error ? e.message : '');
    const flag = m?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const known = Object.keys({ ...spec.options, ...GLOBAL }).map((k) => `--${k}`);
      const near = didYouMean(flag, known);
      throw new CliError(
        `unknown option ${flag} for '${name}'${near ? `; did you mean ${near}?` : ''} (see stepwise ${name} --help)`,
      );
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new CliError(`option ${flag.split(' ')[0]} needs a value (see stepwise ${name} --help)`);
    }
    throw e;
  }
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    const topic = first === 'help' && rest[0] ? COMMANDS[rest[0]] : undefined;
    process.stdout.write(topic ? commandHelp(topic) : overallHelp());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`stepwise ${version()}\n`);
    return 0;
  }
  const spec = COMMANDS[first];
  if (!spec) {
    const near = didYouMean(first, Object.keys(COMMANDS));
    throw new CliError(
      `unknown command '${first}'${near ? `; did you mean '${near}'?` : ''} (stepwise --help lists the commands)`,
    );
  }
  const { values, positionals } = parse(first, spec, rest);
  if (values.help) {
    process.stdout.write(commandHelp(spec));
    return 0;
  }
  // Commands load lazily: `run` and `validate` need no HTTP server. Each command's flags are those
  // of its spec (commands.ts), which parseArgs has checked.
  const flags = values as Record<string, never>;
  switch (first) {
    case 'serve':
      return (await import('./serve.ts')).serveCommand(flags, version());
    case 'run':
      return (await import('./run.ts')).runCommand(positionals, flags);
    case 'validate':
      return (await import('./validate.ts')).validateCommand(positionals);
    case 'test':
      return (await import('./test.ts')).testCommand(positionals);
    case 'worker':
      return (await import('./worker.ts')).workerCommand(flags);
    case 'send-task-success':
      return (await import('./send-task.ts')).sendTaskCommand('success', positionals, flags);
    case 'send-task-failure':
      return (await import('./send-task.ts')).sendTaskCommand('failure', positionals, flags);
    case 'schedule':
      return (await import('./schedule.ts')).scheduleCommand(positionals, flags);
    case 'fork':
      return (await import('./fork.ts')).forkCommand(positionals, flags);
    case 'diff':
      return (await import('./diff.ts')).diffCommand(positionals, flags);
    case 'save-test':
      return (await import('./save-test.ts')).saveTestCommand(positionals, flags);
    case 'bulk':
      return (await import('./bulk.ts')).bulkCommand(positionals, flags);
    case 'migrate-store':
      return (await import('./migrate-store.ts')).migrateStoreCommand(flags);
    default:
      throw new Error(`command '${first}' has no implementation`);
  }
}

/** A user's mistake is one line; anything else is a bug, whose stack helps (and --verbose shows it). */
function report(e: unknown, verbose: boolean): number {
  const command = process.argv[2] && COMMANDS[process.argv[2]] ? ` ${process.argv[2]}` : '';
  const known =
    e instanceof CliError ||
    e instanceof ConfigError ||
    e instanceof UserModuleError ||
    e instanceof StepwiseApiError;
  const message =
    e instanceof StepwiseApiError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
  for (const line of message.split('\n')) process.stderr.write(`stepwise${command}: ${line}\n`);
  if (verbose && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  else if (!known) process.stderr.write('(run again with --verbose for the stack trace)\n');
  return e instanceof CliError ? e.exitCode : e instanceof ConfigError ? 2 : 1;
}

const argv = process.argv.slice(2);
runFromCallersFolder();
main(argv).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = report(e, argv.includes('--verbose'));
  },
);
