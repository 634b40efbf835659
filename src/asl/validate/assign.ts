import { DiagnosticCodes } from './diagnostic.ts';
import { report, schema, type Context, type QueryLanguage } from './context.ts';
import { child } from './location.ts';
import { Messages } from './messages.ts';
import { checkPayloadTemplate } from './payload-template.ts';
import { isFields } from './values.ts';

// Variable names: a letter or underscore, then letters, digits, underscores (AWS guide, "Passing data with variables").
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `Assign` on a state, a Choice rule or a catcher: in either language an object of variable names. */
export function checkAssign(ctx: Context, assign: unknown, language: QueryLanguage, location: string): void {
  if (!isFields(assign)) {
    schema(ctx, Messages.expectedType('OBJECT'), location);
    return;
  }
  for (const key of Object.keys(assign)) {
    const name = language === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
    const here = child(location, key);
    if (name === 'states') report(ctx, DiagnosticCodes.ReservedVariableName, Messages.reservedVariable, here);
    else if (!variableName.test(name))
      report(ctx, DiagnosticCodes.InvalidVariableName, Messages.invalidVariable(name), here);
  }
  if (language === 'JSONPath') checkPayloadTemplate(ctx, assign, location);
}
