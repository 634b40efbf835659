import { checkAssign } from './assign.ts';
import { report, schema, type Context, type QueryLanguage } from './context.ts';
import { DiagnosticCodes } from './diagnostic.ts';
import { checkReferencePath, checkString } from './field-checks.ts';
import { child, item } from './location.ts';
import { Messages } from './messages.ts';
import { has, isFields, isJsonataExpression, isTimestamp, type Fields } from './values.ts';

type Operand = 'string' | 'number' | 'boolean' | 'timestamp' | 'path';

// The comparison operators of a JSONPath Choice rule and what each compares against (ASL spec, "Choice Rules").
const operators: ReadonlyMap<string, Operand> = new Map([
  ...['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'].flatMap(
    (op): [string, Operand][] => [
      [`String${op}`, 'string'],
      [`String${op}Path`, 'path'],
      [`Numeric${op}`, 'number'],
      [`Numeric${op}Path`, 'path'],
      [`Timestamp${op}`, 'timestamp'],
      [`Timestamp${op}Path`, 'path'],
    ],
  ),
  ['StringMatches', 'string'],
  ['BooleanEquals', 'boolean'],
  ['BooleanEqualsPath', 'path'],
  ...['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'].map(
    (op): [string, Operand] => [op, 'boolean'],
  ),
]);

const combinators = ['And', 'Or', 'Not'];
const jsonPathRuleFields = new Set(['Variable', 'Comment', ...combinators, ...operators.keys()]);
const jsonataRuleFields = new Set(['Condition', 'Comment']);

/** One entry of `Choices`; top-level rules carry Next (and may Assign/Output), nested ones must not. */
export function checkChoiceRule(
  ctx: Context,
  rule: unknown,
  location: string,
  language: QueryLanguage,
  siblings: ReadonlySet<string> | undefined,
): void {
  if (!isFields(rule)) return schema(ctx, Messages.expectedType('OBJECT'), location);
  const topLevel = siblings !== undefined;
  const own = language === 'JSONata' ? jsonataRuleFields : jsonPathRuleFields;
  const other = language === 'JSONata' ? jsonPathRuleFields : jsonataRuleFields;
  for (const field of Object.keys(rule)) {
    if (own.has(field) || (topLevel && (field === 'Next' || field === 'Assign'))) continue;
    if (topLevel && field === 'Output') {
      if (language === 'JSONPath') schema(ctx, Messages.wrongLanguageField(language, field), location);
      continue;
    }
    if (other.has(field) && field !== 'Comment')
      schema(ctx, Messages.wrongLanguageField(language, field), location);
    else schema(ctx, Messages.notSupported(field), location);
  }
  if (topLevel) checkRuleNext(ctx, rule, location, siblings);
  if (topLevel && has(rule, 'Assign')) checkAssign(ctx, rule.Assign, language, child(location, 'Assign'));
  if (language === 'JSONata') checkCondition(ctx, rule, location);
  else checkJsonPathRule(ctx, rule, location);
}

function checkRuleNext(ctx: Context, rule: Fields, location: string, siblings: ReadonlySet<string>): void {
  if (!has(rule, 'Next')) return schema(ctx, Messages.required(['Next']), location);
  const here = child(location, 'Next');
  if (checkString(ctx, rule.Next, here) && !siblings.has(rule.Next)) {
    report(ctx, DiagnosticCodes.MissingTransitionTarget, Messages.missingTarget(rule.Next), here);
  }
}

function checkCondition(ctx: Context, rule: Fields, location: string): void {
  if (!has(rule, 'Condition')) return schema(ctx, Messages.required(['Condition']), location);
  const condition = rule.Condition;
  if (typeof condition !== 'boolean' && !isJsonataExpression(condition)) {
    schema(ctx, Messages.expectedType('BOOLEAN'), child(location, 'Condition'));
  }
}

function checkJsonPathRule(ctx: Context, rule: Fields, location: string): void {
  const selectors = ['And', 'Or', 'Not', 'Variable'].filter((f) => has(rule, f));
  if (selectors.length !== 1) {
    schema(
      ctx,
      selectors.length === 0
        ? Messages.exactlyOneOf(['And', 'Or', 'Not', 'Variable'])
        : Messages.onlyOneOf(selectors),
      location,
    );
  }
  const ops = Object.keys(rule).filter((f) => operators.has(f));
  if (has(rule, 'Variable')) {
    checkReferencePath(ctx, rule.Variable, child(location, 'Variable'));
    if (ops.length === 0) schema(ctx, Messages.exactlyOneOf([...operators.keys()]), location);
  } else if (ops.length > 0) {
    schema(ctx, Messages.required(['Variable']), location);
  }
  if (ops.length > 1) schema(ctx, Messages.onlyOneOf(ops), location);
  for (const op of ops) checkOperand(ctx, rule[op], operators.get(op) ?? 'path', child(location, op));
  for (const combinator of ['And', 'Or']) {
    if (!has(rule, combinator)) continue;
    const rules = rule[combinator];
    if (!Array.isArray(rules)) schema(ctx, Messages.expectedType('ARRAY'), child(location, combinator));
    else if (rules.length === 0) schema(ctx, Messages.empty, child(location, combinator));
    else rules.forEach((nested, i) => checkNestedRule(ctx, nested, item(location, combinator, i)));
  }
  if (has(rule, 'Not')) checkNestedRule(ctx, rule.Not, child(location, 'Not'));
}

function checkNestedRule(ctx: Context, rule: unknown, location: string): void {
  if (isFields(rule) && has(rule, 'Next')) schema(ctx, Messages.notSupported('Next'), location);
  const rest = isFields(rule) ? Object.fromEntries(Object.entries(rule).filter(([k]) => k !== 'Next')) : rule;
  checkChoiceRule(ctx, rest, location, 'JSONPath', undefined);
}

function checkOperand(ctx: Context, value: unknown, operand: Operand, location: string): void {
  switch (operand) {
    case 'string':
      checkString(ctx, value, location);
      return;
    case 'number':
      if (typeof value !== 'number') schema(ctx, Messages.expectedType('NUMBER'), location);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') schema(ctx, Messages.expectedType('BOOLEAN'), location);
      return;
    case 'timestamp':
      if (checkString(ctx, value, location) && !isTimestamp(value))
        schema(ctx, Messages.invalidTimestamp, location);
      return;
    case 'path':
      checkReferencePath(ctx, value, location);
      return;
  }
}
