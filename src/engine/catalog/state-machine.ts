import type { Json, JsonObject } from '../../asl/index.ts';
import type { VersionRecord } from './versions.ts';

// A state machine's record, the requests that create and change it, and what identifies one
// revision of it.

export type StateMachineType = 'STANDARD' | 'EXPRESS';

export interface StateMachineRecord {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type: StateMachineType;
  readonly definition: string;
  readonly roleArn: string;
  readonly creationDate: number;
  readonly loggingConfiguration: JsonObject;
  readonly tracingConfiguration: JsonObject;
  readonly tags: ReadonlyArray<{ key: string; value: string }>;
  /** Changes with every UpdateStateMachine that changes something; absent until the first. */
  readonly revisionId?: string | undefined;
  readonly updateDate?: number | undefined;
  /** A published version's description. */
  readonly description?: string | undefined;
}

/** What CreateStateMachine and UpdateStateMachine may both set besides the definition. */
interface StateMachineOptions {
  readonly loggingConfiguration?: JsonObject | undefined;
  readonly tracingConfiguration?: JsonObject | undefined;
  /** Publish a version of the machine as created or updated, with this description. */
  readonly publish?: boolean | undefined;
  readonly versionDescription?: string | undefined;
}

export interface UpdateStateMachineInput extends StateMachineOptions {
  readonly stateMachineArn: string;
  readonly definition?: string | undefined;
  readonly roleArn?: string | undefined;
}

/** The machine, version or alias an execution was started from, and what it ran. */
export interface ExecutionSource {
  readonly record: StateMachineRecord;
  readonly stateMachineVersionArn?: string | undefined;
  readonly stateMachineAliasArn?: string | undefined;
}

export type StateMachineVersion = VersionRecord<StateMachineRecord>;

export interface CreateStateMachineInput extends StateMachineOptions {
  readonly name: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly type?: StateMachineType | undefined;
  readonly tags?: ReadonlyArray<{ key: string; value: string }> | undefined;
}

/**
 * The key of a stored revision of a machine. The creation date keeps a machine deleted and
 * created again under the same name apart from the first one, whose executions may still run.
 */
export function revisionKey(r: StateMachineRecord): string {
  return `${r.stateMachineArn}#${r.creationDate}#${r.revisionId ?? 'INITIAL'}`;
}

/** Key-order-insensitive equality of two small JSON configurations. */
export function sameJson(a: Json, b: Json): boolean {
  const canonical = (v: Json): string =>
    JSON.stringify(v, (_k, x: Json) =>
      x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x,
    );
  return canonical(a) === canonical(b);
}

export const DEFAULT_LOGGING: JsonObject = { level: 'OFF', includeExecutionData: false };
export const DEFAULT_TRACING: JsonObject = { enabled: false };
