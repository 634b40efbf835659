import { createHash } from 'node:crypto';
import type { Json, Machine } from '../asl/index.ts';
import type { ExecutionStatus } from './execution-record.ts';

/** One item (or batch) of a distributed Map Run, to run as a child workflow execution. */
export interface ChildRequest {
  readonly mapRunArn: string;
  readonly index: number;
  readonly input: Json;
  /** The Map's ItemProcessor: the child's state machine. */
  readonly processor: Machine;
  /** ProcessorConfig.ExecutionType EXPRESS: in memory, neither listed nor described. */
  readonly express: boolean;
  /** A redrive of the Map Run: a child that ended unsuccessfully is redriven. */
  readonly redrive: boolean;
  /** Aborted when the Map Run ends early (a stop, exceeded failures): the child is stopped. */
  readonly signal: AbortSignal;
}

/** How a child execution ended (its record's fields; the output as its JSON text). */
export interface ChildEnd {
  readonly executionArn: string;
  readonly name: string;
  /** RUNNING only when the engine halted under it (it resumes with its parent). */
  readonly status: ExecutionStatus;
  readonly output?: string | undefined;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
  readonly startDate: number;
  readonly stopDate?: number | undefined;
  readonly redriveCount: number;
}

/**
 * A child's name: a UUID-shaped digest of its Map Run and index, so that after a restart the Map
 * Run finds the child it started before instead of starting another (AWS names children by UUID).
 */
export function childName(mapRunArn: string, index: number): string {
  const h = createHash('sha1').update(`${mapRunArn}#${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * `arn:…:mapRun:<machine>/<label>:<run id>` gives the children's ARN prefix and state machine:
 * `…:execution:<machine>/<label>` and `…:stateMachine:<machine>/<label>` (AWS guide, "Map Run":
 * the child workflow executions run the state machine `<stateMachineName>/<MapRunLabel>`).
 */
export function childParts(mapRunArn: string): { readonly machinePath: string; readonly prefix: string } {
  const at = mapRunArn.indexOf(':mapRun:');
  const path = mapRunArn.slice(at + ':mapRun:'.length, mapRunArn.lastIndexOf(':'));
  return { machinePath: path, prefix: mapRunArn.slice(0, at) };
}

/**
 * The state machine a child of `mapRunArn` runs: the ItemProcessor of the distributed Map of
 * `machine` (its parent's definition, nested processors included) that names the Map Run. A
 * server that claims a child whose parent runs elsewhere has only the parent's definition.
 */
export function processorOf(machine: Machine, mapRunArn: string): Machine | undefined {
  const path = childParts(mapRunArn).machinePath;
  const label = path.slice(path.lastIndexOf('/') + 1);
  for (const [name, state] of machine.states) {
    if (state.type === 'Map') {
      if (state.mode === 'DISTRIBUTED' && (state.label ?? name) === label) return state.processor;
      const inner = processorOf(state.processor, mapRunArn);
      if (inner) return inner;
    }
    if (state.type === 'Parallel') {
      for (const branch of state.branches) {
        const inner = processorOf(branch, mapRunArn);
        if (inner) return inner;
      }
    }
  }
  return undefined;
}
