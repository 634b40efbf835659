import { readFileSync } from 'node:fs';
import { callApi } from '../client/index.ts';
import { DEFAULTS, parseJsonText } from '../server/index.ts';
import { CliError, reachServer, wholeNumber } from './cli-error.ts';
import { readInput } from './definition-file.ts';

type Obj = Record<string, unknown>;

interface BulkFlags {
  endpoint?: string | undefined;
  filter?: string | undefined;
  'dry-run'?: boolean | undefined;
  rate?: string | undefined;
  'no-wait'?: boolean | undefined;
  'from-state'?: string | undefined;
  'state-machine'?: string | undefined;
  input?: string | undefined;
}

const DONE: Record<string, string> = { stop: 'stopped', redrive: 'redriven', fork: 'forked' };

/** A fork's members: where from, onto what, with what input (refused on stop and redrive). */
function forkBody(verb: string, flags: BulkFlags): Obj {
  const given = { fromState: flags['from-state'], stateMachineArn: flags['state-machine'] };
  if (verb !== 'fork') {
    if (given.fromState ?? given.stateMachineArn ?? flags.input)
      throw new CliError('--from-state, --state-machine and --input are for stepwise bulk fork');
    return {};
  }
  return {
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
    ...(flags.input === undefined ? {} : { input: readInput(flags.input) }),
  };
}

/** `--filter '{"statuses":["FAILED"]}'` or `--filter @filter.json`. */
function readFilter(value: string | undefined): unknown {
  if (value === undefined) return {};
  const text = value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
  return parseJsonText(text, value.startsWith('@') ? value.slice(1) : '--filter');
}

const progressLine = (d: Obj): string => {
  const p = (d['progress'] ?? {}) as Obj;
  return `${String(d['status'])}: ${String(p['done'])}/${String(d['executionCount'])} done (${String(p['succeeded'])} succeeded, ${String(p['skipped'])} skipped, ${String(p['failed'])} failed)`;
};

/**
 * `stepwise bulk stop|redrive|fork --filter … [--dry-run]`, and `list`, `describe ID`, `cancel ID`:
 * bulk operations by query on a running server (a Stepwise extension). A real run is followed
 * until it ends, printing its progress and the executions it could not act on.
 */
export async function bulkCommand(args: string[], flags: BulkFlags): Promise<number> {
  const [verb, id] = args;
  const endpoint = flags.endpoint ?? `http://localhost:${DEFAULTS.port}`;
  const call = (action: string, body: Obj) => reachServer(endpoint, () => callApi(endpoint, action, body));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  switch (verb) {
    case 'list': {
      const { bulkOperations } = (await call('ListBulkOperations', {})) as { bulkOperations: Obj[] };
      for (const op of bulkOperations)
        out(`${String(op['bulkOperationId'])}  ${String(op['action'])}  ${progressLine(op)}`);
      if (bulkOperations.length === 0) out('no bulk operations');
      return 0;
    }
    case 'describe':
    case 'cancel': {
      if (!id) throw new CliError(`stepwise bulk ${verb} needs the operation's id`);
      if (verb === 'cancel') await call('CancelBulkOperation', { bulkOperationId: id });
      const d = await call('DescribeBulkOperation', { bulkOperationId: id, maxResults: 1000 });
      out(progressLine(d));
      for (const r of d['results'] as Array<Record<string, string>>)
        out(`  ${r['outcome']!.padEnd(9)} ${r['executionArn']}${r['message'] ? `  ${r['message']}` : ''}`);
      return 0;
    }
    case 'stop':
    case 'redrive':
    case 'fork':
      break;
    default:
      throw new CliError(
        'stepwise bulk needs stop, redrive, fork, list, describe ID or cancel ID (stepwise bulk --help)',
      );
  }
  const filter = readFilter(flags.filter);
  const fork = forkBody(verb, flags);
  if (flags['dry-run']) {
    const d = await call('StartBulkOperation', { action: verb, filter, ...fork, dryRun: true });
    // An execution the run would skip or fail on says so, with the run's own words.
    for (const r of d['results'] as Array<Record<string, unknown>>) {
      const arn = String(r['executionArn']);
      out(r['outcome'] === 'SUCCEEDED' ? arn : `${arn}  ${String(r['outcome'])}: ${String(r['message'])}`);
    }
    out(`dry run: ${String(d['executionCount'])} executions would be ${DONE[verb] ?? verb}`);
    return 0;
  }
  const rate = wholeNumber('--rate', flags.rate, 1, 10_000);
  const started = await call('StartBulkOperation', {
    action: verb,
    filter,
    ...fork,
    ...(rate ? { ratePerSecond: rate } : {}),
  });
  const bulkOperationId = String(started['bulkOperationId']);
  out(`bulk operation ${bulkOperationId}: ${String(started['executionCount'])} executions to ${verb}`);
  if (flags['no-wait']) return 0;
  for (;;) {
    const d = await call('DescribeBulkOperation', { bulkOperationId, maxResults: 0 });
    out(progressLine(d));
    if (d['status'] !== 'RUNNING') return ((d['progress'] as Obj)['failed'] as number) > 0 ? 1 : 0;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
