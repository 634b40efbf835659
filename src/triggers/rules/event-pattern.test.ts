import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesPattern } from './event-pattern.ts';
import { transformInput } from './input-transformer.ts';

const event = {
  source: 'aws.states',
  'detail-type': 'Step Functions Execution Status Change',
  resources: ['arn:aws:states:us-east-1:123456789012:execution:Orders:o-1'],
  detail: {
    name: 'o-1',
    status: 'FAILED',
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders',
    redriveCount: 2,
    error: 'Order.Lost',
    cause: null,
  },
};

describe('EventBridge event patterns', () => {
  it('matches literals, nested fields and any element of an array field', () => {
    assert.ok(matchesPattern({ source: ['aws.states'], detail: { status: ['FAILED', 'TIMED_OUT'] } }, event));
    assert.ok(!matchesPattern({ source: ['aws.states'], detail: { status: ['SUCCEEDED'] } }, event));
    assert.ok(
      matchesPattern({ resources: ['arn:aws:states:us-east-1:123456789012:execution:Orders:o-1'] }, event),
    );
    assert.ok(matchesPattern({ detail: { cause: [null] } }, event));
    assert.ok(!matchesPattern({ detail: { missing: ['x'] } }, event));
    assert.ok(!matchesPattern({ detail: { status: 'FAILED' } }, event), 'a leaf must be an array');
  });

  it('content filters: prefix, suffix, anything-but, numeric, exists, equals-ignore-case, wildcard', () => {
    const yes = [
      { detail: { stateMachineArn: [{ suffix: ':Orders' }] } },
      { detail: { error: [{ prefix: 'Order.' }] } },
      { detail: { error: [{ prefix: { 'equals-ignore-case': 'order.' } }] } },
      { detail: { status: [{ 'anything-but': ['SUCCEEDED', 'RUNNING'] }] } },
      { detail: { name: [{ 'anything-but': { prefix: 'test-' } }] } },
      { detail: { redriveCount: [{ numeric: ['>', 0, '<=', 2] }] } },
      { detail: { error: [{ exists: true }], output: [{ exists: false }] } },
      { detail: { status: [{ 'equals-ignore-case': 'failed' }] } },
      { detail: { stateMachineArn: [{ wildcard: 'arn:aws:states:*:stateMachine:Ord*' }] } },
    ];
    for (const p of yes) assert.ok(matchesPattern(p, event), JSON.stringify(p));
    const no = [
      { detail: { status: [{ 'anything-but': 'FAILED' }] } },
      { detail: { redriveCount: [{ numeric: ['>=', 3] }] } },
      { detail: { error: [{ exists: false }] } },
      { detail: { stateMachineArn: [{ wildcard: '*:Invoices' }] } },
    ];
    for (const p of no) assert.ok(!matchesPattern(p, event), JSON.stringify(p));
  });
});

describe('input transformer', () => {
  it('puts values in as text inside JSON strings and as JSON elsewhere', () => {
    const input = transformInput(
      {
        InputPathsMap: { name: '$.detail.name', count: '$.detail.redriveCount', arn: '$.resources[0]' },
        InputTemplate:
          '{"order": <name>, "note": "order <name> failed (<count> redrives)", "n": <count>, "arn": <arn>}',
      },
      event,
      'cleanup',
    );
    assert.deepEqual(JSON.parse(input), {
      order: 'o-1',
      note: 'order o-1 failed (2 redrives)',
      n: 2,
      arn: 'arn:aws:states:us-east-1:123456789012:execution:Orders:o-1',
    });
    assert.deepEqual(
      JSON.parse(
        transformInput(
          { InputTemplate: '{"rule": <aws.events.rule-name>, "event": <aws.events.event.json>}' },
          event,
          'r',
        ),
      ),
      { rule: 'r', event },
    );
  });
});
