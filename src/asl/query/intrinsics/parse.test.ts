import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IntrinsicNode } from './ast.ts';
import { parseIntrinsic } from './parse.ts';
import { IntrinsicSyntaxError } from './syntax-error.ts';

/** The parse tree without offsets and source text, to compare shapes. */
function shape(node: IntrinsicNode): unknown {
  switch (node.kind) {
    case 'call':
      return { call: node.name, args: node.args.map(shape) };
    case 'path':
      return { path: node.source };
    case 'literal':
      return node.raw === undefined ? node.value : { string: node.value, raw: node.raw };
  }
}

describe('parseIntrinsic', () => {
  it('parses literals of every kind', () => {
    assert.deepEqual(shape(parseIntrinsic("States.Array('a', 1, -2.5, 1e3, true, false, null)")), {
      call: 'States.Array',
      args: [{ string: 'a', raw: 'a' }, 1, -2.5, 1000, true, false, null],
    });
  });

  it('parses a call without arguments', () => {
    assert.deepEqual(shape(parseIntrinsic('States.UUID()')), { call: 'States.UUID', args: [] });
  });

  it('parses paths to input, context and variables, with brackets and filters', () => {
    const tree = parseIntrinsic(
      "States.Array($, $.a.b, $['x y'], $$.Execution.Id, $var.field, $.a[?(@.b == 'p, q)')], $.c[0])",
    );
    assert.deepEqual(
      tree.args.map((arg) => arg.source),
      ['$', '$.a.b', "$['x y']", '$$.Execution.Id', '$var.field', "$.a[?(@.b == 'p, q)')]", '$.c[0]'],
    );
    assert.ok(tree.args.every((arg) => arg.kind === 'path'));
  });

  it('unescapes string literals and keeps the escaped text for States.Format', () => {
    const [arg] = parseIntrinsic("States.Format('it\\'s \\{\\} a \\\\ {}', 1)").args;
    assert.deepEqual(arg && shape(arg), { string: "it's {} a \\ {}", raw: "it\\'s \\{\\} a \\\\ {}" });
  });

  it('parses nested calls and records each call source', () => {
    const tree = parseIntrinsic("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)");
    assert.deepEqual(shape(tree), {
      call: 'States.ArrayGetItem',
      args: [
        { call: 'States.StringSplit', args: [{ path: '$$.StateMachine.Name' }, { string: '-', raw: '-' }] },
        0,
      ],
    });
    assert.equal(tree.args[0]?.source, "States.StringSplit($$.StateMachine.Name, '-')");
  });

  it('ignores whitespace between tokens', () => {
    assert.deepEqual(shape(parseIntrinsic('  States.MathAdd (  $.a ,\t-1 )  ')), {
      call: 'States.MathAdd',
      args: [{ path: '$.a' }, -1],
    });
  });

  it('allows 10 nested calls and rejects 11', () => {
    const nest = (depth: number): string =>
      depth === 1 ? 'States.Array(1)' : `States.Array(${nest(depth - 1)})`;
    assert.doesNotThrow(() => parseIntrinsic(nest(10)));
    assert.throws(() => parseIntrinsic(nest(11)), /nested at most 10 levels/);
  });

  for (const [source, message] of [
    ['States.Array(1', /expected '\)' but found the end of the expression/],
    ['States.Array(1,)', /expected an argument but found '\)'/],
    ['States.Array(, 1)', /expected an argument but found ','/],
    ['States.Array(1) x', /expected the end of the expression but found 'x'/],
    ["States.Format('abc)", /unterminated string literal/],
    ["States.Format('a\\nb')", /invalid escape sequence '\\n'/],
    ['States.Array(1 2)', /expected '\)' but found 2/],
    ['States.Array(-)', /unexpected character '-'/],
    ['States.Array($.a[0)', /unterminated path argument/],
    ['States.Array(foo)', /'foo' is not an intrinsic function name/],
    ['$.a', /expected an intrinsic function call but found '\$\.a'/],
    ['true', /expected an intrinsic function call but found 'true'/],
    ['States.Array', /expected '\(' but found the end/],
    ['States.Array(#)', /unexpected character '#'/],
    ['', /expected an intrinsic function call but found the end/],
  ] as const) {
    it(`rejects ${JSON.stringify(source)}`, () => {
      assert.throws(
        () => parseIntrinsic(source),
        (error: unknown) => error instanceof IntrinsicSyntaxError && message.test(error.message),
      );
    });
  }

  it('reports where the error is', () => {
    assert.throws(
      () => parseIntrinsic('States.Array(1,)'),
      (error: unknown) => error instanceof IntrinsicSyntaxError && error.at === 15,
    );
  });
});
