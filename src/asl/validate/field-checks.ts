import { schema, type Context, type QueryLanguage } from './context.ts';
import { Messages } from './messages.ts';
import { isReferencePath, pathSyntaxError } from './query-syntax.ts';
import { has, isInteger, isJsonataExpression, type Fields } from './values.ts';

/** A string field; reports a type error and returns false otherwise. */
export function checkString(ctx: Context, value: unknown, location: string): value is string {
  if (typeof value === 'string') return true;
  schema(ctx, Messages.expectedType('STRING'), location);
  return false;
}

export function checkBoolean(ctx: Context, value: unknown, location: string): void {
  if (typeof value !== 'boolean') schema(ctx, Messages.expectedType('BOOLEAN'), location);
}

export function checkEnum(ctx: Context, value: unknown, allowed: readonly string[], location: string): void {
  if (!checkString(ctx, value, location)) return;
  if (!allowed.includes(value)) schema(ctx, Messages.oneOfValues(allowed), location);
}

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer: boolean;
}

/** A number field that JSONata states may also give as a `{% %}` expression. */
export function checkNumber(
  ctx: Context,
  value: unknown,
  rule: NumberRule,
  language: QueryLanguage,
  location: string,
): void {
  if (language === 'JSONata' && isJsonataExpression(value)) return;
  if (rule.integer ? !isInteger(value) : typeof value !== 'number') {
    schema(ctx, rule.integer ? Messages.expectedInteger : Messages.expectedType('NUMBER'), location);
    return;
  }
  const n = value as number;
  if (rule.min !== undefined && n < rule.min) schema(ctx, Messages.minimum(rule.min), location);
  if (rule.max !== undefined && n > rule.max) schema(ctx, Messages.maximum(rule.max), location);
}

/** InputPath/OutputPath/ItemsPath: any JSONPath; null (Input/OutputPath) discards. */
export function checkPath(ctx: Context, value: unknown, location: string, nullable: boolean): void {
  if (value === null && nullable) return;
  if (!checkString(ctx, value, location)) return;
  if (pathSyntaxError(value) !== undefined) schema(ctx, Messages.invalidJsonPath, location);
}

/** ResultPath and every `*Path` field that must select exactly one node. */
export function checkReferencePath(ctx: Context, value: unknown, location: string, nullable = false): void {
  if (value === null && nullable) return;
  if (!checkString(ctx, value, location)) return;
  if (!isReferencePath(value)) schema(ctx, Messages.notReferencePath(value), location);
}

/** Two fields that say the same thing differently (`X` and `XPath`): at most one. Reported at the state. */
export function checkExclusive(
  ctx: Context,
  state: Fields,
  fields: readonly string[],
  location: string,
): void {
  if (fields.filter((f) => has(state, f)).length > 1) schema(ctx, Messages.onlyOneOf(fields), location);
}
