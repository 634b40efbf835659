import { isJsonObject } from '../../json.ts';
import type { Json, JsonObject } from '../../json.ts';
import type { Scope } from '../../query/scope.ts';
import { compilePath } from '../../query/jsonpath/index.ts';
import { compileComparison } from './comparison.ts';
import { invalidPath } from './invalid-path.ts';
import { compileStringMatches } from './string-matches.ts';
import { typeTests } from './type-test.ts';

export type ChoiceTest = (scope: Scope) => boolean;

// Fields of a rule that are not its operator (Next and Assign only on top-level rules).
const NOT_OPERATORS = new Set(['Variable', 'Next', 'Comment', 'Assign']);

/**
 * Compiles a JSONPath Choice rule: a boolean expression (`And`, `Or`, `Not`) or a data test
 * (`Variable` plus exactly one operator). The definition is assumed validated; a malformed rule
 * is a bug and throws a TypeError.
 *
 * At run time the test throws AslFailure(States.Runtime) when `Variable` selects nothing (except
 * for IsPresent) or a `...Path` operand selects nothing. And/Or stop at the first deciding rule,
 * so a later rule's missing path is then no error (spec: "ceasing array processing when the
 * boolean value has been unambiguously determined").
 */
export function compileChoiceRule(rule: JsonObject): ChoiceTest {
  const operators = Object.keys(rule).filter((key) => !NOT_OPERATORS.has(key));
  const [name] = operators;
  if (name === undefined || operators.length !== 1) {
    throw new TypeError(`A Choice rule needs exactly one operator, found [${operators.join(', ')}]`);
  }
  const value = rule[name] as Json;
  switch (name) {
    case 'And': {
      const tests = compileRuleList(name, value);
      return (scope) => tests.every((test) => test(scope));
    }
    case 'Or': {
      const tests = compileRuleList(name, value);
      return (scope) => tests.some((test) => test(scope));
    }
    case 'Not': {
      if (!isJsonObject(value)) throw new TypeError('Not needs a Choice rule object');
      const test = compileChoiceRule(value);
      return (scope) => !test(scope);
    }
    default:
      return compileDataTest(rule, name, value);
  }
}

function compileRuleList(name: string, value: Json): ChoiceTest[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`${name} needs a non-empty array of Choice rules`);
  }
  return value.map((item) => {
    if (!isJsonObject(item)) throw new TypeError(`${name} needs Choice rule objects`);
    return compileChoiceRule(item);
  });
}

function compileDataTest(rule: JsonObject, name: string, value: Json): ChoiceTest {
  const source = rule['Variable'];
  if (typeof source !== 'string') throw new TypeError(`${name} needs a Variable path`);
  const variable = compilePath(source);

  if (name === 'IsPresent') {
    const expected = expectBoolean(name, value);
    return (scope) => (variable.select(scope) !== undefined) === expected;
  }

  const select = (scope: Scope): Json => {
    const selected = variable.select(scope);
    if (selected === undefined) throw invalidPath(source);
    return selected;
  };

  const typeTest = typeTests[name];
  if (typeTest !== undefined) {
    const expected = expectBoolean(name, value);
    return (scope) => typeTest(select(scope)) === expected;
  }

  if (name === 'StringMatches') {
    if (typeof value !== 'string') throw new TypeError('StringMatches needs a string pattern');
    const matches = compileStringMatches(value);
    return (scope) => {
      const selected = select(scope);
      return typeof selected === 'string' && matches(selected);
    };
  }

  const comparison = compileComparison(name, value);
  if (comparison === undefined) throw new TypeError(`Unknown Choice operator ${name}`);
  return (scope) => comparison(select(scope), scope);
}

function expectBoolean(name: string, value: Json): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} needs true or false`);
  return value;
}
