import type { Json, JsonObject } from '../../asl/index.ts';
import { isJsonObject, StatesErrors } from '../../asl/index.ts';
import { ServiceError } from '../errors.ts';
import type { HistoryEvent } from '../history/event.ts';
import type { MapRunRecord } from '../map-runs.ts';
import { KEPT_ITEMS_READ } from '../runner/map-items.ts';

/** A state of a definition by name, in branches and item processors too (names are unique). */
function findState(states: Json | undefined, name: string): JsonObject | undefined {
  if (!isJsonObject(states)) return undefined;
  for (const [key, state] of Object.entries(states)) {
    if (!isJsonObject(state)) continue;
    if (key === name) return state;
    const inner = [
      ...(Array.isArray(state['Branches']) ? state['Branches'] : []),
      state['ItemProcessor'],
      state['Iterator'],
    ];
    for (const machine of inner) {
      const found = isJsonObject(machine) ? findState(machine['States'], name) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/** The name of the state whose run an event belongs to: the nearest entry up its chain. */
function enteredState(byId: ReadonlyMap<number, HistoryEvent>, e: HistoryEvent): string | undefined {
  for (let at = byId.get(e.previousEventId); at; at = byId.get(at.previousEventId)) {
    const name = at.type.endsWith('StateEntered') ? at['stateEnteredEventDetails']?.['name'] : undefined;
    if (typeof name === 'string') return name;
  }
  return undefined;
}

const thrown = (e: HistoryEvent | undefined, error: string): Json | undefined => {
  const details = e?.['mapRunFailedEventDetails'];
  if (details?.['error'] !== error) return undefined;
  return { Error: error, ...(typeof details['cause'] === 'string' ? { Cause: details['cause'] } : {}) };
};

/**
 * A saved test's mocks of its distributed Maps (a Stepwise extension beside the MockConfigFile,
 * integrations' map-run-mocks.ts): by Map state, each Map Run in the order it started, with its
 * id (the Map's output names it), the items its ItemReader read and how its ResultWriter ended.
 * The items come from the Map Run's record, which keeps them when few.
 */
export function mapRunAnswers(
  events: readonly HistoryEvent[],
  definition: string,
  mapRun: (mapRunArn: string) => MapRunRecord | undefined,
): JsonObject {
  const byId = new Map(events.map((e) => [e.id, e]));
  const states = (JSON.parse(definition) as JsonObject)['States'];
  const out: Record<string, Json[]> = {};
  for (const started of events) {
    const arn = started['mapRunStartedEventDetails']?.['mapRunArn'];
    const name = started.type === 'MapRunStarted' ? enteredState(byId, started) : undefined;
    if (typeof arn !== 'string' || name === undefined) continue;
    const state = findState(states, name);
    const ended =
      events.find((e) => e.previousEventId === started.id && e.type.startsWith('MapRun')) ??
      events.find((e) => e.id > started.id && (e.type === 'MapRunFailed' || e.type === 'MapRunSucceeded'));
    const run: Record<string, Json> = { MapRunId: arn.slice(arn.lastIndexOf(':') + 1) };
    if (state?.['ItemReader'] !== undefined) {
      const items = mapRun(arn)?.itemsRead;
      if (!items) {
        throw new ServiceError(
          'ValidationException',
          `the items Map state '${name}' read are not kept (a Map Run keeps them when it reads at most ${KEPT_ITEMS_READ}): its reads cannot be mocked`,
        );
      }
      const failure = thrown(ended, StatesErrors.ItemReaderFailed);
      run['ItemReader'] = { Items: items as Json[], ...(failure ? { Throw: failure } : {}) };
    }
    const writer = state?.['ResultWriter'];
    if (isJsonObject(writer) && writer['Resource'] !== undefined) {
      const failure = thrown(ended, StatesErrors.ResultWriterFailed);
      run['ResultWriter'] = failure ? { Throw: failure } : {};
    }
    (out[name] ??= []).push(run);
  }
  return out;
}
