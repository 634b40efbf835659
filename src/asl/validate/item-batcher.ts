import { schema, type Context, type QueryLanguage } from './context.ts';
import { checkExclusive, checkNumber, checkReferencePath } from './field-checks.ts';
import { child } from './location.ts';
import { Messages } from './messages.ts';
import { checkPayloadTemplate } from './payload-template.ts';
import { has, isFields } from './values.ts';

const LIMITS = [
  'MaxItemsPerBatch',
  'MaxItemsPerBatchPath',
  'MaxInputBytesPerBatch',
  'MaxInputBytesPerBatchPath',
];
const PATHS = new Set(['MaxItemsPerBatchPath', 'MaxInputBytesPerBatchPath']);
const FIELDS = new Set([...LIMITS, 'BatchInput']);

/**
 * ItemBatcher of a DISTRIBUTED Map (AWS guide, "ItemBatcher (Map)"; ASL spec, "Batching Items"):
 * at least one limit; each limit literal or `<field>Path` (JSONPath only), not
 * both; MaxItemsPerBatch a positive integer, MaxInputBytesPerBatch one of at most 256 KiB (JSONata:
 * or an expression); BatchInput a payload template (JSONata: any JSON, its expressions checked
 * with the state's).
 */
export function checkItemBatcher(
  ctx: Context,
  batcher: unknown,
  location: string,
  language: QueryLanguage,
): void {
  if (!isFields(batcher)) return schema(ctx, Messages.expectedType('OBJECT'), location);
  for (const field of Object.keys(batcher)) {
    if (!FIELDS.has(field)) schema(ctx, Messages.notSupported(field), location);
    else if (language === 'JSONata' && PATHS.has(field))
      schema(ctx, Messages.wrongLanguageField(language, field), location);
  }
  if (!LIMITS.some((f) => has(batcher, f))) schema(ctx, Messages.atLeastOneOf(LIMITS), location);
  checkExclusive(ctx, batcher, ['MaxItemsPerBatch', 'MaxItemsPerBatchPath'], location);
  checkExclusive(ctx, batcher, ['MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'], location);
  if (has(batcher, 'MaxItemsPerBatch'))
    checkNumber(
      ctx,
      batcher.MaxItemsPerBatch,
      { integer: true, min: 1 },
      language,
      child(location, 'MaxItemsPerBatch'),
    );
  if (has(batcher, 'MaxInputBytesPerBatch'))
    checkNumber(
      ctx,
      batcher.MaxInputBytesPerBatch,
      { integer: true, min: 1, max: 262_144 },
      language,
      child(location, 'MaxInputBytesPerBatch'),
    );
  if (language !== 'JSONPath') return;
  for (const field of PATHS) {
    if (has(batcher, field)) checkReferencePath(ctx, batcher[field], child(location, field));
  }
  if (has(batcher, 'BatchInput'))
    checkPayloadTemplate(ctx, batcher.BatchInput, child(location, 'BatchInput'));
}
