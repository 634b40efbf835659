import type { Clock, Engine } from '../engine/index.ts';
import { parseQualifiedArn, ServiceError } from '../engine/index.ts';
import type { Store } from '../store/index.ts';
import { BulkBook } from './bulk-book.ts';
import type { BulkFilter } from './bulk-filter.ts';
import type { BulkAction, BulkFork, BulkOperation, BulkProgress, BulkResult } from './bulk-operation.ts';
import { BulkRunner } from './bulk-runner.ts';
import type { BulkPlan, Preview } from './bulk-actions.ts';
import { applyAction, previewAction, refusal } from './bulk-actions.ts';
import { selectExecutions } from './select-executions.ts';
import type { BulkPeers } from './bulk-peers.ts';
import { MAX_SENDS_ON } from './bulk-peers.ts';

/** Executions a dry run looks at together. */
const DRY_RUN_AT_ONCE = 50;

export interface BulkDeps {
  readonly engine: Engine;
  /** Where operations are kept (the engine's store, or a memory one). */
  readonly store: Store;
  readonly clock: Clock;
  readonly uuid: () => string;
  /** With scale-out: the other servers. */
  readonly peers?: BulkPeers | undefined;
}

/** One execution of a dry run: what the real run would record for it. */
export type DryRunResult = Preview & { readonly executionArn: string };

export interface BulkRequest {
  readonly action: BulkAction;
  readonly filter: BulkFilter;
  readonly ratePerSecond: number;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
  readonly fork?: BulkFork | undefined;
}

/**
 * Bulk operations by query (a Stepwise extension, not AWS): stop, redrive or fork every execution a
 * filter matches, rate-limited, with a per-execution result, resumed after a restart. Only the
 * server that leads runs them (as it runs schedules).
 */
export class BulkOperations {
  readonly #deps: BulkDeps;
  readonly #book: BulkBook;
  readonly #runner: BulkRunner;

  constructor(deps: BulkDeps) {
    this.#deps = deps;
    this.#book = new BulkBook(deps.store);
    this.#runner = new BulkRunner({
      engine: deps.engine,
      book: this.#book,
      clock: deps.clock,
      apply: (op, arn) => this.#apply(op, arn, false),
    });
  }

  /** This server leads: operations still RUNNING in the store continue where they were. */
  async lead(): Promise<number> {
    const open = (await this.#book.list()).filter((op) => op.status === 'RUNNING');
    for (const op of open) void this.#runner.run(op);
    return open.length;
  }

  stop(): Promise<void> {
    return this.#runner.stop();
  }

  /**
   * What a real run started now would do: the executions the filter matches, in its order, each
   * with the outcome it would record (a fork's SKIPPED and FAILED with the same words).
   */
  async dryRun(request: Pick<BulkRequest, 'action' | 'filter' | 'fork'>): Promise<DryRunResult[]> {
    this.#checkFork(request);
    const arns = await this.#targets(request.filter);
    const out: DryRunResult[] = [];
    // A few at a time: each may read a history, or ask another server.
    for (let i = 0; i < arns.length; i += DRY_RUN_AT_ONCE) {
      const chunk = arns.slice(i, i + DRY_RUN_AT_ONCE);
      const previews = await Promise.all(chunk.map((arn) => this.#apply(request, arn, true)));
      chunk.forEach((executionArn, k) => out.push({ executionArn, ...previews[k]! }));
    }
    return out;
  }

  async start(request: BulkRequest): Promise<BulkOperation> {
    const { clock, uuid } = this.#deps;
    this.#checkFork(request);
    const op: BulkOperation = {
      bulkOperationId: uuid(),
      action: request.action,
      filter: request.filter,
      ratePerSecond: request.ratePerSecond,
      ...(request.error === undefined ? {} : { error: request.error }),
      ...(request.cause === undefined ? {} : { cause: request.cause }),
      ...(request.fork === undefined ? {} : { fork: request.fork }),
      createdAt: clock.now(),
      status: 'RUNNING',
      targets: await this.#targets(request.filter),
    };
    await this.#book.save(op, { done: 0, succeeded: 0, skipped: 0, failed: 0, updatedAt: op.createdAt });
    void this.#runner.run(op);
    return op;
  }

  async #targets(filter: BulkFilter): Promise<string[]> {
    return (await selectExecutions(this.#deps.engine, filter, this.#deps.peers)).map((r) => r.executionArn);
  }

  /**
   * The action (or its dry run) applied where the execution is driven: here, or on the server
   * that holds its lease (scale-out), through the same code there.
   */
  async #apply(plan: BulkPlan, arn: string, preview: boolean): Promise<Preview> {
    return (await this.#elsewhere(plan, arn, preview, 0)) ?? this.#applyLocally(plan, arn, preview);
  }

  /**
   * The answer of the server that drives the execution when another one does (`sentOn`: how many
   * times the action was sent on, this time included), or undefined when it is this server's to
   * apply.
   */
  async #elsewhere(
    plan: BulkPlan,
    arn: string,
    preview: boolean,
    sentOn: number,
  ): Promise<Preview | undefined> {
    try {
      const remote = await this.#deps.peers?.driver(arn);
      return remote && (await remote({ operation: plan, executionArn: arn, preview, moved: sentOn }));
    } catch (e) {
      return refusal(e);
    }
  }

  #applyLocally(plan: BulkPlan, arn: string, preview: boolean): Promise<Preview> {
    const { engine } = this.#deps;
    // A real run's plan is a stored operation: its id names what it does (a fork's name, a token).
    return preview ? previewAction(engine, plan, arn) : applyAction(engine, plan as BulkOperation, arn);
  }

  /**
   * ApplyBulkAction: what the leader sends for an execution this server drives (scale-out),
   * answered once what it did is durable, as the leader's own slice is before it is counted. The
   * leader chose this server by the execution's lease, which may have moved on since (handed back
   * to even out the shares, claimed after a death): the action is then sent on to where the
   * execution is driven now, and from there again if it moved on meanwhile too (a fork only its
   * driver can make), up to MAX_SENDS_ON times. `sentOn`: how many times it was so far.
   */
  async applyForPeer(plan: BulkPlan, arn: string, preview: boolean, sentOn = 0): Promise<Preview> {
    const sent = sentOn >= MAX_SENDS_ON ? undefined : await this.#elsewhere(plan, arn, preview, sentOn + 1);
    if (sent) return sent;
    const outcome = await this.#applyLocally(plan, arn, preview);
    await this.#deps.engine.flushed();
    return outcome;
  }

  /**
   * A fork's state machine, version or alias is found when the operation starts, as
   * StartExecution finds it (StateMachineDoesNotExist), not once per execution; when the filter
   * names a machine, it must be of that machine.
   */
  #checkFork({ fork, filter }: Pick<BulkRequest, 'fork' | 'filter'>): void {
    if (fork?.stateMachineArn === undefined) return;
    const machine = this.#deps.engine.startTargetMachine(fork.stateMachineArn);
    const filtered = filter.stateMachineArn && parseQualifiedArn(filter.stateMachineArn).base;
    if (filtered && filtered !== machine) {
      throw new ServiceError(
        'ValidationException',
        `${fork.stateMachineArn} is not a revision, version or alias of ${filter.stateMachineArn}`,
      );
    }
  }

  async describe(id: string): Promise<{ op: BulkOperation; progress: BulkProgress }> {
    const op = await this.#book.get(id);
    if (!op) throw notFound(id);
    return { op, progress: await this.#book.progress(id) };
  }

  results(id: string): Promise<BulkResult[]> {
    return this.#book.results(id);
  }

  async list(): Promise<Array<{ op: BulkOperation; progress: BulkProgress }>> {
    const ops = await this.#book.list();
    const out = await Promise.all(
      ops.map(async (op) => ({ op, progress: await this.#book.progress(op.bulkOperationId) })),
    );
    return out.sort((a, b) => b.op.createdAt - a.op.createdAt);
  }

  /** Stops a running operation after its slice under way; what it did stays done. */
  async cancel(id: string): Promise<BulkOperation> {
    const { op } = await this.describe(id);
    if (op.status !== 'RUNNING') return op;
    await this.#runner.cancel(id);
    const cancelled: BulkOperation = { ...op, status: 'CANCELLED', finishedAt: this.#deps.clock.now() };
    await this.#book.save(cancelled);
    return cancelled;
  }
}

const notFound = (id: string): ServiceError =>
  new ServiceError('ResourceNotFound', `Bulk operation does not exist: '${id}'`, { resourceName: id });
