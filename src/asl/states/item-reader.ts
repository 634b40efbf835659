import type { Json } from '../json.ts';
import { isJsonObject } from '../json.ts';
import type { ItemReadSpec, ResultWriteSpec } from '../decision.ts';
import type { MapState } from '../definition/state.ts';
import type { PathQuery } from '../query/jsonpath/index.ts';
import type { Scope } from '../query/scope.ts';
import { integerAt } from './numeric-field.ts';

/**
 * A JSONPath ItemReader, evaluated against the state's effective input: its Parameters and
 * MaxItems or MaxItemsPath (an integer: AWS-recorded, LocalStack's
 * test_map_item_reader_csv_max_items_paths; a negative one fails the Map Run when it reads).
 */
export function itemReadSpec(state: MapState, scope: Scope): ItemReadSpec | undefined {
  const reader = state.itemReader;
  if (!reader) return undefined;
  const max = reader.maxItems;
  return {
    resource: reader.resource,
    parameters: reader.parameters ? reader.parameters(scope) : {},
    readerConfig: reader.readerConfig,
    // Only JSONata readers hold an expression here.
    maxItems: max === undefined ? undefined : integerAt('MaxItems', max as number | PathQuery, scope),
  };
}

/** A ResultWriter's Bucket and Prefix from its evaluated Parameters/Arguments. */
export function resultWriteSpec(state: MapState, parameters: Json | undefined): ResultWriteSpec | undefined {
  const writer = state.resultWriter;
  if (!writer) return undefined;
  const p = isJsonObject(parameters) ? parameters : {};
  return {
    resource: writer.resource,
    bucket: typeof p['Bucket'] === 'string' ? p['Bucket'] : '',
    prefix: typeof p['Prefix'] === 'string' ? p['Prefix'] : '',
    outputType: writer.outputType,
    transformation: writer.transformation,
  };
}

/** The JSONPath ResultWriter of `state`, evaluated. */
export function jsonPathWriteSpec(state: MapState, scope: Scope): ResultWriteSpec | undefined {
  const params = state.resultWriter?.parameters;
  return resultWriteSpec(state, params ? params(scope) : undefined);
}

/** A Map decision's `writer` member, present only with a ResultWriter (most Maps have none). */
export function writerOf(writer: ResultWriteSpec | undefined): { writer?: ResultWriteSpec } {
  return writer ? { writer } : {};
}
