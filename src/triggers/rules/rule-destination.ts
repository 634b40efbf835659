import { createHash } from 'node:crypto';
import type { Engine } from '../../engine/index.ts';
import { ServiceError } from '../../engine/index.ts';
import type { Destination } from '../events/webhook-outbox.ts';
import { matchesPattern } from './event-pattern.ts';
import { busName } from './local-bus.ts';
import type { InputTransformer } from './input-transformer.ts';
import { transformInput, valueAt } from './input-transformer.ts';

/** An EventBridge-style rule over status-change events whose target is a state machine. */
export interface Rule {
  readonly name: string;
  /** The bus whose events it looks at: `default` (status changes) unless a local bus is named. */
  readonly eventBusName?: string | undefined;
  /** An EventBridge event pattern (`{"source":["aws.states"],"detail":{"status":["FAILED"]}}`). */
  readonly eventPattern: Readonly<Record<string, unknown>>;
  /** The state machine to start (a name or an ARN). */
  readonly stateMachine: string;
  /** The input: the whole event unless a path (`$.detail`) or a transformer says otherwise. */
  readonly inputPath?: string | undefined;
  readonly inputTransformer?: InputTransformer | undefined;
}

/**
 * A rule as an outbox destination: a matching event starts the state machine, through the outbox,
 * so a match survives a restart; the execution is named for the rule and the event, so a
 * delivery retried or repeated after a restart starts it once.
 */
export function ruleDestination(
  rule: Rule,
  engine: Pick<Engine, 'stateMachineArn' | 'startExecution' | 'writesOf' | 'reading'>,
): Destination {
  const target = rule.stateMachine.startsWith('arn:')
    ? rule.stateMachine
    : engine.stateMachineArn(rule.stateMachine);
  return {
    name: `rule:${rule.name}`,
    // A rule never reacts to its own target's executions or events: that would loop.
    accepts: (event, origin) =>
      origin.bus === busName(rule.eventBusName ?? 'default') &&
      origin.sender !== target &&
      matchesPattern(rule.eventPattern, event),
    async deliver(body, key) {
      const event = JSON.parse(body) as unknown;
      const input = rule.inputTransformer
        ? transformInput(rule.inputTransformer, event, rule.name)
        : JSON.stringify(valueAt(event, rule.inputPath ?? '$') ?? null);
      const id = createHash('sha256').update(key).digest('hex').slice(0, 16);
      const name = `${rule.name.slice(0, 63)}-${id}`;
      try {
        const started = await engine.reading(() =>
          engine.writesOf(() => engine.startExecution({ stateMachineArn: target, name, input })),
        );
        await started.durable();
      } catch (e) {
        if (e instanceof ServiceError && e.code === 'ExecutionAlreadyExists') return undefined;
        // A target that does not exist is retried too: it may be created (or the store come back).
        return e instanceof Error ? e.message : String(e);
      }
      return undefined;
    },
  };
}
