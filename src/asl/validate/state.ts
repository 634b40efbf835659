import { checkAssign } from './assign.ts';
import { checkChoice } from './choice.ts';
import { report, schema, type Context, type QueryLanguage } from './context.ts';
import { DiagnosticCodes } from './diagnostic.ts';
import { checkFail } from './fail.ts';
import { checkBoolean, checkEnum, checkPath, checkReferencePath, checkString } from './field-checks.ts';
import { child } from './location.ts';
import { checkJsonataExpressions } from './jsonata-expressions.ts';
import { checkMap } from './map.ts';
import { Messages } from './messages.ts';
import { checkParallel } from './parallel.ts';
import { checkPayloadTemplate } from './payload-template.ts';
import { checkCatch, checkRetry } from './retry-catch.ts';
import { AllowedFields, isStateType, languageMismatch, StateTypes, type StateType } from './state-fields.ts';
import type { CheckSubMachine } from './sub-machine.ts';
import { checkTask } from './task.ts';
import { has, isFields, type Fields } from './values.ts';
import { checkWait } from './wait.ts';
import { assertNever } from '../assert-never.ts';

/** Everything about one state that does not need the graph of its siblings beyond their names. */
export function checkState(
  ctx: Context,
  state: unknown,
  location: string,
  siblings: ReadonlySet<string>,
  checkSubMachine: CheckSubMachine,
): void {
  if (!isFields(state)) return schema(ctx, Messages.expectedType('OBJECT'), location);
  if (!has(state, 'Type')) return schema(ctx, Messages.required(['Type']), location);
  if (!isStateType(state.Type)) return schema(ctx, Messages.oneOfValues(StateTypes), child(location, 'Type'));
  const type = state.Type;
  const language = checkQueryLanguage(ctx, state, location);

  // Field by field in definition order, so the report order follows the text.
  const downgraded = ctx.machineLanguage === 'JSONata' && state.QueryLanguage === 'JSONPath';
  for (const field of Object.keys(state)) {
    if (!AllowedFields[type].has(field)) schema(ctx, Messages.notSupported(field), location);
    // A refused downgrade is the whole answer for that state (floci #2968, measured).
    else if (!downgraded && languageMismatch(field, language))
      schema(ctx, Messages.wrongLanguageField(language, field), location);
  }

  // Past this point only fields the type accepts are looked into: one report per refused field.
  const fields: Fields = Object.fromEntries(
    Object.entries(state).filter(([field]) => AllowedFields[type].has(field)),
  );
  if (has(fields, 'Comment')) checkString(ctx, fields.Comment, child(location, 'Comment'));
  checkTransition(ctx, fields, type, location, siblings);
  checkDataFields(ctx, fields, location, language);
  if (has(fields, 'Retry')) checkRetry(ctx, fields.Retry, location, language);
  if (has(fields, 'Catch')) checkCatch(ctx, fields.Catch, location, language, siblings);
  checkTypeRules(ctx, fields, type, location, language, siblings, checkSubMachine);
}

/** The state's effective language: exactly "JSONPath" is JSONPath, any other value JSONata, absent inherits (floci #2968). */
function checkQueryLanguage(ctx: Context, state: Fields, location: string): QueryLanguage {
  if (!has(state, 'QueryLanguage')) return ctx.machineLanguage;
  checkEnum(ctx, state.QueryLanguage, ['JSONPath', 'JSONata'], child(location, 'QueryLanguage'));
  if (state.QueryLanguage !== 'JSONPath') return 'JSONata';
  if (ctx.machineLanguage === 'JSONata') schema(ctx, Messages.jsonPathUnderJsonata, location);
  return 'JSONPath';
}

/** Exactly one of Next / End, except on Choice, Succeed and Fail, which the field table already covers. */
function checkTransition(
  ctx: Context,
  state: Fields,
  type: StateType,
  location: string,
  siblings: ReadonlySet<string>,
): void {
  if (type === 'Choice' || type === 'Succeed' || type === 'Fail') return;
  if (has(state, 'End')) checkBoolean(ctx, state.End, child(location, 'End'));
  const ends = state.End === true;
  if (has(state, 'Next') && ends) schema(ctx, Messages.onlyOneOf(['Next', 'End']), location);
  if (!has(state, 'Next') && !ends) schema(ctx, Messages.exactlyOneOf(['Next', 'End']), location);
  if (has(state, 'Next')) {
    const here = child(location, 'Next');
    if (checkString(ctx, state.Next, here) && !siblings.has(state.Next)) {
      report(ctx, DiagnosticCodes.MissingTransitionTarget, Messages.missingTarget(state.Next), here);
    }
  }
}

/** The data-flow fields shared by several types; only those of the state's own language are checked further. */
function checkDataFields(ctx: Context, state: Fields, location: string, language: QueryLanguage): void {
  if (has(state, 'Assign')) checkAssign(ctx, state.Assign, language, child(location, 'Assign'));
  if (language === 'JSONata') return checkJsonataExpressions(ctx, state, location);
  if (has(state, 'InputPath')) checkPath(ctx, state.InputPath, child(location, 'InputPath'), true);
  if (has(state, 'OutputPath')) checkPath(ctx, state.OutputPath, child(location, 'OutputPath'), true);
  if (has(state, 'ResultPath'))
    checkReferencePath(ctx, state.ResultPath, child(location, 'ResultPath'), true);
  for (const field of ['Parameters', 'ResultSelector']) {
    if (has(state, field)) checkPayloadTemplate(ctx, state[field], child(location, field));
  }
  if (has(state, 'ResultSelector') && !isFields(state.ResultSelector))
    schema(ctx, Messages.expectedType('OBJECT'), child(location, 'ResultSelector'));
}

function checkTypeRules(
  ctx: Context,
  state: Fields,
  type: StateType,
  location: string,
  language: QueryLanguage,
  siblings: ReadonlySet<string>,
  checkSubMachine: CheckSubMachine,
): void {
  switch (type) {
    case 'Task':
      return checkTask(ctx, state, location, language);
    case 'Wait':
      return checkWait(ctx, state, location, language);
    case 'Fail':
      return checkFail(ctx, state, location, language);
    case 'Choice':
      return checkChoice(ctx, state, location, language, siblings);
    case 'Parallel':
      return checkParallel(ctx, state, location, checkSubMachine);
    case 'Map':
      return checkMap(ctx, state, location, language, checkSubMachine);
    case 'Pass':
    case 'Succeed':
      return;
    default:
      return assertNever(type);
  }
}
