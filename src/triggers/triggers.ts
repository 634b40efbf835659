import type { Clock, Engine } from '../engine/index.ts';
import type { Store } from '../store/index.ts';
import type { DeliveryStatus, Send, Webhook } from './events/webhook-outbox.ts';
import { webhookDestination } from './events/webhook-destination.ts';
import { WebhookOutbox } from './events/webhook-outbox.ts';
import type { Rule } from './rules/rule-destination.ts';
import { ruleDestination } from './rules/rule-destination.ts';
import type { PutEventsResult } from './rules/local-bus.ts';
import { LocalBus } from './rules/local-bus.ts';
import type { HttpTrigger, TriggerAnswer, TriggerRequest } from './http/http-trigger.ts';
import { answerTrigger } from './http/http-trigger.ts';
import { httpTriggerProblems } from './http/http-trigger-check.ts';
import type { ScheduleSettings } from './schedules/schedule.ts';
import { scheduleSettings } from './schedules/schedule.ts';
import { DEFAULT_GROUP, ScheduleBook } from './schedules/schedule-book.ts';
import { ScheduleRunner } from './schedules/schedule-runner.ts';
import type { RestAnswer, RestRequest } from './schedules/schedules-api.ts';
import { answerSchedules } from './schedules/schedules-api.ts';
import { SchedulerError } from './schedules/scheduler-error.ts';
import type { TriggersOverview } from './overview.ts';
import { authOf, scheduleView } from './overview.ts';
import type { DeadLetter, QueueSend } from './schedules/dead-letters.ts';
import { DeadLetters } from './schedules/dead-letters.ts';

/** A schedule declared in the configuration file or by an example (applied when this server leads). */
export interface ScheduleDeclaration {
  readonly name: string;
  readonly group?: string | undefined;
  /** A state machine's name or ARN. */
  readonly stateMachine: string;
  /** `cron(…)`, `rate(…)` or `at(…)`. */
  readonly expression: string;
  readonly timezone?: string | undefined;
  /** The execution input (JSON text or a JSON value). */
  readonly input?: unknown;
  readonly enabled?: boolean | undefined;
  readonly flexibleWindowMinutes?: number | undefined;
  readonly startDate?: string | undefined;
  readonly endDate?: string | undefined;
  /** Target.RetryPolicy, as EventBridge Scheduler's. */
  readonly retryPolicy?:
    | {
        readonly MaximumRetryAttempts?: number | undefined;
        readonly MaximumEventAgeInSeconds?: number | undefined;
      }
    | undefined;
  /** Target.DeadLetterConfig.Arn: the SQS queue a start that failed for good is sent to. */
  readonly deadLetterQueueArn?: string | undefined;
}

export interface TriggersDeps {
  readonly engine: Engine;
  /** Where schedules (and the webhook outbox) live: the runtime's store, or a memory one. */
  readonly store: Store;
  readonly clock: Clock;
  /** Destinations of the status-change events. */
  readonly webhooks?: readonly Webhook[] | undefined;
  /** EventBridge-style rules: status-change events that start state machines. */
  readonly rules?: readonly Rule[] | undefined;
  /** Event buses (names or ARNs) of Stepwise's own: `events:putEvents` to them reaches the rules. */
  readonly eventBuses?: readonly string[] | undefined;
  /** State machines exposed at `POST /triggers/<name>`. */
  readonly http?: readonly HttpTrigger[] | undefined;
  /** Event ids. */
  readonly uuid: () => string;
  /** How webhooks are called (fetch unless a test says otherwise). */
  readonly send?: Send;
  /** How dead letters reach a schedule's SQS queue (the AWS integrations' client, from server/). */
  readonly queueSend?: QueueSend | undefined;
  /** Where each status-change event is also written as a JSON line (the log stream), if anywhere. */
  readonly statusEvents?: ((line: string) => void) | undefined;
  readonly log?: (line: string) => void;
}

/**
 * Events in and out of the engine (DESIGN.md: triggers/ sees the engine through its public face):
 * schedules that start executions (their dead letters), the API that manages them; status-change
 * events to webhooks and rules, events workflows put on Stepwise's own buses; HTTP triggers.
 */
export class Triggers {
  readonly schedules: ScheduleBook;
  readonly #deadLetters: DeadLetters;
  readonly #runner: ScheduleRunner;
  readonly #outbox: WebhookOutbox;
  readonly #http: ReadonlyMap<string, HttpTrigger>;
  readonly #bus: LocalBus;
  readonly #deps: TriggersDeps;

  constructor(deps: TriggersDeps) {
    this.#deps = deps;
    const problems = (deps.http ?? []).flatMap(httpTriggerProblems);
    if (problems.length > 0) throw new Error(`HTTP triggers: ${problems.join('; ')}`);
    this.#http = new Map((deps.http ?? []).map((t) => [t.name, t]));
    this.#outbox = new WebhookOutbox({
      store: deps.store,
      clock: deps.clock,
      engine: deps.engine,
      destinations: [
        ...(deps.webhooks ?? []).map((hook) => webhookDestination(hook, deps.clock, deps.send)),
        ...(deps.rules ?? []).map((rule) => ruleDestination(rule, deps.engine)),
      ],
      uuid: deps.uuid,
      ...(deps.log ? { log: deps.log } : {}),
      ...(deps.statusEvents ? { statusEvents: deps.statusEvents } : {}),
    });
    this.#bus = new LocalBus({
      buses: deps.eventBuses ?? [],
      region: deps.engine.region,
      account: deps.engine.account,
      now: () => deps.clock.now(),
      uuid: deps.uuid,
      publish: (events, lane, origin) => this.#outbox.publish(events, lane, origin),
    });
    // From the start: executions resumed before this process serves emit their changes too.
    deps.engine.observe(this.#outbox.observer);
    this.schedules = new ScheduleBook(deps.store, deps.engine.region, deps.engine.account);
    this.#deadLetters = new DeadLetters(deps.store, deps.queueSend);
    this.#runner = new ScheduleRunner({
      book: this.schedules,
      engine: deps.engine,
      clock: deps.clock,
      deadLetters: this.#deadLetters,
      uuid: deps.uuid,
      ...(deps.log ? { log: deps.log } : {}),
    });
  }

  /** What the runner started so far (newest last). */
  get fired(): ScheduleRunner['fired'] {
    return this.#runner.fired;
  }

  /**
   * This process leads the store: writes the declared schedules (new ones created, changed ones
   * updated, others left alone) and starts firing them. A declaration that is not valid is
   * reported and skipped: it must not keep the server from leading.
   */
  async lead(declared: readonly ScheduleDeclaration[]): Promise<void> {
    for (const d of declared) {
      try {
        await this.#declare(d);
      } catch (e) {
        if (!(e instanceof SchedulerError)) throw e;
        this.#log(`schedule ${d.name} is not valid: ${e.message}`);
      }
    }
    this.#runner.start();
    await this.#outbox.lead();
  }

  /** The HTTP trigger `name`, if there is one (its body limit and keys are checked first). */
  httpTrigger(name: string): HttpTrigger | undefined {
    return this.#http.get(name);
  }

  /** One request of an HTTP trigger (`POST /triggers/<name>`). */
  answerTrigger(req: TriggerRequest): Promise<TriggerAnswer> {
    return answerTrigger(this.#deps.engine, this.#http, req);
  }

  /** Per webhook and rule: events waiting, delivered, failed attempts, the last error. */
  webhookStatus(): DeliveryStatus[] {
    return this.#outbox.status();
  }

  /**
   * An `events:putEvents` task's parameters: answered here when its entries are for a bus of
   * Stepwise's own (the rules on it get the events); undefined when they are for AWS.
   */
  putEvents(parameters: unknown, context: unknown): Promise<PutEventsResult> | undefined {
    return this.#bus.putEvents(parameters, context);
  }

  /** Scheduled starts that failed for good, newest first. */
  deadLetters(): Promise<DeadLetter[]> {
    return this.#deadLetters.list();
  }

  /** What the console's Triggers page shows (schedules, rules, HTTP triggers, deliveries). */
  async overview(): Promise<TriggersOverview> {
    const { engine, clock } = this.#deps;
    const now = clock.now();
    const arnOf = (m: string): string => (m.startsWith('arn:') ? m : engine.stateMachineArn(m));
    return {
      now,
      schedules: await Promise.all((await this.schedules.list()).map((s) => scheduleView(s, now, engine))),
      rules: (this.#deps.rules ?? []).map((r) => ({
        ...r,
        stateMachine: arnOf(r.stateMachine),
        eventBusName: r.eventBusName ?? 'default',
      })),
      eventBuses: this.#deps.eventBuses ?? [],
      httpTriggers: [...this.#http.values()].map((t) => ({
        name: t.name,
        stateMachine: arnOf(t.stateMachine),
        path: `/triggers/${t.name}${t.path ?? ''}`,
        auth: authOf(t),
      })),
      deliveries: this.webhookStatus().map((d) => {
        const hook = this.#deps.webhooks?.find((w) => w.name === d.webhook);
        // Without its query string, which may carry a token.
        const url = hook && `${new URL(hook.url).origin}${new URL(hook.url).pathname}`;
        return url ? { ...d, kind: 'webhook' as const, url } : { ...d, kind: 'rule' as const };
      }),
      deadLetters: (await this.#deadLetters.list()).slice(0, 50),
    };
  }

  async #declare(d: ScheduleDeclaration): Promise<void> {
    const { clock } = this.#deps;
    const group = d.group ?? DEFAULT_GROUP;
    const settings = this.#settingsOf(d);
    const existing = await this.schedules.get(group, d.name);
    if (!existing) await this.schedules.create(group, d.name, settings, clock.now());
    else if (!sameSettings(existing, settings))
      await this.schedules.update(group, d.name, settings, clock.now());
  }

  #settingsOf(d: ScheduleDeclaration): ScheduleSettings {
    const { engine } = this.#deps;
    const arn = d.stateMachine.startsWith('arn:') ? d.stateMachine : engine.stateMachineArn(d.stateMachine);
    const input =
      d.input === undefined ? undefined : typeof d.input === 'string' ? d.input : JSON.stringify(d.input);
    return scheduleSettings({
      ScheduleExpression: d.expression,
      ScheduleExpressionTimezone: d.timezone,
      FlexibleTimeWindow:
        d.flexibleWindowMinutes === undefined
          ? { Mode: 'OFF' }
          : { Mode: 'FLEXIBLE', MaximumWindowInMinutes: d.flexibleWindowMinutes },
      State: d.enabled === false ? 'DISABLED' : 'ENABLED',
      StartDate: d.startDate,
      EndDate: d.endDate,
      Target: {
        Arn: arn,
        RoleArn: `arn:aws:iam::${engine.account}:role/stepwise-scheduler`,
        ...(input === undefined ? {} : { Input: input }),
        ...(d.retryPolicy ? { RetryPolicy: d.retryPolicy } : {}),
        ...(d.deadLetterQueueArn ? { DeadLetterConfig: { Arn: d.deadLetterQueueArn } } : {}),
      },
    });
  }

  /** One request of the schedules API (EventBridge Scheduler's REST-JSON routes). */
  answerSchedules(req: RestRequest): Promise<RestAnswer> {
    return answerSchedules(
      { book: this.schedules, now: () => this.#deps.clock.now(), changed: () => this.#runner.changed() },
      req,
    );
  }

  /** Stops firing (schedules stay in the store; the next leader fires them). */
  async stop(): Promise<void> {
    await Promise.all([this.#runner.stop(), this.#outbox.stop()]);
  }

  #log(line: string): void {
    (this.#deps.log ?? console.error)(`stepwise: ${line}`);
  }
}

/** Whether a stored schedule already has these settings (its bookkeeping aside). */
function sameSettings(stored: ScheduleSettings, settings: ScheduleSettings): boolean {
  const pick = (s: ScheduleSettings) =>
    JSON.stringify([
      s.ScheduleExpression,
      s.ScheduleExpressionTimezone,
      s.StartDate,
      s.EndDate,
      s.FlexibleTimeWindow,
      s.State,
      s.Target,
      s.ActionAfterCompletion,
    ]);
  return pick(stored) === pick(settings);
}
