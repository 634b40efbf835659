import { expressionFacts } from '../query/jsonata/index.ts';
import { report, type Context } from './context.ts';
import { DiagnosticCodes } from './diagnostic.ts';
import { child } from './location.ts';
import { Messages } from './messages.ts';
import { isFields, isJsonataExpression, type Fields } from './values.ts';

// Nested machines are validated on their own; these fields hold no expressions.
const NOT_EVALUATED = new Set(['Type', 'Comment', 'QueryLanguage', 'Next', 'End', 'Resource', 'Branches']);
const SUB_MACHINES = new Set(['ItemProcessor', 'Iterator']);

/**
 * Every `{% ... %}` string of a JSONata state, at any depth of its fields (Choices and Catch
 * included), is checked as AWS checks it when the definition is created: it must parse, read no
 * name from the (missing) top-level context item, and read `$states.errorOutput` only in a
 * catcher's Output or Assign.
 */
export function checkJsonataExpressions(ctx: Context, state: Fields, location: string): void {
  for (const [field, value] of Object.entries(state)) {
    if (NOT_EVALUATED.has(field) || SUB_MACHINES.has(field)) continue;
    if (field === 'Catch' && Array.isArray(value)) {
      value.forEach((catcher, i) => walk(ctx, catcher, `${child(location, field)}[${i}]`, true));
    } else {
      walk(ctx, value, child(location, field), false);
    }
  }
}

function walk(ctx: Context, value: unknown, location: string, inCatcher: boolean): void {
  if (isJsonataExpression(value)) {
    checkExpression(ctx, value, location, inCatcher);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(ctx, v, `${location}[${i}]`, inCatcher));
  } else if (isFields(value)) {
    for (const [key, v] of Object.entries(value)) walk(ctx, v, child(location, key), inCatcher);
  }
}

function checkExpression(ctx: Context, value: string, location: string, inCatcher: boolean): void {
  const facts = expressionFacts(value);
  if (facts.syntaxError !== undefined) {
    report(ctx, DiagnosticCodes.InvalidJsonata, facts.syntaxError, location);
    return;
  }
  for (const name of facts.topLevelNames) {
    report(ctx, DiagnosticCodes.UnsupportedJsonata, Messages.topLevelReference(name), location);
  }
  if (facts.readsErrorOutput && !inCatcher) {
    report(ctx, DiagnosticCodes.UnsupportedJsonata, Messages.missingStatesField('errorOutput'), location);
  }
}
