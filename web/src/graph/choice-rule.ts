// How a Choice rule reads on its edge, as the AWS console writes it: `$.x == 200`,
// `not ($.a is present)`, `($.a > 1 and $.b == "x")`; JSONata rules show their Condition.

const OPERATORS: Record<string, string> = {
  Equals: '==',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
  Matches: 'matches',
};

const TYPE_TESTS: Record<string, string> = {
  IsNull: 'null',
  IsPresent: 'present',
  IsNumeric: 'numeric',
  IsString: 'string',
  IsBoolean: 'boolean',
  IsTimestamp: 'timestamp',
};

type Rule = Record<string, unknown>;

function isRule(value: unknown): value is Rule {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function literal(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));
}

function comparison(rule: Rule): string | undefined {
  const variable = typeof rule.Variable === 'string' ? rule.Variable : '?';
  for (const [key, value] of Object.entries(rule)) {
    if (key in TYPE_TESTS) {
      return `${variable} is ${value === false ? 'not ' : ''}${TYPE_TESTS[key]}`;
    }
    const match =
      /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)(Path)?$/.exec(
        key,
      );
    if (match) {
      const operator = OPERATORS[match[2] ?? ''] ?? match[2];
      const right = match[3] ? String(value) : literal(value);
      return `${variable} ${operator} ${right}`;
    }
  }
  return undefined;
}

export function ruleText(rule: unknown): string {
  if (!isRule(rule)) return '?';
  if (typeof rule.Condition === 'string') return rule.Condition;
  if (Array.isArray(rule.And)) return `(${rule.And.map(ruleText).join(' and ')})`;
  if (Array.isArray(rule.Or)) return `(${rule.Or.map(ruleText).join(' or ')})`;
  if (rule.Not !== undefined) return `not ${ruleText(rule.Not)}`;
  return comparison(rule) ?? '?';
}

/** Edge labels stay one readable line; the full rule is in the definition beside the graph. */
export function shorten(text: string, max = 48): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
