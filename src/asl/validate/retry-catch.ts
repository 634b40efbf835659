import { StatesErrors } from '../errors/names.ts';
import { checkAssign } from './assign.ts';
import { report, schema, type Context, type QueryLanguage } from './context.ts';
import { DiagnosticCodes } from './diagnostic.ts';
import { checkEnum, checkNumber, checkReferencePath, checkString } from './field-checks.ts';
import { child, item } from './location.ts';
import { Messages } from './messages.ts';
import { has, isFields } from './values.ts';

const retrierFields = new Set([
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
]);
const catcherFields = new Set(['ErrorEquals', 'Next', 'ResultPath', 'Output', 'Assign', 'Comment']);

// Ranges measured with ValidateStateMachineDefinition (cdk-preflight, 2026-09-05); IntervalSeconds 0 is accepted.
const MAX = 99_999_999;

export function checkRetry(ctx: Context, retry: unknown, location: string, language: QueryLanguage): void {
  const entries = checkEntries(ctx, retry, child(location, 'Retry'));
  entries.forEach((retrier, i) => {
    const here = item(location, 'Retry', i);
    if (!isFields(retrier)) return schema(ctx, Messages.expectedType('OBJECT'), here);
    checkKnownFields(ctx, retrier, retrierFields, here);
    checkErrorEquals(ctx, retrier, i === entries.length - 1, here);
    if (has(retrier, 'IntervalSeconds'))
      checkNumber(
        ctx,
        retrier.IntervalSeconds,
        { integer: true, min: 0, max: MAX },
        language,
        child(here, 'IntervalSeconds'),
      );
    if (has(retrier, 'MaxAttempts'))
      checkNumber(
        ctx,
        retrier.MaxAttempts,
        { integer: true, min: 0, max: MAX },
        language,
        child(here, 'MaxAttempts'),
      );
    if (has(retrier, 'BackoffRate'))
      checkNumber(ctx, retrier.BackoffRate, { integer: false, min: 1 }, language, child(here, 'BackoffRate'));
    if (has(retrier, 'MaxDelaySeconds'))
      checkNumber(
        ctx,
        retrier.MaxDelaySeconds,
        { integer: true, min: 1, max: 31_622_400 },
        language,
        child(here, 'MaxDelaySeconds'),
      );
    if (has(retrier, 'JitterStrategy'))
      checkEnum(ctx, retrier.JitterStrategy, ['NONE', 'FULL'], child(here, 'JitterStrategy'));
  });
}

export function checkCatch(
  ctx: Context,
  catchers: unknown,
  location: string,
  language: QueryLanguage,
  siblings: ReadonlySet<string>,
): void {
  const entries = checkEntries(ctx, catchers, child(location, 'Catch'));
  entries.forEach((catcher, i) => {
    const here = item(location, 'Catch', i);
    if (!isFields(catcher)) return schema(ctx, Messages.expectedType('OBJECT'), here);
    for (const field of Object.keys(catcher)) {
      if (!catcherFields.has(field)) schema(ctx, Messages.notSupported(field), here);
      else if (
        (field === 'ResultPath' && language === 'JSONata') ||
        (field === 'Output' && language === 'JSONPath')
      ) {
        schema(ctx, Messages.wrongLanguageField(language, field), here);
      }
    }
    checkErrorEquals(ctx, catcher, i === entries.length - 1, here);
    if (!has(catcher, 'Next')) schema(ctx, Messages.required(['Next']), here);
    else if (checkString(ctx, catcher.Next, child(here, 'Next')) && !siblings.has(catcher.Next)) {
      report(
        ctx,
        DiagnosticCodes.MissingTransitionTarget,
        Messages.missingTarget(catcher.Next),
        child(here, 'Next'),
      );
    }
    if (has(catcher, 'ResultPath') && language === 'JSONPath')
      checkReferencePath(ctx, catcher.ResultPath, child(here, 'ResultPath'), true);
    if (has(catcher, 'Assign')) checkAssign(ctx, catcher.Assign, language, child(here, 'Assign'));
  });
}

function checkEntries(ctx: Context, value: unknown, location: string): unknown[] {
  if (Array.isArray(value)) return value;
  schema(ctx, Messages.expectedType('ARRAY'), location);
  return [];
}

function checkKnownFields(
  ctx: Context,
  entry: Record<string, unknown>,
  known: ReadonlySet<string>,
  location: string,
): void {
  for (const field of Object.keys(entry))
    if (!known.has(field)) schema(ctx, Messages.notSupported(field), location);
}

/** ErrorEquals: a non-empty list of names; `States.ALL` alone, and only in the last retrier/catcher (ASL spec). */
function checkErrorEquals(
  ctx: Context,
  entry: Record<string, unknown>,
  isLast: boolean,
  location: string,
): void {
  if (!has(entry, 'ErrorEquals')) return schema(ctx, Messages.required(['ErrorEquals']), location);
  const here = child(location, 'ErrorEquals');
  const names = entry.ErrorEquals;
  if (!Array.isArray(names)) return schema(ctx, Messages.expectedType('ARRAY'), here);
  if (names.length === 0) return schema(ctx, Messages.empty, here);
  names.forEach((name, i) => checkString(ctx, name, `${here}[${i}]`));
  if (names.includes(StatesErrors.ALL) && (names.length > 1 || !isLast))
    schema(ctx, Messages.statesAllAlone, here);
}
