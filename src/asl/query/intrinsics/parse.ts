import type { Json } from '../../json.ts';
import type { IntrinsicCall, IntrinsicNode } from './ast.ts';
import { IntrinsicSyntaxError } from './syntax-error.ts';
import { tokenize, type Token } from './tokenize.ts';

/** AWS guide: "You can nest up to 10 intrinsic functions within a field". */
const MAX_NESTING = 10;

const KEYWORDS: ReadonlyMap<string, Json> = new Map<string, Json>([
  ['true', true],
  ['false', false],
  ['null', null],
]);

/** Parses `States.X(arg, ...)`; the whole text must be one call. */
export function parseIntrinsic(source: string): IntrinsicCall {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (): Token => tokens[pos] ?? { type: 'end', at: source.length };
  const next = (): Token => {
    const token = peek();
    pos++;
    return token;
  };
  const expect = (type: '(' | ')'): Token => {
    const token = next();
    if (token.type !== type) throw unexpected(token, `'${type}'`);
    return token;
  };

  const call = (name: string, at: number, depth: number): IntrinsicCall => {
    if (depth > MAX_NESTING) {
      throw new IntrinsicSyntaxError(
        `intrinsic functions can be nested at most ${MAX_NESTING} levels deep`,
        at,
      );
    }
    if (!/^States\.[A-Za-z0-9]+$/.test(name)) {
      throw new IntrinsicSyntaxError(`'${name}' is not an intrinsic function name`, at);
    }
    expect('(');
    const args: IntrinsicNode[] = [];
    if (peek().type !== ')') {
      args.push(argument(depth));
      while (peek().type === ',') {
        next();
        args.push(argument(depth));
      }
    }
    const close = expect(')');
    return { kind: 'call', name, args, source: source.slice(at, close.at + 1), at };
  };

  const argument = (depth: number): IntrinsicNode => {
    const token = next();
    switch (token.type) {
      case 'string':
        return { kind: 'literal', value: token.value, raw: token.raw, source: `'${token.raw}'` };
      case 'number':
        return { kind: 'literal', value: token.value, source: token.text };
      case 'path':
        return { kind: 'path', source: token.text, at: token.at };
      case 'name': {
        const keyword = KEYWORDS.get(token.text);
        if (keyword !== undefined) return { kind: 'literal', value: keyword, source: token.text };
        return call(token.text, token.at, depth + 1);
      }
      default:
        throw unexpected(token, 'an argument');
    }
  };

  const first = next();
  if (first.type !== 'name' || KEYWORDS.has(first.text))
    throw unexpected(first, 'an intrinsic function call');
  const root = call(first.text, first.at, 1);
  const rest = peek();
  if (rest.type !== 'end') throw unexpected(rest, 'the end of the expression');
  return root;
}

function unexpected(token: Token, wanted: string): IntrinsicSyntaxError {
  return new IntrinsicSyntaxError(`expected ${wanted} but found ${describe(token)}`, token.at);
}

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the expression';
    case 'name':
    case 'path':
      return `'${token.text}'`;
    case 'string':
      return `'${token.raw}'`;
    case 'number':
      return token.text;
    default:
      return `'${token.type}'`;
  }
}
