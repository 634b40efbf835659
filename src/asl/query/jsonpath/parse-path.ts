import { Cursor } from './cursor.ts';
import { parseFilter } from './parse-filter.ts';
import type { ParsedPath, PathFunctionName, PathRoot, Segment } from './segments.ts';

const functionNames: ReadonlySet<string> = new Set<PathFunctionName>([
  'length',
  'size',
  'min',
  'max',
  'avg',
  'sum',
  'stddev',
  'keys',
  'first',
  'last',
]);

/**
 * Parses a whole path (`$...`, `$$...`, `$name...`); throws PathSyntaxError. Blanks around the
 * path are dropped, as Jayway trims a path before compiling it (AWS deploys `"$$.Execution.Name "`).
 */
export function parsePath(source: string): ParsedPath {
  const cursor = new Cursor(trimBlanks(source));
  const path = parsePathAt(cursor, false);
  if (!cursor.done) cursor.fail(`Unexpected '${cursor.peek()}'`);
  return path;
}

/** Java's String.trim(): every character up to U+0020 goes, at both ends. */
function trimBlanks(source: string): string {
  let start = 0;
  let end = source.length;
  while (start < end && source.charCodeAt(start) <= 0x20) start++;
  while (end > start && source.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === source.length ? source : source.slice(start, end);
}

/**
 * Parses a path starting at the cursor. Inside a filter, `@` is allowed as root and a dotted
 * name stops at operator characters (Jayway's filter compiler does the same).
 */
export function parsePathAt(cursor: Cursor, inFilter: boolean): ParsedPath {
  const root = parseRoot(cursor, inFilter);
  const segments: Segment[] = [];
  for (;;) {
    const c = cursor.peek();
    if (c === '.' && cursor.peek(1) === '.') {
      cursor.pos += 2;
      segments.push({ kind: 'scan' });
      if (cursor.peek() === '[') segments.push(parseBracket(cursor));
      else segments.push(parseDotted(cursor, inFilter));
    } else if (c === '.') {
      cursor.pos++;
      // Jayway reads any token after a dot, so `$.[0]` and `$.['a']` are valid.
      if (cursor.peek() === '[') segments.push(parseBracket(cursor));
      else segments.push(parseDotted(cursor, inFilter));
    } else if (c === '[') {
      segments.push(parseBracket(cursor));
    } else {
      break;
    }
    if (segments.at(-1)?.kind === 'function') break;
  }
  return { root, segments };
}

function parseRoot(cursor: Cursor, inFilter: boolean): PathRoot {
  if (inFilter && cursor.peek() === '@') {
    cursor.pos++;
    return { kind: 'current' };
  }
  if (cursor.peek() !== '$') cursor.fail("A path must start with '$'");
  cursor.pos++;
  if (cursor.peek() === '$') {
    cursor.pos++;
    return { kind: 'context' };
  }
  const match = /^[A-Za-z0-9_]+/.exec(cursor.text.slice(cursor.pos));
  if (match === null) return { kind: 'input' };
  cursor.pos += match[0].length;
  return { kind: 'variable', name: match[0] };
}

const filterNameStop = new Set([' ', '.', '[', '(', ')', '=', '!', '<', '>', '&', '|', ',', ']', '~']);

function parseDotted(cursor: Cursor, inFilter: boolean): Segment {
  if (cursor.peek() === '*') {
    cursor.pos++;
    return { kind: 'wildcard' };
  }
  const start = cursor.pos;
  // Jayway reads a dotted name up to '.', '[' or '('; a blank needs bracket notation.
  while (!cursor.done) {
    const c = cursor.peek();
    if (inFilter ? filterNameStop.has(c) : c === '.' || c === '[' || c === '(') break;
    if (c === ' ') cursor.fail("Use bracket notation ['my prop'] if a property contains blanks");
    cursor.pos++;
  }
  const name = cursor.text.slice(start, cursor.pos);
  if (name === '') cursor.fail("Path must not end with a '.' or '..'");
  if (cursor.peek() === '(') {
    if (!functionNames.has(name)) cursor.fail(`Function '${name}' is not supported`);
    cursor.pos++;
    cursor.skipSpaces();
    cursor.expect(')');
    return { kind: 'function', name: name as PathFunctionName };
  }
  return { kind: 'property', names: [name] };
}

function parseBracket(cursor: Cursor): Segment {
  cursor.expect('[');
  cursor.skipSpaces();
  const c = cursor.peek();
  let segment: Segment;
  if (c === '?') {
    cursor.pos++;
    cursor.skipSpaces();
    const start = cursor.pos;
    cursor.expect('(');
    const predicate = parseFilter(cursor, parsePathAt);
    cursor.skipSpaces();
    cursor.expect(')');
    segment = { kind: 'filter', predicate, text: cursor.text.slice(start + 1, cursor.pos - 1).trim() };
  } else if (c === '*') {
    cursor.pos++;
    segment = { kind: 'wildcard' };
  } else if (c === '(') {
    segment = parseScriptIndex(cursor);
  } else if (c === "'" || c === '"') {
    const names: string[] = [];
    for (;;) {
      cursor.skipSpaces();
      if (cursor.peek() !== "'" && cursor.peek() !== '"') cursor.fail('Expected a quoted property name');
      names.push(cursor.readQuoted());
      cursor.skipSpaces();
      if (cursor.peek() !== ',') break;
      cursor.pos++;
    }
    segment = { kind: 'property', names };
  } else {
    segment = parseIndexOrSlice(cursor);
  }
  cursor.skipSpaces();
  cursor.expect(']');
  return segment;
}

/**
 * `[(@.length-n)]` or `[(@.size()-n)]`: the one script expression Jayway's path compiler
 * evaluates (json-path 2.0's PathComponentAnalyzer: a length or size function, a minus, a
 * count; blanks anywhere), which AWS deploys in Paths such as `$[(@.length-1)].bar`.
 */
function parseScriptIndex(cursor: Cursor): Segment {
  cursor.expect('(');
  cursor.skipSpaces();
  cursor.expect('@');
  cursor.expect('.');
  const name = /^(length|size)(?:\s*\(\s*\))?/.exec(cursor.text.slice(cursor.pos));
  if (name === null) cursor.fail('Supported script expressions are [(@.length - n)] and [(@.size() - n)]');
  cursor.pos += name[0].length;
  cursor.skipSpaces();
  cursor.expect('-');
  cursor.skipSpaces();
  const count = /^\d+/.exec(cursor.text.slice(cursor.pos))?.[0];
  if (count === undefined) cursor.fail('Expected a count after @.length -');
  cursor.pos += count.length;
  cursor.skipSpaces();
  cursor.expect(')');
  return { kind: 'fromEnd', count: Number(count) };
}

function parseIndexOrSlice(cursor: Cursor): Segment {
  const first = cursor.readInteger();
  cursor.skipSpaces();
  if (cursor.peek() === ':') {
    cursor.pos++;
    cursor.skipSpaces();
    const to = cursor.readInteger();
    return { kind: 'slice', from: first, to };
  }
  if (first === undefined) cursor.fail('Expected an array index, a slice, a quoted name, * or a filter');
  const indices = [first];
  while (cursor.peek() === ',') {
    cursor.pos++;
    cursor.skipSpaces();
    const next = cursor.readInteger();
    if (next === undefined) cursor.fail('Expected an array index');
    indices.push(next);
    cursor.skipSpaces();
  }
  return { kind: 'index', indices };
}
