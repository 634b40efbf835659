import type { Json, JsonObject, ResultWriteSpec } from '../../asl/index.ts';
import type { ResultFile } from '../../integrations/index.ts';
import { isoTime } from '../iso-time.ts';
import { childName, childParts } from '../map-child.ts';

type ResultStatus = 'SUCCEEDED' | 'FAILED' | 'PENDING';

/** How a child ended, as its execution record tells it (shared by the run and its results). */
export interface ChildEnding {
  /** The output's JSON text (a child execution's record holds it so). */
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  /** When it started and stopped (epoch ms). */
  readonly start?: number;
  readonly stop?: number;
  /** The child execution (absent: iterations run in process, named as children would be). */
  readonly executionArn?: string;
  readonly redriveCount?: number;
}

/** What a Map Run keeps of each child for its ResultWriter, until the child is written down. */
export interface ChildResult extends ChildEnding {
  readonly index: number;
  readonly input: Json;
  readonly status: 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
}

/**
 * A child as Transformation NONE gives it: its output with the workflow metadata, the fields of
 * DescribeExecution with payloads as JSON text (AWS guide, "ResultWriter (Map)"). A failed child
 * is always given so, whatever the transformation.
 */
function described(mapRunArn: string, child: ChildResult): JsonObject {
  const done = child.status === 'SUCCEEDED';
  const { machinePath, prefix } = childParts(mapRunArn);
  const arn = child.executionArn ?? `${prefix}:execution:${machinePath}:${childName(mapRunArn, child.index)}`;
  return {
    ExecutionArn: arn,
    Input: JSON.stringify(child.input),
    InputDetails: { Included: true },
    Name: arn.split(':')[7] ?? '',
    ...(done
      ? { Output: child.output ?? 'null', OutputDetails: { Included: true } }
      : {
          ...(child.error !== undefined ? { Error: child.error } : {}),
          ...(child.cause !== undefined ? { Cause: child.cause } : {}),
        }),
    RedriveCount: child.redriveCount ?? 0,
    RedriveStatus: 'NOT_REDRIVABLE',
    ...(child.start !== undefined ? { StartDate: isoTime(child.start) } : {}),
    // A Map Run's children run the state machine `<machine>/<label>` (AWS guide, "Map Run").
    StateMachineArn: `${prefix}:stateMachine:${machinePath}`,
    Status: child.status === 'TIMED_OUT' ? 'TIMED_OUT' : child.status,
    ...(child.stop !== undefined ? { StopDate: isoTime(child.stop) } : {}),
  };
}

/** The JSON texts a child adds to its status's file (FLATTEN spreads an array output). */
function entries(spec: ResultWriteSpec, mapRunArn: string, child: ChildResult): string[] {
  if (spec.transformation === 'NONE' || child.status !== 'SUCCEEDED') {
    return [JSON.stringify(described(mapRunArn, child))];
  }
  const output = child.output ?? 'null';
  if (spec.transformation === 'FLATTEN' && output.startsWith('[')) {
    return (JSON.parse(output) as Json[]).map((e) => JSON.stringify(e));
  }
  return [output];
}

const statusOf = (child: ChildResult): ResultStatus =>
  child.status === 'SUCCEEDED' ? 'SUCCEEDED' : child.status === 'PENDING' ? 'PENDING' : 'FAILED';

const bytes = (s: string): number => Buffer.byteLength(s);

/**
 * The results of a Map Run with a ResultWriter, gathered as its children end: each child is
 * written down as JSON text at once, in item order (children that end early wait for those
 * before them), so the run holds text, not the children's values.
 */
export class MapResults {
  readonly #spec: ResultWriteSpec;
  readonly #mapRunArn: string;
  #texts: Record<ResultStatus, string[]> = { SUCCEEDED: [], FAILED: [], PENDING: [] };
  /** Entries joined in blocks (see #write). */
  #blocks: Record<ResultStatus, string[]> = { SUCCEEDED: [], FAILED: [], PENDING: [] };
  /** Every entry in item order, for a ResultWriter without Resource (the state output). */
  readonly #ordered: string[] | undefined;
  readonly #early = new Map<number, ChildResult>();
  #next = 0;

  constructor(spec: ResultWriteSpec, mapRunArn: string) {
    this.#spec = spec;
    this.#mapRunArn = mapRunArn;
    this.#ordered = spec.resource === undefined ? [] : undefined;
  }

  add(child: ChildResult): void {
    if (child.index !== this.#next) {
      this.#early.set(child.index, child);
      return;
    }
    this.#write(child);
    for (let c = this.#early.get(this.#next); c; c = this.#early.get(this.#next)) {
      this.#early.delete(c.index);
      this.#write(c);
    }
  }

  #write(child: ChildResult): void {
    this.#next = child.index + 1;
    const texts = entries(this.#spec, this.#mapRunArn, child);
    const status = statusOf(child);
    const list = this.#texts[status];
    list.push(...texts);
    // Many small strings cost more than their text: every so many, they become one block.
    if (list.length >= 4096) {
      this.#blocks[status].push(this.#joined(list));
      this.#texts[status] = [];
    }
    this.#ordered?.push(...texts);
  }

  #joined(texts: readonly string[]): string {
    return texts.join(this.#spec.outputType === 'JSONL' ? '\n' : ',');
  }

  /** The rest in item order (after a run that ended early, with gaps). */
  #drain(): void {
    for (const index of [...this.#early.keys()].sort((a, b) => a - b)) {
      const child = this.#early.get(index)!;
      this.#early.delete(index);
      this.#write(child);
    }
  }

  /** The outputs as WriterConfig.Transformation shapes them (a ResultWriter without Resource). */
  shaped(): Json[] {
    this.#drain();
    return JSON.parse(`[${(this.#ordered ?? []).join(',')}]`) as Json[];
  }

  /**
   * The files a ResultWriter exports: `<Prefix>/<map run id>/SUCCEEDED_0.json`, `FAILED_0.json`
   * and `PENDING_0.json` for the statuses that have children, then `manifest.json` listing them
   * (AWS guide, "ResultWriter (Map)"; the key and the state output: LocalStack's
   * test_map_state_result_writer, recorded on AWS). Also the Map state's output.
   */
  files(): { files: ResultFile[]; output: JsonObject } {
    this.#drain();
    const spec = this.#spec;
    const mapRunArn = this.#mapRunArn;
    const runId = mapRunArn.slice(mapRunArn.lastIndexOf(':') + 1);
    const base = spec.prefix ? `${spec.prefix.replace(/\/+$/, '')}/${runId}` : runId;
    const ext = spec.outputType === 'JSONL' ? 'jsonl' : 'json';
    const files: ResultFile[] = [];
    const listed: Record<string, Json[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
    for (const status of ['SUCCEEDED', 'FAILED', 'PENDING'] as const) {
      const texts = [...this.#blocks[status], ...this.#texts[status]];
      if (texts.length === 0) continue;
      this.#blocks[status] = [];
      const key = `${base}/${status}_0.${ext}`;
      const body = spec.outputType === 'JSONL' ? this.#joined(texts) + '\n' : `[${this.#joined(texts)}]`;
      this.#texts[status] = [];
      files.push({ key, body });
      listed[status]!.push({ Key: key, Size: bytes(body) });
    }
    const manifestKey = `${base}/manifest.json`;
    files.push({
      key: manifestKey,
      body: JSON.stringify({ DestinationBucket: spec.bucket, MapRunArn: mapRunArn, ResultFiles: listed }),
    });
    return {
      files,
      output: { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: spec.bucket, Key: manifestKey } },
    };
  }
}
