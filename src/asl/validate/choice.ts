import { checkChoiceRule } from './choice-rules.ts';
import { report, schema, type Context, type QueryLanguage } from './context.ts';
import { DiagnosticCodes } from './diagnostic.ts';
import { checkString } from './field-checks.ts';
import { child, item } from './location.ts';
import { Messages } from './messages.ts';
import { has, type Fields } from './values.ts';

export function checkChoice(
  ctx: Context,
  state: Fields,
  location: string,
  language: QueryLanguage,
  siblings: ReadonlySet<string>,
): void {
  if (!has(state, 'Choices')) schema(ctx, Messages.required(['Choices']), location);
  else if (!Array.isArray(state.Choices))
    schema(ctx, Messages.expectedType('ARRAY'), child(location, 'Choices'));
  else if (state.Choices.length === 0) schema(ctx, Messages.empty, child(location, 'Choices'));
  else
    state.Choices.forEach((rule, i) =>
      checkChoiceRule(ctx, rule, item(location, 'Choices', i), language, siblings),
    );

  if (has(state, 'Default')) {
    const here = child(location, 'Default');
    if (checkString(ctx, state.Default, here) && !siblings.has(state.Default)) {
      report(ctx, DiagnosticCodes.MissingTransitionTarget, Messages.missingTarget(state.Default), here);
    }
  }
}
