import type { ErrorValue, Json, JsonObject, ResultWriteSpec } from '../../asl/index.ts';
import { StatesErrors } from '../../asl/index.ts';
import type { ResultUpload } from '../../integrations/index.ts';
import { isoTime } from '../iso-time.ts';
import { childName, childParts } from '../map-child.ts';
import { MAX_RESULT_FILE_BYTES, ResultFiles } from './result-file.ts';

/** Bytes on their way to S3 past which the run waits (a slow bucket holds back the children). */
const BACKLOG_BYTES = 32 * 1024 * 1024;

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

/**
 * The results of a Map Run with a ResultWriter, gathered as its children end, in item order
 * (children that end early wait for those before them). With a Resource, each child's entries go
 * at once to its status's files on their way to S3 (ResultFiles); without, they are kept as text
 * for the state's output.
 */
export class MapResults {
  readonly #spec: ResultWriteSpec;
  readonly #mapRunArn: string;
  readonly #base: string;
  /** Where the files go (absent: no Resource, or no way to write them). */
  readonly #upload: ResultUpload | undefined;
  readonly #files: Partial<Record<ResultStatus, ResultFiles>> = {};
  /** Every entry in item order, for a ResultWriter without Resource (the state output). */
  readonly #ordered: string[] | undefined;
  readonly #early = new Map<number, ChildResult>();
  #next = 0;

  constructor(spec: ResultWriteSpec, mapRunArn: string, upload: ResultUpload | undefined) {
    this.#spec = spec;
    this.#mapRunArn = mapRunArn;
    const runId = mapRunArn.slice(mapRunArn.lastIndexOf(':') + 1);
    this.#base = spec.prefix ? `${spec.prefix.replace(/\/+$/, '')}/${runId}` : runId;
    this.#upload = spec.resource === undefined ? undefined : upload;
    this.#ordered = spec.resource === undefined ? [] : undefined;
  }

  /** Too much is on its way to S3: the run starts no more children until it drains. */
  get full(): boolean {
    return (this.#upload?.backlog ?? 0) > BACKLOG_BYTES;
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
    if (this.#ordered) {
      this.#ordered.push(...texts);
      return;
    }
    const upload = this.#upload;
    if (!upload) return;
    const status = statusOf(child);
    const ext = this.#spec.outputType === 'JSONL' ? 'jsonl' : 'json';
    const files = (this.#files[status] ??= new ResultFiles(
      upload,
      (n) => `${this.#base}/${status}_${n}.${ext}`,
      this.#spec.outputType === 'JSONL',
      MAX_RESULT_FILE_BYTES,
    ));
    for (const text of texts) files.add(text);
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
   * Ends the files a ResultWriter exports: `<Prefix>/<map run id>/SUCCEEDED_0.json`,
   * `FAILED_0.json` and `PENDING_0.json` for the statuses that have children, then
   * `manifest.json` listing them (AWS guide, "ResultWriter (Map)"; the key and the state output:
   * LocalStack's test_map_state_result_writer, recorded on AWS). Gives the Map state's output.
   */
  async export(): Promise<{ ok: true; output: JsonObject } | ({ ok: false } & ErrorValue)> {
    this.#drain();
    const upload = this.#upload;
    if (!upload) {
      return {
        ok: false,
        error: StatesErrors.ResultWriterFailed,
        cause: 'Stepwise has no Amazon S3 access here.',
      };
    }
    const spec = this.#spec;
    const listed: Record<string, Json[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
    for (const status of ['SUCCEEDED', 'FAILED', 'PENDING'] as const) {
      for (const file of this.#files[status]?.end() ?? []) {
        listed[status]!.push({ Key: file.key, Size: file.size });
      }
    }
    const manifestKey = `${this.#base}/manifest.json`;
    const body = JSON.stringify({
      DestinationBucket: spec.bucket,
      MapRunArn: this.#mapRunArn,
      ResultFiles: listed,
    });
    const written = await upload.finish({ key: manifestKey, body });
    if (!written.ok) return written;
    return {
      ok: true,
      output: { MapRunArn: this.#mapRunArn, ResultWriterDetails: { Bucket: spec.bucket, Key: manifestKey } },
    };
  }

  /** The run ended without its results (the execution stopped): nothing is written. */
  async abandon(): Promise<void> {
    await this.#upload?.abort();
  }
}
