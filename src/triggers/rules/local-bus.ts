import type { BusEvent, EventOrigin } from '../events/webhook-outbox.ts';

/** A bus's name from its name or ARN (`arn:aws:events:<region>:<account>:event-bus/<name>`). */
export function busName(nameOrArn: string): string {
  const m = /^arn:aws[\w-]*:events:[\w-]*:\d*:event-bus\/(.+)$/.exec(nameOrArn);
  return m ? m[1]! : nameOrArn;
}

/** What a `putEvents` task gets back (its Step Functions result shape), or why it fails. */
export type PutEventsResult =
  | { readonly ok: true; readonly output: Record<string, unknown> }
  | { readonly ok: false; readonly error: string; readonly cause: string };

export interface LocalBusDeps {
  /** The buses (names or ARNs) that are Stepwise's own; their events never go to AWS. */
  readonly buses: readonly string[];
  readonly region: string;
  readonly account: string;
  readonly now: () => number;
  readonly uuid: () => string;
  /** Stores the events for the rules on their bus; resolves once they are durable. */
  readonly publish: (events: readonly BusEvent[], lane: string, origin: EventOrigin) => Promise<void>;
}

type Entry = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why an entry cannot be put, in EventBridge's failed-entry terms, or its detail. */
function detailOf(entry: Entry): { readonly detail: Record<string, unknown> } | { readonly failed: string } {
  const missing = ['Source', 'DetailType', 'Detail'].filter(
    (k) => entry[k] === undefined || entry[k] === null || entry[k] === '',
  );
  if (missing.length > 0) return { failed: `Parameter(s) ${missing.join(', ')} is(are) missing.` };
  const raw = entry['Detail'];
  let detail: unknown = raw;
  if (typeof raw === 'string') {
    try {
      detail = JSON.parse(raw);
    } catch {
      detail = undefined;
    }
  }
  return isObject(detail) ? { detail } : { failed: 'Detail is malformed: it must be a JSON object.' };
}

/**
 * `events:putEvents` to a bus of Stepwise's own: the entries become EventBridge events for the
 * rules on that bus (durably, through the outbox) instead of a call to AWS. The answer is
 * PutEvents' (`Entries` with an `EventId` or an error each, `FailedEntryCount`); a failed entry
 * fails the task with `EventBridge.FailedEntry`, as the AWS integration does.
 */
export class LocalBus {
  readonly #deps: LocalBusDeps;
  readonly #buses: ReadonlySet<string>;

  constructor(deps: LocalBusDeps) {
    this.#deps = deps;
    this.#buses = new Set(deps.buses.map(busName));
  }

  /** Undefined when no entry is for a local bus (the task then calls AWS). */
  putEvents(parameters: unknown, context: unknown): Promise<PutEventsResult> | undefined {
    if (this.#buses.size === 0 || !isObject(parameters) || !Array.isArray(parameters['Entries']))
      return undefined;
    const entries = (parameters['Entries'] as unknown[]).map((e) => (isObject(e) ? e : {}));
    const buses = entries.map((e) =>
      busName(typeof e['EventBusName'] === 'string' ? e['EventBusName'] : 'default'),
    );
    const local = buses.filter((b) => this.#buses.has(b));
    if (local.length === 0) return undefined;
    if (local.length !== buses.length)
      return Promise.resolve({
        ok: false,
        error: 'States.TaskFailed',
        cause: `This putEvents mixes Stepwise's own event buses (${[...this.#buses].join(', ')}) with AWS ones; send them in separate tasks.`,
      });
    return this.#put(entries, buses, context);
  }

  async #put(
    entries: readonly Entry[],
    buses: readonly string[],
    context: unknown,
  ): Promise<PutEventsResult> {
    const { region, account, now, uuid, publish } = this.#deps;
    const execution = isObject(context) && isObject(context['Execution']) ? context['Execution'] : {};
    const machine = isObject(context) && isObject(context['StateMachine']) ? context['StateMachine'] : {};
    const lane = typeof execution['Id'] === 'string' ? execution['Id'] : 'putEvents';
    const sender = typeof machine['Id'] === 'string' ? machine['Id'] : '';
    const answers: Record<string, unknown>[] = [];
    const byBus = new Map<string, BusEvent[]>();
    for (const [i, entry] of entries.entries()) {
      const checked = detailOf(entry);
      if ('failed' in checked) {
        answers.push({ ErrorCode: 'InvalidArgument', ErrorMessage: checked.failed });
        continue;
      }
      const id = uuid();
      const resources = Array.isArray(entry['Resources']) ? entry['Resources'].map(String) : [];
      const event: BusEvent = {
        version: '0',
        id,
        'detail-type': String(entry['DetailType']),
        source: String(entry['Source']),
        account,
        time: new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region,
        resources,
        detail: checked.detail,
      };
      const bus = buses[i] ?? 'default';
      byBus.set(bus, [...(byBus.get(bus) ?? []), event]);
      answers.push({ EventId: id });
    }
    for (const [bus, events] of byBus) await publish(events, lane, { bus, sender });
    const failed = answers.filter((a) => a['ErrorCode'] !== undefined).length;
    const output = { Entries: answers, FailedEntryCount: failed };
    if (failed > 0) return { ok: false, error: 'EventBridge.FailedEntry', cause: JSON.stringify(output) };
    return { ok: true, output };
  }
}
