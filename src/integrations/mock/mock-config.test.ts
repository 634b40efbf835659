import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MockConfig } from './mock-config.ts';

const config = new MockConfig({
  StateMachines: { Orders: { TestCases: { Flaky: { Charge: 'FailTwice', Ship: 'Shipped' } } } },
  MockedResponses: {
    FailTwice: {
      '0-1': { Throw: { Error: 'Payment.Busy', Cause: 'try later' } },
      '2': { Return: { charged: true } },
    },
    Shipped: { '0': { Return: null } },
  },
});

describe('MockConfig (Step Functions Local MockConfigFile)', () => {
  it('answers by invocation number and range; the last answer repeats past the end', () => {
    const at = (n: number) => config.answer('Orders', 'Flaky', 'Charge', n);
    assert.deepEqual(at(0), { kind: 'throw', error: 'Payment.Busy', cause: 'try later' });
    assert.deepEqual(at(1), at(0));
    assert.deepEqual(at(2), { kind: 'return', value: { charged: true } });
    assert.deepEqual(at(7), at(2));
    assert.deepEqual(config.answer('Orders', 'Flaky', 'Ship', 0), { kind: 'return', value: null });
  });

  it('knows its test cases; unmocked states and cases have no answer', () => {
    assert.equal(config.hasTestCase('Orders', 'Flaky'), true);
    assert.equal(config.hasTestCase('Orders', 'Other'), false);
    assert.equal(config.answer('Orders', 'Flaky', 'Pack', 0), undefined);
    assert.equal(config.answer('Other', 'Flaky', 'Charge', 0), undefined);
  });

  it('rejects a malformed configuration with where it is', () => {
    assert.throws(() => new MockConfig({ MockedResponses: { R: { first: { Return: 1 } } } }), /R: 'first'/);
    assert.throws(
      () => new MockConfig({ MockedResponses: { R: { '0': { Neither: 1 } } } }),
      /R\.0 needs Return or Throw/,
    );
  });
});
