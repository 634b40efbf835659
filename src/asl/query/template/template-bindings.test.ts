import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateBindings, templateProblems } from './index.ts';

describe('templateBindings', () => {
  it('lists every .$ entry with its JSON Pointer, arrays included', () => {
    const template = {
      'a.$': '$.a',
      plain: '$.not-bound',
      nested: { 'b/c.$': '$.b', list: [{ 'd~.$': 'States.UUID()' }] },
    };
    assert.deepEqual(templateBindings(template), [
      { pointer: '/a.$', key: 'a.$', value: '$.a' },
      { pointer: '/nested/b~1c.$', key: 'b/c.$', value: '$.b' },
      { pointer: '/nested/list/0/d~0.$', key: 'd~.$', value: 'States.UUID()' },
    ]);
  });

  it('finds nothing in constants', () => {
    assert.deepEqual(templateBindings({ a: [1, 'x'], b: null }), []);
    assert.deepEqual(templateBindings('$.x'), []);
  });
});

describe('templateProblems', () => {
  it('accepts paths, context paths, variables and intrinsic calls', () => {
    assert.deepEqual(
      templateProblems({
        'a.$': '$.a',
        'b.$': '$$.Execution.Id',
        'c.$': '$v',
        'd.$': "States.Format('{}', $.x)",
      }),
      [],
    );
  });

  it('reports bad paths, bad intrinsic calls and non-string values where they are', () => {
    const problems = templateProblems({ x: [{ 'bad.$': 'missing' }], 'num.$': 1, 'fn.$': 'States.Format(' });
    assert.deepEqual(
      problems.map((p) => p.pointer),
      ['/x/0/bad.$', '/num.$', '/fn.$'],
    );
    assert.match(problems[0]!.message, /^The value for the field 'bad\.\$' must be a valid JSONPath/);
    assert.match(problems[1]!.message, /must be a STRING/);
    assert.equal(typeof problems[2]!.message, 'string');
  });
});
