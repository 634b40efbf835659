import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json } from '../../asl/index.ts';
import type { CallbackOutcome, TaskCallbacks } from '../../integrations/index.ts';
import { MemoryStore } from '../../store/drivers.ts';
import type { Clock } from '../clock.ts';
import { mintTaskToken } from '../task-token.ts';
import { MessageInbox } from './message-inbox.ts';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:M:x';
/** Never sleeps through: no poll runs in these tests (inbox.start is not called). */
const clock: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };

/** Tokens waiting here, answered as PendingTasks answers them (once; then TaskTimedOut). */
class Waiting implements TaskCallbacks {
  readonly answers: Array<[string, Json | string]> = [];
  readonly #open = new Set<string>();
  readonly #closed = new Set<string>();
  open(token: string): void {
    this.#open.add(token);
  }
  #answer(token: string, what: Json | string, closes: boolean): CallbackOutcome {
    if (!this.#open.has(token)) return this.#closed.has(token) ? 'TaskTimedOut' : 'TaskDoesNotExist';
    this.answers.push([token, what]);
    if (closes) {
      this.#open.delete(token);
      this.#closed.add(token);
    }
    return 'ok';
  }
  succeed(token: string, output: Json): CallbackOutcome {
    return this.#answer(token, output, true);
  }
  fail(token: string, error: string | undefined): CallbackOutcome {
    return this.#answer(token, `failed ${error}`, true);
  }
  heartbeat(token: string): CallbackOutcome {
    return this.#answer(token, 'beat', false);
  }
}

const event = (id: number, previousEventId: number, type: string) => ({
  executionArn: ARN,
  id,
  data: { id, previousEventId, type, timestamp: id },
});

async function setUp() {
  const store = new MemoryStore();
  await store.commit({
    executions: [
      { arn: ARN, stateMachineArn: 'sm', status: 'RUNNING', startDate: 1, historyFormat: 1, data: {} },
    ],
    events: [
      event(1, 0, 'ExecutionStarted'),
      event(2, 1, 'TaskStateEntered'),
      event(3, 2, 'TaskScheduled'),
      event(4, 3, 'TaskStarted'),
    ],
    newLeases: { owner: 'me', expiresAt: Number.MAX_SAFE_INTEGER, executionArns: [ARN] },
  });
  const callbacks = new Waiting();
  const stops: string[] = [];
  const inbox = new MessageInbox({
    store,
    clock,
    owner: 'me',
    callbacks,
    drives: (arn) => arn === ARN,
    stop: (arn) => {
      stops.push(arn);
      return Promise.resolve();
    },
    flushed: () => Promise.resolve(),
    claimNow: () => {},
    notify: false,
  });
  let id = 0;
  const send = (data: object) =>
    store.commit({ messages: [{ id: String(++id), executionArn: ARN, createdAt: id, data: { ...data } }] });
  const left = async () => (await store.messagesFor('me', 100)).map((m) => m.data['kind']);
  /** One round of reading the messages (no poll runs: the test decides when). */
  const rounds = () => inbox.kick();
  return { store, callbacks, stops, inbox, send, left, rounds };
}

void describe('MessageInbox: calls left in the store for the executions this server drives', () => {
  it('applies an answer to the waiting task, and deletes it only once the history shows the task ended', async () => {
    const { store, callbacks, inbox, send, left, rounds } = await setUp();
    const token = mintTaskToken(ARN, 2, 0);
    callbacks.open(token);
    try {
      await send({ kind: 'taskHeartbeat', taskToken: token });
      await send({ kind: 'taskSuccess', taskToken: token, output: '{"a":1}' });
      await rounds();
      assert.deepEqual(callbacks.answers, [
        [token, 'beat'],
        [token, { a: 1 }],
      ]);
      // Applied, but not durable yet: a server dying now leaves it for the next owner.
      assert.deepEqual(await left(), ['taskSuccess']);
      await store.commit({ events: [event(5, 4, 'TaskSucceeded')] });
      await rounds();
      assert.deepEqual(await left(), []);
      assert.equal(callbacks.answers.length, 2, 'applied once');
    } finally {
      await inbox.close();
    }
  });

  it('keeps an answer to a task not waiting yet, drops one to a task that ended; a stop stays until the close', async () => {
    const { store, callbacks, stops, inbox, send, left, rounds } = await setUp();
    const ended = mintTaskToken(ARN, 2, 0);
    const next = mintTaskToken(ARN, 2, 1);
    await store.commit({ events: [event(5, 4, 'TaskFailed')] });
    try {
      await send({ kind: 'taskSuccess', taskToken: ended, output: '1' });
      await send({ kind: 'taskFailure', taskToken: next, error: 'E' });
      await send({ kind: 'stop' });
      await rounds();
      assert.deepEqual(callbacks.answers, []);
      assert.deepEqual(await left(), ['taskFailure', 'stop'], 'the ended task’s answer is dropped');
      assert.ok(stops.length > 0 && stops.every((arn) => arn === ARN));
      // The retry is scheduled and waits: the kept answer reaches it.
      await store.commit({ events: [event(6, 5, 'TaskScheduled')] });
      callbacks.open(next);
      await rounds();
      assert.deepEqual(callbacks.answers, [[next, 'failed E']]);
      // The execution closes: its lease ends, and its messages with it.
      await store.commit({ fences: [{ executionArn: ARN, token: 1 }], endedLeases: [ARN] });
      assert.deepEqual(await left(), []);
    } finally {
      await inbox.close();
    }
  });
});
