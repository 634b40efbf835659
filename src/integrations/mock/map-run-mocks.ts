import type { Json } from '../../asl/index.ts';
import { isJsonObject } from '../../asl/index.ts';
import type { ItemPart, ItemReadResult, ResultUploadResult } from '../map-data.ts';

type Failure = { readonly error: string; readonly cause: string };

/** One Map Run of a Map state, mocked: its id, what its reader read, how its writer ended. */
export interface MockedMapRun {
  readonly mapRunId: string | undefined;
  /** The items read, then the reader's failure, if it failed; absent: the reader is not mocked. */
  readonly itemReader: { readonly items: readonly Json[]; readonly failure?: Failure } | undefined;
  /** Undefined: written (and dropped); a failure: the writer's; absent member: not mocked. */
  readonly resultWriter: { readonly failure?: Failure } | undefined;
}

function failureOf(where: string, value: Json | undefined): Failure | undefined {
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) throw new Error(`${where}.Throw must be an object`);
  const error = typeof value['Error'] === 'string' ? value['Error'] : 'States.TaskFailed';
  return { error, cause: typeof value['Cause'] === 'string' ? value['Cause'] : '' };
}

function mockedRun(where: string, body: Json): MockedMapRun {
  if (!isJsonObject(body)) throw new Error(`${where} must be an object`);
  const reader = body['ItemReader'];
  const writer = body['ResultWriter'];
  if (reader !== undefined && (!isJsonObject(reader) || !Array.isArray(reader['Items']))) {
    throw new Error(`${where}.ItemReader needs Items (a list)`);
  }
  if (writer !== undefined && !isJsonObject(writer))
    throw new Error(`${where}.ResultWriter must be an object`);
  const readFailure = reader && failureOf(`${where}.ItemReader`, reader['Throw']);
  const writeFailure = writer && failureOf(`${where}.ResultWriter`, writer['Throw']);
  return {
    mapRunId: typeof body['MapRunId'] === 'string' ? body['MapRunId'] : undefined,
    itemReader: reader && {
      items: reader['Items'] as Json[],
      ...(readFailure ? { failure: readFailure } : {}),
    },
    resultWriter: writer && (writeFailure ? { failure: writeFailure } : {}),
  };
}

/**
 * A saved test's distributed Maps, mocked (a Stepwise extension beside the MockConfigFile, which
 * has nothing for them): `{"<test case>": {"<Map state>": [run 0, run 1, …]}}`, each run
 * `{"MapRunId", "ItemReader": {"Items": […], "Throw"?}, "ResultWriter": {"Throw"?}}`. The runs
 * of a state count from 0 per execution, as a MockConfigFile's invocations do.
 */
export class MapRunMocks {
  readonly #cases = new Map<string, Map<string, MockedMapRun[]>>();

  constructor(config: Json) {
    if (!isJsonObject(config)) throw new Error('mapRunMocks must be a JSON object');
    for (const [testCase, states] of Object.entries(config)) {
      if (!isJsonObject(states)) throw new Error(`mapRunMocks.${testCase} must be an object`);
      const byState = new Map<string, MockedMapRun[]>();
      for (const [state, runs] of Object.entries(states)) {
        const where = `mapRunMocks.${testCase}.${state}`;
        if (!Array.isArray(runs)) throw new Error(`${where} must be a list of Map Runs`);
        byState.set(
          state,
          runs.map((r, i) => mockedRun(`${where}[${i}]`, r)),
        );
      }
      this.#cases.set(testCase, byState);
    }
  }

  /** The `run`-th Map Run (0-based) of a state in a test case, if mocked. */
  run(testCase: string, state: string, run: number): MockedMapRun | undefined {
    return this.#cases.get(testCase)?.get(state)?.[run];
  }
}

/** A mocked reader's answer: its items in one part, then its failure, if it failed. */
export function mockedRead(reader: NonNullable<MockedMapRun['itemReader']>): ItemReadResult {
  async function* parts(): AsyncGenerator<ItemPart> {
    await Promise.resolve();
    yield { items: [...reader.items] };
    if (reader.failure) yield reader.failure;
  }
  return { ok: true, items: parts() };
}

/** A mocked writer: it takes the result files and drops them, then ends as the original did. */
export function mockedUpload(writer: NonNullable<MockedMapRun['resultWriter']>): ResultUploadResult {
  return {
    ok: true,
    upload: {
      append: () => {},
      backlog: 0,
      onDrain: () => {},
      finish: () => Promise.resolve(writer.failure ? { ok: false, ...writer.failure } : { ok: true }),
      abort: () => Promise.resolve(),
    },
  };
}
