import { schema, type Context } from './context.ts';
import { child, item } from './location.ts';
import { Messages } from './messages.ts';
import { intrinsicSyntaxError, isIntrinsicCall, pathSyntaxError } from './query-syntax.ts';
import { isFields } from './values.ts';

/**
 * A JSONPath payload template (Parameters, ResultSelector, ItemSelector, Assign, ...): every key
 * ending in `.$` must hold a path or an intrinsic call, at any depth, arrays included.
 */
export function checkPayloadTemplate(ctx: Context, template: unknown, location: string): void {
  if (Array.isArray(template)) {
    const parent = location.slice(0, location.lastIndexOf('/'));
    const field = location.slice(location.lastIndexOf('/') + 1);
    template.forEach((value, i) => checkPayloadTemplate(ctx, value, item(parent, field, i)));
    return;
  }
  if (!isFields(template)) return;
  for (const [key, value] of Object.entries(template)) {
    const here = child(location, key);
    if (key.endsWith('.$')) {
      if (!isDynamicValue(value)) schema(ctx, Messages.invalidDollarField(key), here);
    } else {
      checkPayloadTemplate(ctx, value, here);
    }
  }
}

/** The value of a `.$` key: a JSONPath (`$`, `$$`, `$var`) or a `States.*` intrinsic call. */
export function isDynamicValue(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (isIntrinsicCall(value)) return intrinsicSyntaxError(value) === undefined;
  return pathSyntaxError(value) === undefined;
}
