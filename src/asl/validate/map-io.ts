import { schema, type Context, type QueryLanguage } from './context.ts';
import { checkNumber, checkString } from './field-checks.ts';
import { child } from './location.ts';
import { Messages } from './messages.ts';
import { has, isFields, type Fields } from './values.ts';

/** A field that must be one of `values` (AWS's enumerations of ReaderConfig and WriterConfig). */
function checkEnum(
  ctx: Context,
  fields: Fields,
  field: string,
  values: readonly string[],
  location: string,
): void {
  if (!has(fields, field)) return;
  const here = child(location, field);
  if (checkString(ctx, fields[field], here) && !values.includes(fields[field])) {
    schema(ctx, Messages.oneOfValues(values), here);
  }
}

/**
 * ItemReader.ReaderConfig (AWS guide, "ItemReader (Map)"): InputType, CSVHeaderLocation,
 * CSVDelimiter from their enumerations; MaxItems from 0 to 100,000,000 (the linter's range, as
 * LocalStack's AWS-validated test_map_item_reader_csv_max_items notes).
 */
export function checkItemReader(
  ctx: Context,
  reader: Fields,
  location: string,
  language: QueryLanguage,
): void {
  if (!has(reader, 'ReaderConfig')) return;
  const here = child(location, 'ReaderConfig');
  const config = reader.ReaderConfig;
  if (!isFields(config)) return schema(ctx, Messages.expectedType('OBJECT'), here);
  checkEnum(ctx, config, 'InputType', ['CSV', 'JSON', 'JSONL', 'PARQUET', 'MANIFEST'], here);
  checkEnum(ctx, config, 'CSVHeaderLocation', ['FIRST_ROW', 'GIVEN'], here);
  checkEnum(ctx, config, 'CSVDelimiter', ['COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB'], here);
  if (has(config, 'MaxItems')) {
    checkNumber(
      ctx,
      config.MaxItems,
      { integer: true, min: 0, max: 100_000_000 },
      language,
      child(here, 'MaxItems'),
    );
  }
}

/**
 * ResultWriter (AWS guide, "ResultWriter (Map)"): not empty — WriterConfig, or Resource with
 * Parameters/Arguments, or all; WriterConfig's Transformation and OutputType from their lists.
 */
export function checkResultWriter(ctx: Context, writer: Fields, location: string): void {
  if (!has(writer, 'WriterConfig') && !has(writer, 'Resource')) {
    schema(ctx, Messages.required(['Resource']), location);
  }
  if (!has(writer, 'WriterConfig')) return;
  const here = child(location, 'WriterConfig');
  const config = writer.WriterConfig;
  if (!isFields(config)) return schema(ctx, Messages.expectedType('OBJECT'), here);
  checkEnum(ctx, config, 'Transformation', ['NONE', 'COMPACT', 'FLATTEN'], here);
  checkEnum(ctx, config, 'OutputType', ['JSON', 'JSONL'], here);
}
