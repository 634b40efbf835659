import { schema, type Context, type QueryLanguage } from './context.ts';
import { checkNumber, checkReferencePath, checkString } from './field-checks.ts';
import { child } from './location.ts';
import { Messages } from './messages.ts';
import { has, isJsonataExpression, isTimestamp, type Fields } from './values.ts';

// AWS lists them in this order in its message (cdk-preflight quote).
const timing = ['SecondsPath', 'Seconds', 'TimestampPath', 'Timestamp'];

export function checkWait(ctx: Context, state: Fields, location: string, language: QueryLanguage): void {
  const present = timing.filter((f) => has(state, f));
  if (present.length > 1) schema(ctx, Messages.onlyOneOf(timing), location);
  if (present.length === 0) schema(ctx, Messages.exactlyOneOf(timing), location);

  if (has(state, 'Seconds'))
    checkNumber(
      ctx,
      state.Seconds,
      { integer: true, min: 0, max: 99_999_999 },
      language,
      child(location, 'Seconds'),
    );
  if (has(state, 'Timestamp')) {
    const here = child(location, 'Timestamp');
    const value = state.Timestamp;
    if (
      !(language === 'JSONata' && isJsonataExpression(value)) &&
      checkString(ctx, value, here) &&
      !isTimestamp(value)
    ) {
      schema(ctx, Messages.invalidTimestamp, here);
    }
  }
  if (language === 'JSONPath') {
    for (const field of ['SecondsPath', 'TimestampPath']) {
      if (has(state, field)) checkReferencePath(ctx, state[field], child(location, field));
    }
  }
}
