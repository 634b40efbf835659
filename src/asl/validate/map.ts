import { schema, type Context, type QueryLanguage } from './context.ts';
import { checkExclusive, checkNumber, checkPath, checkReferencePath, checkString } from './field-checks.ts';
import { checkItemBatcher } from './item-batcher.ts';
import { checkItemReader, checkResultWriter } from './map-io.ts';
import { child } from './location.ts';
import { Messages } from './messages.ts';
import { checkPayloadTemplate } from './payload-template.ts';
import type { CheckSubMachine } from './sub-machine.ts';
import { has, isFields, isJsonataExpression, type Fields } from './values.ts';

export function checkMap(
  ctx: Context,
  state: Fields,
  location: string,
  language: QueryLanguage,
  checkSubMachine: CheckSubMachine,
): void {
  // Iterator is the legacy spelling of ItemProcessor; exactly one of them.
  const processors = ['ItemProcessor', 'Iterator'].filter((f) => has(state, f));
  if (processors.length === 0) schema(ctx, Messages.exactlyOneOf(['ItemProcessor', 'Iterator']), location);
  if (processors.length > 1) schema(ctx, Messages.onlyOneOf(['ItemProcessor', 'Iterator']), location);
  for (const field of processors) checkSubMachine(state[field], child(location, field), 'ItemProcessor');

  checkExclusive(ctx, state, ['MaxConcurrency', 'MaxConcurrencyPath'], location);
  checkExclusive(ctx, state, ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'], location);
  checkExclusive(ctx, state, ['ToleratedFailureCount', 'ToleratedFailureCountPath'], location);
  // No upper bound on MaxConcurrency: AWS accepts 2^63-1 and caps at run time (floci, measured).
  if (has(state, 'MaxConcurrency'))
    checkNumber(
      ctx,
      state.MaxConcurrency,
      { integer: true, min: 0 },
      language,
      child(location, 'MaxConcurrency'),
    );
  if (has(state, 'ToleratedFailurePercentage')) {
    checkNumber(
      ctx,
      state.ToleratedFailurePercentage,
      { integer: false, min: 0, max: 100 },
      language,
      child(location, 'ToleratedFailurePercentage'),
    );
  }
  if (has(state, 'ToleratedFailureCount'))
    checkNumber(
      ctx,
      state.ToleratedFailureCount,
      { integer: true, min: 0 },
      language,
      child(location, 'ToleratedFailureCount'),
    );

  if (language === 'JSONPath') {
    for (const field of [
      'MaxConcurrencyPath',
      'ToleratedFailurePercentagePath',
      'ToleratedFailureCountPath',
    ]) {
      if (has(state, field)) checkReferencePath(ctx, state[field], child(location, field));
    }
    if (has(state, 'ItemsPath')) checkPath(ctx, state.ItemsPath, child(location, 'ItemsPath'), false);
    if (has(state, 'ItemSelector'))
      checkPayloadTemplate(ctx, state.ItemSelector, child(location, 'ItemSelector'));
  } else if (has(state, 'Items') && !Array.isArray(state.Items) && !isJsonataExpression(state.Items)) {
    schema(ctx, Messages.expectedType('ARRAY'), child(location, 'Items'));
  }

  if (has(state, 'Label')) checkString(ctx, state.Label, child(location, 'Label'));
  if (has(state, 'ItemBatcher')) {
    // Batching is a Map Run's (AWS guide, "ItemBatcher (Map)": "Distributed Map state" only); an
    // inline Map is told the field is not supported, in AWS's words for a field a state lacks.
    if (isDistributed(processors.map((f) => state[f])))
      checkItemBatcher(ctx, state.ItemBatcher, child(location, 'ItemBatcher'), language);
    else schema(ctx, Messages.notSupported('ItemBatcher'), location);
  }
  // ItemReader and ResultWriter: objects, with their configurations' values from AWS's lists.
  for (const field of ['ItemReader', 'ResultWriter']) {
    if (!has(state, field)) continue;
    const value = state[field];
    if (!isFields(value)) {
      schema(ctx, Messages.expectedType('OBJECT'), child(location, field));
      continue;
    }
    if (language === 'JSONPath' && isFields(value.Parameters))
      checkPayloadTemplate(ctx, value.Parameters, child(child(location, field), 'Parameters'));
    if (field === 'ItemReader') checkItemReader(ctx, value, child(location, field), language);
    else checkResultWriter(ctx, value, child(location, field));
  }
}

/** The processor (ItemProcessor or legacy Iterator) runs in DISTRIBUTED mode. */
function isDistributed(processors: readonly unknown[]): boolean {
  return processors.some(
    (p) => isFields(p) && isFields(p.ProcessorConfig) && p.ProcessorConfig.Mode === 'DISTRIBUTED',
  );
}

const modes = ['INLINE', 'DISTRIBUTED'];

/** ProcessorConfig of an ItemProcessor: Mode INLINE | DISTRIBUTED; ExecutionType only, and required, when DISTRIBUTED. */
export function checkProcessorConfig(ctx: Context, config: unknown, location: string): void {
  if (!isFields(config)) return schema(ctx, Messages.expectedType('OBJECT'), location);
  for (const field of Object.keys(config)) {
    if (field !== 'Mode' && field !== 'ExecutionType') schema(ctx, Messages.notSupported(field), location);
  }
  if (
    has(config, 'Mode') &&
    checkString(ctx, config.Mode, child(location, 'Mode')) &&
    !modes.includes(config.Mode)
  ) {
    schema(ctx, Messages.oneOfValues(modes), child(location, 'Mode'));
  }
  const distributed = config.Mode === 'DISTRIBUTED';
  if (distributed && !has(config, 'ExecutionType'))
    schema(ctx, Messages.required(['ExecutionType']), location);
  if (!distributed && has(config, 'ExecutionType'))
    schema(ctx, Messages.notSupported('ExecutionType'), location);
  if (distributed && has(config, 'ExecutionType')) {
    const here = child(location, 'ExecutionType');
    if (
      checkString(ctx, config.ExecutionType, here) &&
      !['STANDARD', 'EXPRESS'].includes(config.ExecutionType)
    ) {
      schema(ctx, Messages.oneOfValues(['STANDARD', 'EXPRESS']), here);
    }
  }
}
