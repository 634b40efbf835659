import type { Json } from '../../json.ts';
import { jsonEquals } from './json-equals.ts';
import type { FilterExpr, FilterOperand, ParsedPath, RelationalOperator } from './segments.ts';

/** Reads a path inside a filter: `@` is the candidate item; undefined when it selects nothing. */
export type ResolvePath = (path: ParsedPath, current: Json) => Json | undefined;

type Operand = Json | RegExp | undefined;

/** Whether `item` passes the filter, following Jayway's evaluators (no exceptions: false). */
export function testFilter(expr: FilterExpr, item: Json, resolve: ResolvePath): boolean {
  switch (expr.kind) {
    case 'or':
      return testFilter(expr.left, item, resolve) || testFilter(expr.right, item, resolve);
    case 'and':
      return testFilter(expr.left, item, resolve) && testFilter(expr.right, item, resolve);
    case 'not':
      return !testFilter(expr.operand, item, resolve);
    case 'exists':
      // Jayway counts a present null as existing.
      return operandValue(expr.operand, item, resolve) !== undefined;
    case 'compare':
      return compare(
        expr.operator,
        operandValue(expr.left, item, resolve),
        operandValue(expr.right, item, resolve),
      );
  }
}

function operandValue(operand: FilterOperand, item: Json, resolve: ResolvePath): Operand {
  switch (operand.kind) {
    case 'path':
      return resolve(operand.path, item);
    case 'literal':
      return operand.value;
    case 'regex':
      return operand.regex;
  }
}

function compare(operator: RelationalOperator, left: Operand, right: Operand): boolean {
  if (left instanceof RegExp) return false;
  if (operator === '=~') {
    return right instanceof RegExp && typeof left === 'string' && right.test(left);
  }
  if (right instanceof RegExp) return false;
  switch (operator) {
    case '==':
      return looseEquals(left, right);
    case '!=':
      return !looseEquals(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return ordered(operator, left, right);
    case 'in':
      return Array.isArray(right) && includes(right, left);
    case 'nin':
      return Array.isArray(right) && !includes(right, left);
    case 'subsetof':
      return Array.isArray(left) && Array.isArray(right) && left.every((v) => includes(right, v));
    case 'anyof':
      return Array.isArray(left) && Array.isArray(right) && left.some((v) => includes(right, v));
    case 'noneof':
      return Array.isArray(left) && Array.isArray(right) && !left.some((v) => includes(right, v));
    case 'contains':
      if (Array.isArray(left)) return includes(left, right);
      return typeof left === 'string' && typeof right === 'string' && left.includes(right);
    case 'size':
      return (Array.isArray(left) || typeof left === 'string') && left.length === right;
    case 'empty':
      return (Array.isArray(left) || typeof left === 'string') && (left.length === 0) === right;
  }
}

/** Jayway compares a number with a numeric string by value ("1" == 1). */
function looseEquals(left: Json | undefined, right: Json | undefined): boolean {
  if (left === undefined || right === undefined) return left === right;
  if (typeof left === 'number' && typeof right === 'string') return numericString(right) === left;
  if (typeof left === 'string' && typeof right === 'number') return numericString(left) === right;
  return jsonEquals(left, right);
}

function numericString(text: string): number | undefined {
  return /^\s*-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : undefined;
}

function ordered(op: '<' | '<=' | '>' | '>=', left: Json | undefined, right: Json | undefined): boolean {
  const comparable =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  switch (op) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

function includes(list: readonly Json[], value: Json | undefined): boolean {
  return value !== undefined && list.some((v) => looseEquals(v, value));
}
