import type { Json } from '../../json.ts';
import type { Scope } from '../../query/scope.ts';
import { compilePath } from '../../query/jsonpath/index.ts';
import { parseTimestamp } from '../../timestamp.ts';
import { invalidPath } from './invalid-path.ts';

type Family = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';
type Relation = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';
type Comparable = string | number | boolean;

const OPERATOR =
  /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)(Path)?$/;

/**
 * A value in its family's comparable form, or undefined when it has the wrong type: the spec
 * says such a comparison is false, not an error. Timestamps compare as instants, so offsets
 * are normalised. JSON numbers are doubles, so `1` and `1.0` are equal.
 */
const operand: Readonly<Record<Family, (value: Json) => Comparable | undefined>> = {
  String: (value) => (typeof value === 'string' ? value : undefined),
  Numeric: (value) => (typeof value === 'number' ? value : undefined),
  Boolean: (value) => (typeof value === 'boolean' ? value : undefined),
  Timestamp: (value) => (typeof value === 'string' ? parseTimestamp(value) : undefined),
};

// Strings compare by UTF-16 code unit, as Java's String.compareTo does (no case folding, no
// normalisation): JavaScript's relational operators do exactly that.
const holds: Readonly<Record<Relation, (a: Comparable, b: Comparable) => boolean>> = {
  Equals: (a, b) => a === b,
  LessThan: (a, b) => a < b,
  GreaterThan: (a, b) => a > b,
  LessThanEquals: (a, b) => a <= b,
  GreaterThanEquals: (a, b) => a >= b,
};

/** `(left, scope) => holds`, with `left` the value `Variable` selected. */
export type Comparison = (left: Json, scope: Scope) => boolean;

/**
 * Compiles a comparison operator such as `NumericLessThan` or `StringEqualsPath`; undefined when
 * `name` is not one. The right side is the literal, or for `...Path` the value its path selects.
 */
export function compileComparison(name: string, right: Json): Comparison | undefined {
  const match = OPERATOR.exec(name);
  if (match === null) return undefined;
  const family = match[1] as Family;
  const relation = match[2] as Relation;
  if (family === 'Boolean' && relation !== 'Equals') return undefined;
  const toOperand = operand[family];
  const test = holds[relation];

  const compare = (left: Json, rightValue: Json): boolean => {
    const a = toOperand(left);
    const b = toOperand(rightValue);
    return a !== undefined && b !== undefined && test(a, b);
  };

  if (match[3] === undefined) {
    const b = toOperand(right);
    if (b === undefined) return () => false;
    return (left) => {
      const a = toOperand(left);
      return a !== undefined && test(a, b);
    };
  }
  if (typeof right !== 'string') {
    throw new TypeError(`Choice operator ${name} needs a path, got ${JSON.stringify(right)}`);
  }
  const path = compilePath(right);
  return (left, scope) => {
    const rightValue = path.select(scope);
    if (rightValue === undefined) throw invalidPath(right);
    return compare(left, rightValue);
  };
}
