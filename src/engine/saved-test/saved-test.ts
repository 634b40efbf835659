import type { Json, JsonObject } from '../../asl/index.ts';
import { ServiceError } from '../errors.ts';
import type { ExecutionRecord } from '../execution-record.ts';
import type { HistoryEvent } from '../history/event.ts';
import type { MapRunRecord } from '../map-runs.ts';
import { mapRunAnswers } from './map-run-answers.ts';
import type { RecordedAnswer } from './task-answers.ts';
import { taskAnswers } from './task-answers.ts';

/** What a saved test is made from: a closed execution, its history and its definition. */
export interface SavedTestSource {
  readonly stateMachineName: string;
  readonly definition: string;
  readonly record: ExecutionRecord;
  readonly events: readonly HistoryEvent[];
  /** The execution's Map Runs by ARN: their records keep what their ItemReaders read. */
  readonly mapRun: (mapRunArn: string) => MapRunRecord | undefined;
}

/** The names of the states entered, in order (what `stepwise test` compares as `path`). */
function enteredStates(events: readonly HistoryEvent[]): string[] {
  const names: string[] = [];
  for (const e of events) {
    const name = e.type.endsWith('StateEntered') ? e['stateEnteredEventDetails']?.['name'] : undefined;
    if (typeof name === 'string') names.push(name);
  }
  return names;
}

const sameAnswer = (a: RecordedAnswer, b: RecordedAnswer): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Invocation numbers as Step Functions Local reads them: equal neighbours merged into "1-3". */
function byInvocation(answers: readonly RecordedAnswer[]): JsonObject {
  const out: Record<string, Json> = {};
  for (let from = 0; from < answers.length;) {
    let to = from;
    while (to + 1 < answers.length && sameAnswer(answers[to + 1]!, answers[from]!)) to++;
    out[from === to ? `${from}` : `${from}-${to}`] = answers[from] as unknown as Json;
    from = to + 1;
  }
  return out;
}

/**
 * Why an execution cannot be replayed as a test, or undefined. Only a run that ended by itself
 * can: a stop or an execution timeout came from outside the workflow.
 */
function refusal(record: ExecutionRecord): string | undefined {
  if (record.status === 'RUNNING')
    return `the execution is ${record.status}; only a closed execution can be saved as a test`;
  if (record.status === 'ABORTED')
    return 'the execution was stopped (ABORTED); a stop comes from outside the workflow and cannot be replayed';
  if (record.status === 'TIMED_OUT')
    return "the execution timed out (its TimeoutSeconds); that depends on the clock, not on the tasks' answers";
  return undefined;
}

/**
 * A `stepwise test` file reproducing one closed execution (a Stepwise extension): its input, a
 * Step Functions Local MockConfigFile test case that answers every task as it was answered
 * (per invocation), and the outcome and path expected.
 */
export function savedTest(source: SavedTestSource): JsonObject {
  const { record, events, stateMachineName } = source;
  const refused = refusal(record);
  if (refused) throw new ServiceError('ValidationException', refused);
  if (events.length === 0)
    throw new ServiceError(
      'ValidationException',
      'the execution has no history (an Express execution without logging)',
    );
  const testCase = record.name;
  const states: Record<string, string> = {};
  const responses: Record<string, Json> = {};
  for (const [state, answers] of taskAnswers(events)) {
    const response = `${testCase}.${state}`;
    states[state] = response;
    responses[response] = byInvocation(answers);
  }
  const expect: Record<string, Json> = { status: record.status };
  if (record.status === 'SUCCEEDED') expect['output'] = JSON.parse(record.output ?? 'null') as Json;
  else {
    if (record.error !== undefined) expect['error'] = record.error;
    if (record.cause !== undefined) expect['cause'] = record.cause;
  }
  expect['path'] = enteredStates(events);
  const mapRuns = mapRunAnswers(events, source.definition, source.mapRun);
  return {
    stateMachine: { name: stateMachineName, definition: JSON.parse(source.definition) as Json },
    mockConfig: {
      StateMachines: { [stateMachineName]: { TestCases: { [testCase]: states } } },
      MockedResponses: responses,
    },
    // Distributed Maps read and write S3 themselves, not through a Task: a Stepwise extension.
    ...(Object.keys(mapRuns).length > 0 ? { mapRunMocks: { [testCase]: mapRuns } } : {}),
    tests: [
      {
        name: `${testCase} (saved from ${record.executionArn})`,
        testCase,
        executionName: record.name,
        // `$$.Execution.StartTime` (and what is computed from it) as the run saw it.
        startTime: new Date(record.startDate).toISOString(),
        input: JSON.parse(record.input) as Json,
        expect,
      },
    ],
  };
}
