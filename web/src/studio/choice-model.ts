// A Choice rule as the inspector edits it: a comparison (Variable, operator, operand), a boolean
// combination (And, Or, Not) of rules, or a JSONata Condition. Other keys (Assign, Output,
// Comment, Next) stay where they are.
import type { JsonObject } from './json-edit.ts';
import { isObject, replaceKey, withKey } from './json-edit.ts';

const TYPED = {
  String: ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'],
  Numeric: ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'],
  Timestamp: ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'],
  Boolean: ['Equals'],
} as const;

const TESTS = ['IsPresent', 'IsNull', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'] as const;

/** Every comparison operator of JSONPath Choice rules (AWS: "Choice Rules"), with the Path forms. */
export const OPERATORS: readonly string[] = [
  ...Object.entries(TYPED).flatMap(([type, ops]) =>
    ops.flatMap((op) => [`${type}${op}`, `${type}${op}Path`]),
  ),
  'StringMatches',
  ...TESTS,
];

export type OperandKind = 'string' | 'number' | 'boolean' | 'path';

export function operandKind(operator: string): OperandKind {
  if (operator.endsWith('Path')) return 'path';
  if (operator.startsWith('Numeric')) return 'number';
  if (operator.startsWith('Boolean') || (TESTS as readonly string[]).includes(operator)) return 'boolean';
  return 'string';
}

export type RuleKind = 'And' | 'Or' | 'Not' | 'Condition' | 'Comparison';

export function ruleKind(rule: JsonObject): RuleKind {
  if (Array.isArray(rule.And)) return 'And';
  if (Array.isArray(rule.Or)) return 'Or';
  if (isObject(rule.Not)) return 'Not';
  if ('Condition' in rule) return 'Condition';
  return 'Comparison';
}

export interface Comparison {
  readonly variable: string;
  readonly operator: string;
  readonly operand: unknown;
}

export function comparisonOf(rule: JsonObject): Comparison {
  const operator = Object.keys(rule).find((key) => OPERATORS.includes(key)) ?? 'StringEquals';
  return {
    variable: typeof rule.Variable === 'string' ? rule.Variable : '',
    operator,
    operand: rule[operator],
  };
}

/** The operand typed in a form field as the JSON value the operator takes. */
export function parseOperand(operator: string, text: string): unknown {
  switch (operandKind(operator)) {
    case 'number': {
      const value = Number(text);
      return text.trim() === '' || Number.isNaN(value) ? text : value;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    default:
      return text;
  }
}

/** A value the new operator accepts, keeping the old one when its kind fits. */
function fitOperand(operator: string, previous: string, operand: unknown): unknown {
  const kind = operandKind(operator);
  if (kind === operandKind(previous)) return operand;
  if (kind === 'boolean') return true;
  if (kind === 'number') return 0;
  if (kind === 'path') return '$.';
  return '';
}

export function withComparison(rule: JsonObject, change: Partial<Comparison>): JsonObject {
  const current = comparisonOf(rule);
  const operator = change.operator ?? current.operator;
  const operand = change.operand ?? fitOperand(operator, current.operator, current.operand);
  let out = rule;
  if (change.variable !== undefined) out = withKey(out, 'Variable', change.variable);
  return current.operator in out
    ? replaceKey(out, current.operator, operator, operand)
    : withKey(out, operator, operand);
}

/** The rule turned into another kind: a comparison nested in And/Or/Not keeps what it was. */
export function convertRule(rule: JsonObject, kind: RuleKind): JsonObject {
  if (ruleKind(rule) === kind) return rule;
  const { Next: next, Assign: assign, Output: output, Comment: comment, ...inner } = rule;
  const kept = { ...(comment !== undefined ? { Comment: comment } : {}) };
  const tail = {
    ...(assign !== undefined ? { Assign: assign } : {}),
    ...(output !== undefined ? { Output: output } : {}),
    ...(next !== undefined ? { Next: next } : {}),
  };
  const simple = Object.keys(inner).length > 0 ? inner : { Variable: '$.value', IsPresent: true };
  switch (kind) {
    case 'And':
    case 'Or':
      return { ...kept, [kind]: [simple], ...tail };
    case 'Not':
      return { ...kept, Not: simple, ...tail };
    case 'Condition':
      return { ...kept, Condition: '{% true %}', ...tail };
    case 'Comparison':
      return {
        ...kept,
        ...(ruleKind(inner) === 'Comparison' ? inner : { Variable: '$.value', IsPresent: true }),
        ...tail,
      };
  }
}
