import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Decision } from './decision.ts';
import type { Json } from './json.ts';
import {
  afterMap,
  afterParallel,
  compileState,
  enterState,
  env,
  map,
  parallel,
  PREFIX,
  runtimeError,
} from './step-fixture.ts';

describe('Parallel', () => {
  it('starts the branches with the effective input (InputPath then Parameters)', () => {
    const s = parallel({ InputPath: '$.in', Parameters: { 'x.$': '$.x', 'name.$': '$$.State.Name' } });
    assert.deepEqual(enterState(s, { in: { x: 1 } }, env()), {
      kind: 'parallel',
      input: { x: 1, name: 'S' },
    });
  });

  it('keeps the branch outputs in branch order, then ResultSelector and ResultPath (afterParallel)', () => {
    const s = parallel({ ResultSelector: { 'first.$': '$[0]', 'all.$': '$' }, ResultPath: '$.r' });
    assert.deepEqual(afterParallel(s, { in: true }, ['a', 'b'], env()), {
      kind: 'transition',
      output: { in: true, r: { first: 'a', all: ['a', 'b'] } },
      next: 'N',
    });
  });

  it('outputs the array of branch outputs by default', () => {
    assert.deepEqual(afterParallel(parallel({}), {}, [{ b: 2 }, { a: 1 }], env()), {
      kind: 'transition',
      output: [{ b: 2 }, { a: 1 }],
      next: 'N',
    });
  });
});

describe('Map', () => {
  const inlineDecision = (items: Json[], maxConcurrency = 0): Decision => ({
    kind: 'map',
    items,
    maxConcurrency,
    toleratedFailureCount: undefined,
    toleratedFailurePercentage: undefined,
    runError: undefined,
  });

  it('iterates over the effective input when there is no ItemsPath', () => {
    assert.deepEqual(enterState(map({}), [1, 2], env()), inlineDecision([1, 2]));
  });

  it('selects the items with ItemsPath after InputPath', () => {
    assert.deepEqual(
      enterState(map({ InputPath: '$.in', ItemsPath: '$.list' }), { in: { list: ['a'] } }, env()),
      inlineDecision(['a']),
    );
  });

  it('builds item inputs with ItemSelector from $$.Map.Item.Index/Value and $', () => {
    const s = map({
      ItemsPath: '$.list',
      ItemSelector: {
        'i.$': '$$.Map.Item.Index',
        'v.$': '$$.Map.Item.Value',
        'k.$': '$.k',
        'e.$': '$$.Execution.Name',
      },
    });
    assert.deepEqual(
      enterState(s, { list: ['x', 'y'], k: 9 }, env()),
      inlineDecision([
        { i: 0, v: 'x', k: 9, e: 'e1' },
        { i: 1, v: 'y', k: 9, e: 'e1' },
      ]),
    );
  });

  it('accepts the legacy Parameters as ItemSelector', () => {
    const s = map({ Parameters: { 'idx.$': '$$.Map.Item.Index' } });
    assert.deepEqual(enterState(s, ['a', 'b'], env()), inlineDecision([{ idx: 0 }, { idx: 1 }]));
  });

  it('reads MaxConcurrency and MaxConcurrencyPath', () => {
    assert.deepEqual(enterState(map({ MaxConcurrency: 2 }), [1], env()), inlineDecision([1], 2));
    assert.deepEqual(
      enterState(map({ ItemsPath: '$.v', MaxConcurrencyPath: '$.m' }), { v: [1], m: 3 }, env()),
      inlineDecision([1], 3),
    );
  });

  it('rejects a MaxConcurrencyPath that is not an integer (recorded: test_max_concurrency_path.*)', () => {
    const s = compileState(
      {
        Type: 'Map',
        ItemsPath: '$.Values',
        MaxConcurrencyPath: '$.MaxConcurrencyValue',
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        Next: 'Final',
      },
      'MapState',
    );
    assert.deepEqual(
      enterState(s, { MaxConcurrencyValue: 'NoNumber', Values: ['HelloWorld'] }, env()),
      runtimeError(
        'MapState',
        'The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.MaxConcurrencyValue',
      ),
    );
    assert.deepEqual(
      enterState(s, { MaxConcurrencyValue: {}, Values: ['HelloWorld'] }, env()),
      runtimeError(
        'MapState',
        'The MaxConcurrencyPath field refers to value "{}" which is not a valid integer: $.MaxConcurrencyValue',
      ),
    );
  });

  it('fails an INLINE map with a negative ToleratedFailureCount before it starts', () => {
    const d = enterState(
      map({ ToleratedFailureCountPath: '$.c', ItemsPath: '$.items' }),
      { items: [], c: -1 },
      env(),
    );
    assert.deepEqual(d, runtimeError('S', 'ToleratedFailureCount cannot be negative.'));
  });

  it('gives a DISTRIBUTED map its tolerated-failure error as runError (recorded: ..._count_path.-1)', () => {
    const s = compileState(
      {
        Type: 'Map',
        ItemsPath: '$.Items',
        MaxConcurrency: 1,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'HandleItem',
          States: { HandleItem: { Type: 'Pass', End: true } },
        },
        ToleratedFailureCountPath: '$.ToleratedFailureCount',
        End: true,
      },
      'MapState',
    );
    assert.deepEqual(enterState(s, { Items: [0], ToleratedFailureCount: -1 }, env()), {
      kind: 'map',
      items: [0],
      maxConcurrency: 1,
      toleratedFailureCount: undefined,
      toleratedFailurePercentage: undefined,
      runError: {
        error: 'States.Runtime',
        cause: PREFIX('MapState') + 'ToleratedFailureCount cannot be negative.',
      },
    });
    const d = enterState(s, { Items: [0], ToleratedFailureCount: 'NoNumber' }, env());
    assert.ok(d.kind === 'map');
    assert.deepEqual(d.runError, {
      error: 'States.Runtime',
      cause:
        PREFIX('MapState') +
        'The ToleratedFailureCountPath field refers to value "NoNumber" which is not a valid integer: $.ToleratedFailureCount',
    });
  });

  it('passes valid tolerated-failure thresholds on', () => {
    const d = enterState(
      map({ ToleratedFailureCount: 2, ToleratedFailurePercentagePath: '$.p', ItemsPath: '$.i' }),
      { i: [1], p: 1.5 },
      env(),
    );
    assert.ok(d.kind === 'map');
    assert.equal(d.toleratedFailureCount, 2);
    assert.equal(d.toleratedFailurePercentage, 1.5);
    assert.equal(d.runError, undefined);
  });

  it('rejects a ToleratedFailurePercentage over 100', () => {
    assert.deepEqual(
      enterState(map({ ToleratedFailurePercentagePath: '$.p', ItemsPath: '$.i' }), { i: [], p: 101 }, env()),
      runtimeError('S', 'ToleratedFailurePercentage must be between 0 and 100.'),
    );
  });

  it('iterates a JSON object by key-value pair: {Key, Value} inputs, $$.Map.Item.Key in ItemSelector', () => {
    const input = { servers: { web: { port: 80 }, db: { port: 5432 } } };
    assert.deepEqual(
      enterState(map({ ItemsPath: '$.servers' }), input, env()),
      inlineDecision([
        { Key: 'web', Value: { port: 80 } },
        { Key: 'db', Value: { port: 5432 } },
      ]),
    );
    const s = map({
      ItemsPath: '$.servers',
      ItemSelector: {
        'name.$': '$$.Map.Item.Key',
        'port.$': '$$.Map.Item.Value.port',
        'i.$': '$$.Map.Item.Index',
      },
    });
    assert.deepEqual(
      enterState(s, input, env()),
      inlineDecision([
        { name: 'web', port: 80, i: 0 },
        { name: 'db', port: 5432, i: 1 },
      ]),
    );
    assert.deepEqual(enterState(map({}), {}, env()), inlineDecision([]));
  });

  it('batches the key-value pairs of an object in a DISTRIBUTED Map', () => {
    const s = compileState(
      {
        Type: 'Map',
        ItemsPath: '$.o',
        ItemBatcher: { MaxItemsPerBatch: 2 },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', End: true } },
        },
        End: true,
      },
      'M',
    );
    const d = enterState(s, { o: { a: 1, b: 2, c: 3 } }, env());
    assert.ok(d.kind === 'map');
    assert.deepEqual(d.items, [
      {
        Items: [
          { Key: 'a', Value: 1 },
          { Key: 'b', Value: 2 },
        ],
      },
      { Items: [{ Key: 'c', Value: 3 }] },
    ]);
    assert.deepEqual(d.batchSizes, [2, 1]);
  });

  it('fails when the items are neither an array nor an object', () => {
    for (const items of ['string', 1, null, true] as Json[]) {
      assert.deepEqual(
        enterState(map({ ItemsPath: '$.items' }), { items }, env()),
        runtimeError('S', `Map state input must be an array but was: ${JSON.stringify(items)}`),
      );
    }
  });

  it('applies ResultSelector, ResultPath and OutputPath to the iteration outputs (afterMap)', () => {
    const s = map({
      ResultSelector: { 'n.$': 'States.ArrayLength($)' },
      ResultPath: '$.out',
      OutputPath: '$.out',
    });
    assert.deepEqual(afterMap(s, { x: 1 }, [10, 20, 30], env()), {
      kind: 'transition',
      output: { n: 3 },
      next: 'N',
    });
    assert.deepEqual(afterMap(map({}), {}, ['a', 'b'], env()), {
      kind: 'transition',
      output: ['a', 'b'],
      next: 'N',
    });
  });
});
