import type { Engine, ExecutionRecord } from '../../engine/index.ts';
import type { ExpressBilling } from './express-billing.ts';
import type { ExecutionSummary } from './execution-summary.ts';
import { summarize } from './execution-summary.ts';
import type { PriceList } from './prices.ts';
import { pricesOf } from './prices.ts';

/** One UTC day of a state machine: executions started, billed use and estimated price. */
export interface DayTotal {
  readonly day: string;
  readonly executions: number;
  readonly billedTransitions: number;
  /** Express only: billed duration in ms (rounded up per execution to 100 ms). */
  readonly billedDurationMs: number;
  readonly estimatedCostUsd: number;
}

/** What the console's Monitoring tab shows for one state machine. */
export interface MonitoringReport {
  readonly stateMachineArn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly prices: PriceList;
  /** Newest first; at most `max` of them. */
  readonly executions: readonly ExecutionSummary[];
  /** The state machine had more executions than `max`: days count only those listed. */
  readonly truncated: boolean;
  readonly days: readonly DayTotal[];
}

type Reads = Pick<Engine, 'describeStateMachine' | 'readExecutions' | 'readExecutionHistory'>;

/** Summaries of closed executions kept, so that a refresh reads only the histories that changed. */
const CACHED_MAX = 10_000;

/**
 * Builds the Monitoring tab's report from the engine's stored executions and histories (each
 * Standard execution's billed transitions are counted from its history, which the store keeps),
 * and from the Express billing observed (Express keeps no history).
 */
export class MonitoringReports {
  readonly #express: ExpressBilling;
  readonly #closed = new Map<string, { readonly key: string; readonly summary: ExecutionSummary }>();

  constructor(express: ExpressBilling) {
    this.#express = express;
  }

  async report(
    engine: Reads,
    stateMachineArn: string,
    region: string,
    max: number,
  ): Promise<MonitoringReport> {
    const machine = engine.describeStateMachine(stateMachineArn);
    const prices = pricesOf(region);
    const all = await engine.readExecutions(stateMachineArn);
    const listed = all.slice(0, max);
    const executions: ExecutionSummary[] = [];
    for (const record of listed) executions.push(await this.#summary(engine, record, prices));
    const days = new Map<
      string,
      { executions: number; billedTransitions: number; billedDurationMs: number; estimatedCostUsd: number }
    >();
    const dayOf = (day: string) => {
      let total = days.get(day);
      if (!total)
        days.set(
          day,
          (total = { executions: 0, billedTransitions: 0, billedDurationMs: 0, estimatedCostUsd: 0 }),
        );
      return total;
    };
    for (const e of executions) {
      const total = dayOf(new Date(e.startDate).toISOString().slice(0, 10));
      total.executions++;
      total.billedTransitions += e.billedTransitions;
      total.estimatedCostUsd += e.estimatedCostUsd;
    }
    for (const d of this.#express.days(stateMachineArn)) {
      const total = dayOf(d.day);
      total.executions += d.requests;
      total.billedDurationMs += d.billedDurationMs;
      total.estimatedCostUsd +=
        d.requests * prices.perExpressRequest + (d.billedMemoryMbMs / 1024 / 1000) * prices.perGbSecond;
    }
    return {
      stateMachineArn: machine.stateMachineArn,
      type: machine.type,
      prices,
      executions,
      truncated: all.length > listed.length,
      days: [...days].map(([day, total]) => ({ day, ...total })).sort((a, b) => a.day.localeCompare(b.day)),
    };
  }

  async #summary(engine: Reads, record: ExecutionRecord, prices: PriceList): Promise<ExecutionSummary> {
    // A closed execution's history changes only when it is redriven.
    const key = `${record.status}:${record.redriveCount ?? 0}:${prices.region}`;
    const cached = this.#closed.get(record.executionArn);
    if (cached?.key === key) return cached.summary;
    const summary = summarize(record, await engine.readExecutionHistory(record.executionArn), prices);
    if (record.status !== 'RUNNING') {
      if (this.#closed.size >= CACHED_MAX) this.#closed.clear();
      this.#closed.set(record.executionArn, { key, summary });
    }
    return summary;
  }
}
