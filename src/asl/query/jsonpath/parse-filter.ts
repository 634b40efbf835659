import type { Json } from '../../json.ts';
import type { Cursor } from './cursor.ts';
import type { FilterExpr, FilterOperand, ParsedPath, RelationalOperator } from './segments.ts';

type ParseSubPath = (cursor: Cursor, inFilter: boolean) => ParsedPath;

// Longest first, so that `<=` is not read as `<`.
const symbolOperators: readonly RelationalOperator[] = ['==', '!=', '<=', '>=', '=~', '<', '>'];
const wordOperators: readonly RelationalOperator[] = [
  'subsetof',
  'contains',
  'noneof',
  'anyof',
  'empty',
  'size',
  'nin',
  'in',
];

/**
 * Parses the inside of `[?( ... )]` (Jayway's FilterCompiler grammar): `||` binds looser than
 * `&&`, `!` negates, a lone operand is an existence check. The sub-path parser is passed in to
 * keep the two parsers free of an import cycle.
 */
export function parseFilter(cursor: Cursor, parseSubPath: ParseSubPath): FilterExpr {
  return parseOr(cursor, parseSubPath);
}

function parseOr(cursor: Cursor, sub: ParseSubPath): FilterExpr {
  let left = parseAnd(cursor, sub);
  for (;;) {
    cursor.skipSpaces();
    if (!cursor.startsWith('||')) return left;
    cursor.pos += 2;
    left = { kind: 'or', left, right: parseAnd(cursor, sub) };
  }
}

function parseAnd(cursor: Cursor, sub: ParseSubPath): FilterExpr {
  let left = parseUnary(cursor, sub);
  for (;;) {
    cursor.skipSpaces();
    if (!cursor.startsWith('&&')) return left;
    cursor.pos += 2;
    left = { kind: 'and', left, right: parseUnary(cursor, sub) };
  }
}

function parseUnary(cursor: Cursor, sub: ParseSubPath): FilterExpr {
  cursor.skipSpaces();
  if (cursor.peek() === '!' && cursor.peek(1) !== '=') {
    cursor.pos++;
    return { kind: 'not', operand: parseUnary(cursor, sub) };
  }
  if (cursor.peek() === '(') {
    cursor.pos++;
    const inner = parseOr(cursor, sub);
    cursor.skipSpaces();
    cursor.expect(')');
    return inner;
  }
  const left = parseOperand(cursor, sub);
  cursor.skipSpaces();
  const operator = readOperator(cursor);
  if (operator === undefined) {
    if (left.kind !== 'path') cursor.fail('Expected a comparison operator');
    return { kind: 'exists', operand: left };
  }
  cursor.skipSpaces();
  return { kind: 'compare', operator, left, right: parseOperand(cursor, sub) };
}

function readOperator(cursor: Cursor): RelationalOperator | undefined {
  for (const op of symbolOperators) {
    if (cursor.startsWith(op)) {
      cursor.pos += op.length;
      return op;
    }
  }
  for (const op of wordOperators) {
    const after = cursor.peek(op.length);
    if (cursor.startsWith(op) && !/[A-Za-z0-9_]/.test(after)) {
      cursor.pos += op.length;
      return op;
    }
  }
  return undefined;
}

function parseOperand(cursor: Cursor, sub: ParseSubPath): FilterOperand {
  cursor.skipSpaces();
  const c = cursor.peek();
  if (c === '@' || c === '$') return { kind: 'path', path: sub(cursor, true) };
  if (c === '/') return { kind: 'regex', regex: readRegex(cursor) };
  return { kind: 'literal', value: readLiteral(cursor) };
}

/** `/pattern/flags`; Jayway uses Java's `matches()`, which must match the whole string. */
function readRegex(cursor: Cursor): RegExp {
  cursor.pos++;
  let pattern = '';
  while (!cursor.done && cursor.peek() !== '/') {
    if (cursor.peek() === '\\') {
      pattern += cursor.peek() + cursor.peek(1);
      cursor.pos += 2;
    } else {
      pattern += cursor.peek();
      cursor.pos++;
    }
  }
  cursor.expect('/');
  const flags = /^[a-zA-Z]*/.exec(cursor.text.slice(cursor.pos))?.[0] ?? '';
  cursor.pos += flags.length;
  const jsFlags = [...new Set(flags)].filter((f) => f === 'i' || f === 'm' || f === 's').join('');
  try {
    return new RegExp(`^(?:${pattern})$`, `u${jsFlags}`);
  } catch {
    return cursor.fail(`Invalid regular expression /${pattern}/`);
  }
}

/** A JSON literal; like Jayway, strings may use single quotes (also inside arrays/objects). */
function readLiteral(cursor: Cursor): Json {
  cursor.skipSpaces();
  const c = cursor.peek();
  if (c === "'" || c === '"') return cursor.readQuoted();
  if (c === '[') {
    cursor.pos++;
    const items: Json[] = [];
    cursor.skipSpaces();
    if (cursor.peek() === ']') {
      cursor.pos++;
      return items;
    }
    for (;;) {
      items.push(readLiteral(cursor));
      cursor.skipSpaces();
      if (cursor.peek() === ']') {
        cursor.pos++;
        return items;
      }
      cursor.expect(',');
    }
  }
  if (c === '{') {
    cursor.pos++;
    // Entries, not assignment: a key named "__proto__" must stay an own property.
    const entries: [string, Json][] = [];
    cursor.skipSpaces();
    if (cursor.peek() === '}') {
      cursor.pos++;
      return {};
    }
    for (;;) {
      cursor.skipSpaces();
      const key = readLiteral(cursor);
      if (typeof key !== 'string') cursor.fail('Expected a property name');
      cursor.skipSpaces();
      cursor.expect(':');
      entries.push([key, readLiteral(cursor)]);
      cursor.skipSpaces();
      if (cursor.peek() === '}') {
        cursor.pos++;
        return Object.fromEntries(entries);
      }
      cursor.expect(',');
    }
  }
  const token = BARE.exec(cursor.text.slice(cursor.pos))?.[0];
  if (token === undefined) return cursor.fail('Expected a value');
  cursor.pos += token.length;
  if (token === 'true' || token === 'false' || token === 'null') {
    return token === 'true' ? true : token === 'false' ? false : null;
  }
  if (NUMBER.test(token)) return Number(token);
  // An unquoted word is the string it spells (json-path 2.0's Criteria kept an operand that is
  // neither a path, a quoted string nor a pattern as its raw text): AWS deploys and runs
  // `[?(@.lang==es)]` as `[?(@.lang=='es')]`.
  return token;
}

/** An unquoted operand: up to a blank, a bracket, a quote, a comma or an operator character. */
const BARE = /^[^\s()[\]{}'",&|=!<>~]+/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
