import type { Json, JsonObject } from '../json.ts';
import { isJsonObject } from '../json.ts';
import type { PathQuery } from '../query/jsonpath/index.ts';
import { compilePath, compileResultPath } from '../query/jsonpath/index.ts';
import { compileTemplate } from '../query/template/index.ts';
import { compileChoiceMatch } from '../states/choice/index.ts';
import type { Evaluator } from './evaluator.ts';
import { compileCatchers, compileRetriers } from './recovery.ts';
import type {
  DynamicValue,
  ItemBatcher,
  Machine,
  QueryLanguage,
  State,
  Transition,
  WaitSpec,
} from './state.ts';
import { compileJsonataFields } from './jsonata-fields.ts';
import { compileItemReader, compileResultWriter } from './map-io.ts';
import { classifyTaskResource } from './task-resource.ts';
import { compileIntrinsic, isIntrinsicCall } from '../query/intrinsics/index.ts';

/**
 * Turns a definition that passed `validateDefinition` into the compiled model: every path,
 * template and choice rule is compiled here, once, so running a state never parses anything.
 */
export function compileMachine(definition: JsonObject, inherited: QueryLanguage = 'JSONPath'): Machine {
  const language = languageOf(definition['QueryLanguage'], inherited);
  const states = new Map<string, State>();
  const raw = definition['States'];
  if (isJsonObject(raw)) {
    for (const [name, s] of Object.entries(raw)) {
      if (isJsonObject(s)) states.set(name, compileState(name, s, language));
    }
  }
  const timeout = definition['TimeoutSeconds'];
  return {
    startAt: str(definition['StartAt']),
    states,
    timeoutSeconds: typeof timeout === 'number' ? timeout : undefined,
    raw: definition,
  };
}

/**
 * Only the exact string "JSONPath" is JSONPath; any other value is JSONata (as validation reads
 * it); absent inherits.
 */
const languageOf = (v: Json | undefined, inherited: QueryLanguage): QueryLanguage =>
  v === undefined ? inherited : v === 'JSONPath' ? 'JSONPath' : 'JSONata';

/** A string field of a validated definition. */
const str = (v: Json | undefined): string => (typeof v === 'string' ? v : '');

const optPath = (v: Json | undefined): PathQuery | null | undefined =>
  v === undefined ? undefined : v === null ? null : compilePath(v as string);

const template = (v: Json | undefined, field: string): Evaluator | undefined =>
  v === undefined ? undefined : compileTemplate(v, field);

const resultPath = (s: JsonObject) =>
  compileResultPath(s['ResultPath'] === undefined ? '$' : (s['ResultPath'] as string | null));

const transition = (s: JsonObject): Transition => (s['End'] === true ? null : str(s['Next']));

/** A value given either literally (`Field`) or by a path (`FieldPath`). */
function valueOrPath(s: JsonObject, field: string): number | PathQuery | undefined {
  const literal = s[field];
  if (typeof literal === 'number') return literal;
  const path = s[`${field}Path`];
  return typeof path === 'string' ? compilePath(path) : undefined;
}

/** Fail's Error/Cause: a literal, or `ErrorPath`/`CausePath` holding a path or an intrinsic call. */
function stringOrPath(s: JsonObject, field: string): string | DynamicValue | undefined {
  const literal = s[field];
  if (typeof literal === 'string') return literal;
  const source = s[`${field}Path`];
  if (typeof source !== 'string') return undefined;
  if (isIntrinsicCall(source)) return { source, select: compileIntrinsic(source) };
  return compilePath(source);
}

/** A JSONPath Map's ItemBatcher (validation allows it only on a DISTRIBUTED Map). */
function compileItemBatcher(v: Json | undefined): ItemBatcher | undefined {
  if (!isJsonObject(v)) return undefined;
  return {
    maxItemsPerBatch: valueOrPath(v, 'MaxItemsPerBatch'),
    maxInputBytesPerBatch: valueOrPath(v, 'MaxInputBytesPerBatch'),
    batchInput: template(v['BatchInput'], 'BatchInput'),
  };
}

function compileWait(s: JsonObject, jsonata: boolean): WaitSpec {
  // A JSONata Wait is read from its JSONata fields instead.
  if (jsonata) return { kind: 'Seconds', value: 0 };
  if (typeof s['Seconds'] === 'number') return { kind: 'Seconds', value: s['Seconds'] };
  if (typeof s['Timestamp'] === 'string') return { kind: 'Timestamp', value: s['Timestamp'] };
  if (typeof s['SecondsPath'] === 'string')
    return { kind: 'SecondsPath', path: compilePath(s['SecondsPath']) };
  return { kind: 'TimestampPath', path: compilePath(str(s['TimestampPath'])) };
}

function compileState(name: string, s: JsonObject, machineLanguage: QueryLanguage): State {
  // Nested machines (branches, item processors) inherit the machine's language, not the state's.
  const jsonata = languageOf(s['QueryLanguage'], machineLanguage) === 'JSONata';
  const common = {
    name,
    raw: s,
    jsonata: jsonata ? compileJsonataFields(s) : undefined,
    inputPath: optPath(s['InputPath']),
    outputPath: optPath(s['OutputPath']),
    assign: jsonata ? undefined : template(s['Assign'], 'Assign'),
  };
  const type = s['Type'];
  switch (type) {
    case 'Pass':
      return {
        ...common,
        type,
        transition: transition(s),
        parameters: template(s['Parameters'], 'Parameters'),
        result: s['Result'],
        resultPath: resultPath(s),
      };
    case 'Task':
      return {
        ...common,
        type,
        transition: transition(s),
        resource: str(s['Resource']),
        task: classifyTaskResource(str(s['Resource'])),
        parameters: template(s['Parameters'], 'Parameters'),
        resultSelector: template(s['ResultSelector'], 'ResultSelector'),
        resultPath: resultPath(s),
        timeoutSeconds: valueOrPath(s, 'TimeoutSeconds'),
        heartbeatSeconds: valueOrPath(s, 'HeartbeatSeconds'),
        credentials: template(s['Credentials'], 'Credentials'),
        retry: compileRetriers(s['Retry']),
        catch: compileCatchers(s['Catch'], jsonata),
        contextAfterTask:
          (Array.isArray(s['Retry']) && s['Retry'].length > 0) ||
          mentionsContext(s['ResultSelector']) ||
          mentionsContext(s['OutputPath']) ||
          mentionsContext(s['Assign']) ||
          mentionsContext(s['Catch']),
      };
    case 'Choice': {
      const choices = Array.isArray(s['Choices']) ? (s['Choices'] as JsonObject[]) : [];
      const dflt = typeof s['Default'] === 'string' ? s['Default'] : undefined;
      return {
        ...common,
        type,
        match: jsonata ? () => -1 : compileChoiceMatch(choices, dflt),
        choices: choices.map((c) => ({
          next: str(c['Next']),
          assign: jsonata ? undefined : template(c['Assign'], 'Assign'),
        })),
        defaultNext: dflt,
      };
    }
    case 'Wait':
      return { ...common, type, transition: transition(s), wait: compileWait(s, jsonata) };
    case 'Succeed':
      return { ...common, type };
    case 'Fail':
      return { ...common, type, error: stringOrPath(s, 'Error'), cause: stringOrPath(s, 'Cause') };
    case 'Parallel':
      return {
        ...common,
        type,
        transition: transition(s),
        branches: (Array.isArray(s['Branches']) ? (s['Branches'] as JsonObject[]) : []).map((b) =>
          compileMachine(b, machineLanguage),
        ),
        parameters: template(s['Parameters'], 'Parameters'),
        resultSelector: template(s['ResultSelector'], 'ResultSelector'),
        resultPath: resultPath(s),
        retry: compileRetriers(s['Retry']),
        catch: compileCatchers(s['Catch'], jsonata),
      };
    case 'Map': {
      const processor = (s['ItemProcessor'] ?? s['Iterator']) as JsonObject;
      const config = isJsonObject(processor['ProcessorConfig']) ? processor['ProcessorConfig'] : {};
      const items = s['ItemsPath'];
      const mode = config['Mode'] === 'DISTRIBUTED' ? 'DISTRIBUTED' : 'INLINE';
      return {
        ...common,
        type,
        transition: transition(s),
        itemsPath: typeof items === 'string' ? compilePath(items) : undefined,
        itemSelector: jsonata
          ? undefined
          : template(s['ItemSelector'] ?? s['Parameters'], s['ItemSelector'] ? 'ItemSelector' : 'Parameters'),
        processor: compileMachine(processor, machineLanguage),
        mode,
        maxConcurrency: valueOrPath(s, 'MaxConcurrency') ?? 0,
        toleratedFailureCount: valueOrPath(s, 'ToleratedFailureCount'),
        toleratedFailurePercentage: valueOrPath(s, 'ToleratedFailurePercentage'),
        itemBatcher: jsonata || mode !== 'DISTRIBUTED' ? undefined : compileItemBatcher(s['ItemBatcher']),
        label: typeof s['Label'] === 'string' ? s['Label'] : undefined,
        itemReader: mode === 'DISTRIBUTED' ? compileItemReader(s['ItemReader'], jsonata) : undefined,
        resultWriter: mode === 'DISTRIBUTED' ? compileResultWriter(s['ResultWriter'], jsonata) : undefined,
        resultSelector: template(s['ResultSelector'], 'ResultSelector'),
        resultPath: resultPath(s),
        retry: compileRetriers(s['Retry']),
        catch: compileCatchers(s['Catch'], jsonata),
      };
    }
    default:
      throw new Error(`compileState: unvalidated state type ${JSON.stringify(type)}`);
  }
}

/** Whether a field's definition mentions `$$` anywhere (a path, a template, an intrinsic's argument). */
function mentionsContext(field: Json | undefined): boolean {
  return field !== undefined && JSON.stringify(field).includes('$$');
}
