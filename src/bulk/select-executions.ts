import jsonata from 'jsonata';
import type { Engine, ExecutionRecord } from '../engine/index.ts';
import type { BulkFilter } from './bulk-filter.ts';

type Predicate = (text: string | undefined) => Promise<boolean>;

/** A JSONata predicate over a JSON document: a truthy result matches; no document never does. */
function jsonataPredicate(expr: string | undefined): Predicate | undefined {
  if (expr === undefined) return undefined;
  const compiled = jsonata(expr);
  return async (text) => {
    if (text === undefined) return false;
    try {
      return Boolean(await compiled.evaluate(JSON.parse(text)));
    } catch {
      // An expression that fails on this document (a type error) does not match it.
      return false;
    }
  };
}

/** The cheap checks first: status, error, time, without reading anything. */
function matchesRecord(f: BulkFilter, only: ReadonlySet<string> | undefined, r: ExecutionRecord): boolean {
  if (only && !only.has(r.executionArn)) return false;
  if (f.statuses && !f.statuses.includes(r.status)) return false;
  if (f.errorNames && (r.error === undefined || !f.errorNames.includes(r.error))) return false;
  if (f.startedAfter !== undefined && r.startDate < f.startedAfter) return false;
  if (f.startedBefore !== undefined && r.startDate >= f.startedBefore) return false;
  return true;
}

/**
 * The executions a filter matches, oldest first (by start date, then ARN): the order a bulk
 * operation works through them, the same for its dry run and its real run.
 */
export async function selectExecutions(engine: Engine, f: BulkFilter): Promise<ExecutionRecord[]> {
  const machines = f.stateMachineArn
    ? [f.stateMachineArn]
    : engine.listStateMachines().map((m) => m.stateMachineArn);
  const input = jsonataPredicate(f.inputMatches);
  const output = jsonataPredicate(f.outputMatches);
  const only = f.executionArns && new Set(f.executionArns);
  const out: ExecutionRecord[] = [];
  for (const machine of machines) {
    const status = f.statuses?.length === 1 ? (f.statuses[0] as ExecutionRecord['status']) : undefined;
    for (const r of await engine.readExecutions(machine, status)) {
      if (!matchesRecord(f, only, r)) continue;
      if (input && !(await input(r.input))) continue;
      if (output && !(await output(r.output))) continue;
      if (f.stateReached !== undefined) {
        const events = await engine.readExecutionHistory(r.executionArn);
        const reached = events.some(
          (e) =>
            e.type.endsWith('StateEntered') && e['stateEnteredEventDetails']?.['name'] === f.stateReached,
        );
        if (!reached) continue;
      }
      out.push(r);
    }
  }
  return out.sort((a, b) => a.startDate - b.startDate || (a.executionArn < b.executionArn ? -1 : 1));
}
