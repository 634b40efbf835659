import { schema, type Context, type QueryLanguage } from './context.ts';
import { checkExclusive, checkString } from './field-checks.ts';
import { child } from './location.ts';
import { Messages } from './messages.ts';
import { intrinsicSyntaxError, isIntrinsicCall, isReferencePath } from './query-syntax.ts';
import { has, type Fields } from './values.ts';

export function checkFail(ctx: Context, state: Fields, location: string, language: QueryLanguage): void {
  checkExclusive(ctx, state, ['Error', 'ErrorPath'], location);
  checkExclusive(ctx, state, ['Cause', 'CausePath'], location);
  for (const field of ['Error', 'Cause'])
    if (has(state, field)) checkString(ctx, state[field], child(location, field));
  if (language === 'JSONata') return;
  // ErrorPath/CausePath take a reference path or an intrinsic call (AWS guide, Fail state).
  for (const field of ['ErrorPath', 'CausePath']) {
    if (!has(state, field)) continue;
    const here = child(location, field);
    const value = state[field];
    if (!checkString(ctx, value, here)) continue;
    const valid = isIntrinsicCall(value) ? intrinsicSyntaxError(value) === undefined : isReferencePath(value);
    if (!valid) schema(ctx, Messages.notReferencePath(value), here);
  }
}
