import type { Json, JsonObject } from '../json.ts';
import { isJsonObject } from '../json.ts';
import type { PathQuery } from '../query/jsonpath/index.ts';
import { compilePath } from '../query/jsonpath/index.ts';
import type { JsonataValue } from '../query/jsonata/index.ts';
import { compileJsonataValue } from '../query/jsonata/index.ts';
import { compileTemplate } from '../query/template/index.ts';
import type { Evaluator } from './evaluator.ts';

/**
 * A distributed Map's ItemReader (AWS guide, "ItemReader (Map)"): the S3 action, its Parameters
 * (JSONPath) or Arguments (JSONata), the ReaderConfig as written and its MaxItems, a literal, a
 * `MaxItemsPath` or a JSONata expression.
 */
export interface ItemReaderDef {
  readonly resource: string;
  readonly parameters: Evaluator | undefined;
  readonly arguments: JsonataValue | undefined;
  readonly readerConfig: JsonObject;
  readonly maxItems: number | PathQuery | JsonataValue | undefined;
}

/** ResultWriter (AWS guide, "ResultWriter (Map)"): where results go, and how they are shaped. */
export interface ResultWriterDef {
  /** Absent: WriterConfig only, the results are shaped but not exported. */
  readonly resource: string | undefined;
  readonly parameters: Evaluator | undefined;
  readonly arguments: JsonataValue | undefined;
  readonly outputType: 'JSON' | 'JSONL';
  /** NONE when exporting without a WriterConfig; COMPACT when not exporting (AWS's defaults). */
  readonly transformation: 'NONE' | 'COMPACT' | 'FLATTEN';
}

export function compileItemReader(v: Json | undefined, jsonata: boolean): ItemReaderDef | undefined {
  if (!isJsonObject(v)) return undefined;
  const config = isJsonObject(v['ReaderConfig']) ? v['ReaderConfig'] : {};
  const max = config['MaxItems'];
  const maxPath = config['MaxItemsPath'];
  let maxItems: ItemReaderDef['maxItems'];
  if (jsonata && max !== undefined) maxItems = compileJsonataValue(max, 'ItemReader/ReaderConfig/MaxItems');
  else if (typeof max === 'number') maxItems = max;
  else if (typeof maxPath === 'string') maxItems = compilePath(maxPath);
  return {
    resource: typeof v['Resource'] === 'string' ? v['Resource'] : '',
    parameters:
      !jsonata && v['Parameters'] !== undefined ? compileTemplate(v['Parameters'], 'Parameters') : undefined,
    arguments:
      jsonata && v['Arguments'] !== undefined
        ? compileJsonataValue(v['Arguments'], 'ItemReader/Arguments')
        : undefined,
    readerConfig: config,
    maxItems,
  };
}

export function compileResultWriter(v: Json | undefined, jsonata: boolean): ResultWriterDef | undefined {
  if (!isJsonObject(v)) return undefined;
  const resource = typeof v['Resource'] === 'string' ? v['Resource'] : undefined;
  const config = isJsonObject(v['WriterConfig']) ? v['WriterConfig'] : undefined;
  const t = config?.['Transformation'];
  return {
    resource,
    parameters:
      !jsonata && v['Parameters'] !== undefined ? compileTemplate(v['Parameters'], 'Parameters') : undefined,
    arguments:
      jsonata && v['Arguments'] !== undefined
        ? compileJsonataValue(v['Arguments'], 'ResultWriter/Arguments')
        : undefined,
    outputType: config?.['OutputType'] === 'JSONL' ? 'JSONL' : 'JSON',
    transformation:
      t === 'NONE' || t === 'COMPACT' || t === 'FLATTEN' ? t : resource !== undefined ? 'NONE' : 'COMPACT',
  };
}
