import { jsonataSyntaxError } from '../query/jsonata/index.ts';
import { schema, type Context } from './context.ts';
import { child } from './location.ts';
import { Messages } from './messages.ts';
import { isFields, isJsonataExpression, type Fields } from './values.ts';

// Nested machines are validated on their own; these fields hold no expressions.
const NOT_EVALUATED = new Set(['Type', 'Comment', 'QueryLanguage', 'Next', 'End', 'Resource', 'Branches']);
const SUB_MACHINES = new Set(['ItemProcessor', 'Iterator']);

/**
 * Every `{% ... %}` string of a JSONata state, at any depth of its fields (Choices and Catch
 * included), must parse: a definition is refused rather than failing later at run time.
 */
export function checkJsonataSyntax(ctx: Context, state: Fields, location: string): void {
  for (const [field, value] of Object.entries(state)) {
    if (NOT_EVALUATED.has(field) || SUB_MACHINES.has(field)) continue;
    walk(ctx, value, child(location, field));
  }
}

function walk(ctx: Context, value: unknown, location: string): void {
  if (isJsonataExpression(value)) {
    const error = jsonataSyntaxError(value);
    if (error !== undefined) schema(ctx, Messages.invalidJsonata(value, error), location);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(ctx, v, `${location}[${i}]`));
  } else if (isFields(value)) {
    for (const [key, v] of Object.entries(value)) walk(ctx, v, child(location, key));
  }
}
