import type { Json, JsonObject, ResultWriteSpec } from '../../asl/index.ts';
import type { ResultFile } from '../../integrations/index.ts';
import { isoTime } from '../iso-time.ts';

/** What a Map Run keeps of each child for its ResultWriter. */
export interface ChildResult {
  readonly index: number;
  readonly input: Json;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  output?: Json;
  error?: string | undefined;
  cause?: string | undefined;
  start?: number;
  stop?: number;
}

/** A child's execution ARN: the Map Run's, as an execution of the map run's state machine path. */
const childArn = (mapRunArn: string, index: number): string => {
  const at = mapRunArn.lastIndexOf(':');
  return `${mapRunArn.slice(0, at).replace(':mapRun:', ':execution:')}:${mapRunArn.slice(at + 1)}_${index}`;
};

/**
 * A child as Transformation NONE gives it: its output with the workflow metadata, the fields of
 * DescribeExecution with payloads as JSON text (AWS guide, "ResultWriter (Map)"). A failed child
 * is always given so, whatever the transformation.
 */
function described(mapRunArn: string, child: ChildResult): JsonObject {
  const done = child.status === 'SUCCEEDED';
  const arn = childArn(mapRunArn, child.index);
  return {
    ExecutionArn: arn,
    Input: JSON.stringify(child.input),
    InputDetails: { Included: true },
    Name: arn.slice(arn.lastIndexOf(':') + 1),
    ...(done
      ? { Output: JSON.stringify(child.output ?? null), OutputDetails: { Included: true } }
      : {
          ...(child.error !== undefined ? { Error: child.error } : {}),
          ...(child.cause !== undefined ? { Cause: child.cause } : {}),
        }),
    RedriveCount: 0,
    RedriveStatus: 'NOT_REDRIVABLE',
    ...(child.start !== undefined ? { StartDate: isoTime(child.start) } : {}),
    // A Map Run's children run the state machine `<machine>/<label>` (AWS guide, "Map Run").
    StateMachineArn: mapRunArn.slice(0, mapRunArn.lastIndexOf(':')).replace(':mapRun:', ':stateMachine:'),
    Status: child.status,
    ...(child.stop !== undefined ? { StopDate: isoTime(child.stop) } : {}),
  };
}

/**
 * The outputs of the children as WriterConfig.Transformation shapes them: COMPACT the outputs,
 * FLATTEN the outputs with array outputs spread into the list, NONE each with its metadata.
 */
export function transformed(
  spec: ResultWriteSpec,
  mapRunArn: string,
  children: readonly ChildResult[],
): Json[] {
  const out: Json[] = [];
  children.forEach((child) => {
    if (spec.transformation === 'NONE' || child.status !== 'SUCCEEDED') {
      out.push(described(mapRunArn, child));
    } else if (spec.transformation === 'FLATTEN' && Array.isArray(child.output)) {
      out.push(...child.output);
    } else out.push(child.output ?? null);
  });
  return out;
}

const text = (spec: ResultWriteSpec, entries: readonly Json[]): string =>
  spec.outputType === 'JSONL'
    ? entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : '')
    : JSON.stringify(entries);

const bytes = (s: string): number => new TextEncoder().encode(s).length;

/**
 * The files a ResultWriter exports: `<Prefix>/<map run id>/SUCCEEDED_0.json`, `FAILED_0.json`
 * and `PENDING_0.json` for the statuses that have children, then `manifest.json` listing them
 * (AWS guide, "ResultWriter (Map)"; the key and the state output: LocalStack's
 * test_map_state_result_writer, recorded on AWS). Also the Map state's output.
 */
export function resultFiles(
  spec: ResultWriteSpec,
  mapRunArn: string,
  children: readonly ChildResult[],
): { files: ResultFile[]; output: JsonObject } {
  const runId = mapRunArn.slice(mapRunArn.lastIndexOf(':') + 1);
  const base = spec.prefix ? `${spec.prefix.replace(/\/+$/, '')}/${runId}` : runId;
  const ext = spec.outputType === 'JSONL' ? 'jsonl' : 'json';
  const groups: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', ChildResult[]> = {
    SUCCEEDED: [],
    FAILED: [],
    PENDING: [],
  };
  for (const c of children) groups[c.status === 'ABORTED' ? 'FAILED' : c.status].push(c);
  const files: ResultFile[] = [];
  const listed: Record<string, Json[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  for (const status of ['SUCCEEDED', 'FAILED', 'PENDING'] as const) {
    const group = groups[status];
    if (group.length === 0) continue;
    const entries =
      status === 'SUCCEEDED'
        ? transformed(spec, mapRunArn, group)
        : group.map((c) => described(mapRunArn, c));
    const key = `${base}/${status}_0.${ext}`;
    const body = text(spec, entries);
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
