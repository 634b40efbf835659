import type { Json } from '../../asl/index.ts';
import { isJsonObject } from '../../asl/index.ts';

/** One mocked answer: `Return` (the task's result) or `Throw` (its error). */
export type MockedAnswer =
  | { readonly kind: 'return'; readonly value: Json }
  | { readonly kind: 'throw'; readonly error: string; readonly cause: string | undefined };

interface Ranged {
  readonly from: number;
  readonly to: number;
  readonly answer: MockedAnswer;
}

/**
 * The Step Functions Local MockConfigFile: `StateMachines.<name>.TestCases.<case>.<state>` names
 * a mocked response; `MockedResponses.<response>` maps invocation numbers ("0", "1-2") to
 * `{Return}` or `{Throw: {Error, Cause}}`. Invocations of a state count from 0 per execution,
 * retries included; past the last range the last answer repeats.
 */
export class MockConfig {
  readonly #cases = new Map<string, Map<string, Map<string, string>>>();
  readonly #responses = new Map<string, Ranged[]>();

  constructor(config: Json) {
    if (!isJsonObject(config)) throw new Error('a mock configuration must be a JSON object');
    const machines = isJsonObject(config['StateMachines']) ? config['StateMachines'] : {};
    for (const [machine, body] of Object.entries(machines)) {
      const cases = new Map<string, Map<string, string>>();
      const testCases = isJsonObject(body) && isJsonObject(body['TestCases']) ? body['TestCases'] : {};
      for (const [testCase, states] of Object.entries(testCases)) {
        const byState = new Map<string, string>();
        for (const [state, response] of Object.entries(isJsonObject(states) ? states : {})) {
          if (typeof response === 'string') byState.set(state, response);
        }
        cases.set(testCase, byState);
      }
      this.#cases.set(machine, cases);
    }
    const responses = isJsonObject(config['MockedResponses']) ? config['MockedResponses'] : {};
    for (const [name, body] of Object.entries(responses)) {
      this.#responses.set(name, parseRanges(name, body));
    }
  }

  hasTestCase(stateMachineName: string, testCase: string): boolean {
    return this.#cases.get(stateMachineName)?.has(testCase) ?? false;
  }

  /** The mocked answer for the `invocation`-th call (0-based) of a state, if the case mocks it. */
  answer(
    stateMachineName: string,
    testCase: string,
    state: string,
    invocation: number,
  ): MockedAnswer | undefined {
    const response = this.#cases.get(stateMachineName)?.get(testCase)?.get(state);
    if (response === undefined) return undefined;
    const ranges = this.#responses.get(response);
    if (!ranges || ranges.length === 0) return undefined;
    return (ranges.find((r) => invocation >= r.from && invocation <= r.to) ?? ranges.at(-1)!).answer;
  }
}

function parseRanges(name: string, body: Json): Ranged[] {
  if (!isJsonObject(body)) throw new Error(`MockedResponses.${name} must be an object`);
  const out: Ranged[] = [];
  for (const [key, value] of Object.entries(body)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(key);
    if (!m) throw new Error(`MockedResponses.${name}: '${key}' is not an invocation number or range`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    out.push({ from, to, answer: parseAnswer(`${name}.${key}`, value) });
  }
  return out.sort((a, b) => a.from - b.from);
}

function parseAnswer(where: string, value: Json): MockedAnswer {
  if (isJsonObject(value) && 'Return' in value) return { kind: 'return', value: value['Return'] ?? null };
  if (isJsonObject(value) && isJsonObject(value['Throw'])) {
    const t = value['Throw'];
    return {
      kind: 'throw',
      error: typeof t['Error'] === 'string' ? t['Error'] : 'States.TaskFailed',
      cause: typeof t['Cause'] === 'string' ? t['Cause'] : undefined,
    };
  }
  throw new Error(`MockedResponses.${where} needs Return or Throw`);
}
