// The behaviour every Store implementation must have (DESIGN.md style 9): each backend's test
// file runs this suite against a fresh instance.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ExecutionRow, Store } from './store.ts';
import { StoreError } from './store-error.ts';

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:';
const EX = 'arn:aws:states:us-east-1:123456789012:execution:';

const execution = (name: string, startDate: number, status = 'RUNNING', machine = 'M'): ExecutionRow => ({
  arn: `${EX}${machine}:${name}`,
  stateMachineArn: `${SM}${machine}`,
  status,
  startDate,
  historyFormat: 1,
  data: { name, input: '{"a":[1,"é"]}', nested: { n: 1.5, t: true, z: null } },
});

/** A store opened before a suite's tests (handed to `set`) and closed after them. */
export function openedPerSuite(
  open: () => Promise<{ store: Store; dispose(): Promise<void> }>,
  set: (store: Store) => void,
): void {
  let opened: { store: Store; dispose(): Promise<void> } | undefined;
  before(async () => {
    opened = await open();
    set(opened.store);
  });
  after(async () => {
    await opened?.store.close();
    await opened?.dispose();
  });
}

export function storeContract(name: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>) {
  void describe(`Store contract: ${name}`, () => {
    let store: Store;
    openedPerSuite(open, (opened) => (store = opened));

    void it('keeps documents by kind and key, lists them in code-point order, per parent', async () => {
      await store.commit({
        documents: [
          { kind: 'stateMachine', key: `${SM}b`, parent: '', data: { name: 'b', definition: '{}' } },
          { kind: 'stateMachine', key: `${SM}B`, parent: '', data: { name: 'B' } },
          { kind: 'stateMachine', key: `${SM}a`, parent: '', data: { name: 'a' } },
          { kind: 'stateMachineVersion', key: `${SM}a:1`, parent: `${SM}a`, data: { version: 1 } },
          { kind: 'stateMachineVersion', key: `${SM}b:1`, parent: `${SM}b`, data: { version: 1 } },
        ],
      });
      const all = await store.listDocuments('stateMachine');
      assert.deepEqual(
        all.map((d) => d.data['name']),
        ['B', 'a', 'b'],
      );
      const versions = await store.listDocuments('stateMachineVersion', `${SM}a`);
      assert.deepEqual(
        versions.map((d) => d.key),
        [`${SM}a:1`],
      );
      assert.deepEqual((await store.getDocument('stateMachine', `${SM}b`))?.data, {
        name: 'b',
        definition: '{}',
      });
      assert.equal(await store.getDocument('activity', `${SM}b`), undefined);
    });

    void it('keeps map runs by ARN, listed by their execution, each write replacing the last', async () => {
      const run = (id: string, status: string) => ({
        kind: 'mapRun' as const,
        key: `arn:aws:states:us-east-1:123456789012:mapRun:M/Map:${id}`,
        parent: `${EX}M:x`,
        data: { status, itemCounts: { total: 3, succeeded: status === 'SUCCEEDED' ? 3 : 0 } },
      });
      await store.commit({ documents: [run('b', 'RUNNING'), run('a', 'RUNNING')] });
      await store.commit({ documents: [run('b', 'SUCCEEDED')] });
      const listed = await store.listDocuments('mapRun', `${EX}M:x`);
      assert.deepEqual(
        listed.map((d) => [d.key.slice(-1), d.data['status']]),
        [
          ['a', 'RUNNING'],
          ['b', 'SUCCEEDED'],
        ],
      );
      assert.deepEqual((await store.getDocument('mapRun', run('b', '').key))?.data['itemCounts'], {
        total: 3,
        succeeded: 3,
      });
      assert.deepEqual(await store.listDocuments('mapRun', `${EX}M:other`), []);
    });

    void it('replaces a document with the same key and deletes it', async () => {
      await store.commit({ documents: [{ kind: 'tags', key: 'r1', parent: '', data: { k: 'v1' } }] });
      await store.commit({ documents: [{ kind: 'tags', key: 'r1', parent: '', data: { k: 'v2' } }] });
      assert.deepEqual((await store.getDocument('tags', 'r1'))?.data, { k: 'v2' });
      await store.commit({ deletedDocuments: [{ kind: 'tags', key: 'r1' }] });
      assert.equal(await store.getDocument('tags', 'r1'), undefined);
    });

    void it('keeps schedules by group and outbox events in sequence order; a batch both adds and deletes', async () => {
      const schedule = (group: string, name: string) => ({
        kind: 'schedule' as const,
        key: `${group}/${name}`,
        parent: group,
        data: { Name: name, GroupName: group, handledThrough: 1_700_000_000_000 },
      });
      await store.commit({
        documents: [schedule('default', 'b'), schedule('default', 'a'), schedule('ops', 'a')],
      });
      assert.deepEqual(
        (await store.listDocuments('schedule')).map((d) => d.key),
        ['default/a', 'default/b', 'ops/a'],
      );
      assert.deepEqual(
        (await store.listDocuments('schedule', 'ops')).map((d) => d.data),
        [{ Name: 'a', GroupName: 'ops', handledThrough: 1_700_000_000_000 }],
      );
      const event = (seq: number, execution: string) => ({
        kind: 'outboxEvent' as const,
        key: String(seq).padStart(16, '0'),
        parent: execution,
        data: { seq },
      });
      await store.commit({ documents: [event(10, `${EX}M:x`), event(9, `${EX}M:y`), event(11, `${EX}M:x`)] });
      // Delivered ones go in the same batch as the next ones come.
      await store.commit({
        deletedDocuments: [{ kind: 'outboxEvent', key: event(9, '').key }],
        documents: [event(12, `${EX}M:y`)],
      });
      assert.deepEqual(
        (await store.listDocuments('outboxEvent')).map((d) => d.data['seq']),
        [10, 11, 12],
      );
      assert.deepEqual(
        (await store.listDocuments('outboxEvent', `${EX}M:x`)).map((d) => d.data['seq']),
        [10, 11],
      );
    });

    void it('upserts executions and lists them newest first, filtered by machine and status', async () => {
      await store.commit({
        executions: [
          execution('one', 1000),
          execution('two', 3000),
          execution('other', 2000, 'RUNNING', 'N'),
        ],
      });
      await store.commit({ executions: [execution('one', 1000, 'SUCCEEDED')] });
      const mine = await store.listExecutions({ stateMachineArn: `${SM}M` });
      assert.deepEqual(
        mine.map((x) => x.arn),
        [`${EX}M:two`, `${EX}M:one`],
      );
      assert.deepEqual(
        (await store.listExecutions({ status: 'RUNNING' })).map((x) => x.arn),
        [`${EX}M:two`, `${EX}N:other`],
      );
      // A page: those after a keyset (a tie on startDate ordered by arn), at most `limit`.
      await store.commit({ executions: [execution('tie', 3000), execution('three', 500)] });
      const page = async (after: { startDate: number; arn: string } | undefined, limit?: number) =>
        (
          await store.listExecutions({
            stateMachineArn: `${SM}M`,
            ...(after ? { after } : {}),
            ...(limit === undefined ? {} : { limit }),
          })
        ).map((x) => x.arn);
      assert.deepEqual(await page(undefined, 2), [`${EX}M:two`, `${EX}M:tie`]);
      assert.deepEqual(await page({ startDate: 3000, arn: `${EX}M:tie` }, 2), [`${EX}M:one`, `${EX}M:three`]);
      assert.deepEqual(await page({ startDate: 3000, arn: `${EX}M:two` }), [
        `${EX}M:tie`,
        `${EX}M:one`,
        `${EX}M:three`,
      ]);
      const one = await store.getExecution(`${EX}M:one`);
      assert.equal(one?.status, 'SUCCEEDED');
      assert.equal(one?.startDate, 1000);
      assert.deepEqual(one?.data, execution('one', 1000).data);
      assert.equal(await store.getExecution(`${EX}M:none`), undefined);
    });

    void it('lists only the executions not asleep past a time when asked (a lazy restart)', async () => {
      const soon = execution('soon', 1, 'RUNNING', 'A');
      const late = execution('late', 2, 'RUNNING', 'A');
      const closed = execution('closed', 3, 'SUCCEEDED', 'A');
      await store.commit({
        executions: [soon, late, closed],
        timers: [
          { executionArn: soon.arn, fireAt: 100 },
          { executionArn: late.arn, fireAt: 900 },
        ],
      });
      const listed = async (awakeBy: number): Promise<string[]> =>
        (await store.listExecutions({ stateMachineArn: `${SM}A`, awakeBy })).map((x) => x.arn);
      assert.deepEqual(await listed(500), [closed.arn, soon.arn]);
      assert.deepEqual(await listed(900), [closed.arn, late.arn, soon.arn]);
      assert.deepEqual(await listed(50), [closed.arn]);
      await store.commit({ clearedTimers: [soon.arn, late.arn] });
    });

    void it("keeps an execution's history format as first written", async () => {
      await store.commit({ executions: [{ ...execution('format', 10), historyFormat: 7 }] });
      await store.commit({ executions: [{ ...execution('format', 10, 'SUCCEEDED'), historyFormat: 1 }] });
      const row = await store.getExecution(`${EX}M:format`);
      assert.equal(row?.status, 'SUCCEEDED');
      assert.equal(row?.historyFormat, 7);
    });

    void it('keeps a large epoch-ms start date exact', async () => {
      const start = Date.UTC(2030, 5, 1, 12, 0, 0, 123);
      await store.commit({ executions: [execution('late', start)] });
      assert.equal((await store.getExecution(`${EX}M:late`))?.startDate, start);
    });

    void it('keeps text exactly: quotes, backslashes, placeholders, NUL and non-ASCII', async () => {
      // PostgreSQL writes values as literals (postgres/inline-sql.ts): these must survive it.
      const tricky = `it's a \\'quote\\' ?, $1, E'x', $v$ $$, \\\\ \\n "é" 😀 ; COMMIT; --`;
      const arn = `${EX}M:${tricky}`;
      await store.commit({
        documents: [
          { kind: 'tags', key: tricky, parent: '', data: { text: tricky } },
          // All of PostgreSQL's dollar quote but its last `$`, at the end: it must not close early.
          { kind: 'tags', key: 'ends with $v', parent: '$', data: {} },
        ],
        executions: [{ ...execution('text', 7), arn, data: { input: tricky } }],
        events: [{ executionArn: arn, id: 1, data: { text: tricky, nul: '\0' } }],
      });
      // A NUL in a column of its own: PostgreSQL text refuses it (a refusal, not a corruption).
      const nul = await store
        .commit({ documents: [{ kind: 'tags', key: 'nul\0key', parent: '', data: {} }] })
        .then(
          () => 'kept',
          (e: unknown) => (e instanceof StoreError && !e.transient ? 'refused' : String(e)),
        );
      assert.ok(nul === 'kept' || nul === 'refused', nul);
      assert.deepEqual((await store.getDocument('tags', tricky))?.data, { text: tricky });
      assert.equal((await store.getDocument('tags', 'ends with $v'))?.parent, '$');
      assert.deepEqual((await store.getExecution(arn))?.data, { input: tricky });
      assert.deepEqual((await store.getHistory(arn))[0]?.data, { text: tricky, nul: '\0' });
    });

    void it('appends events and reads them back in id order, after a given id', async () => {
      const arn = `${EX}M:history`;
      const events = Array.from({ length: 450 }, (_, i) => ({
        executionArn: arn,
        id: i + 1,
        data: { id: i + 1, previousEventId: i, type: 'PassStateEntered', timestamp: 1000 + i },
      }));
      await store.commit({ events: events.slice(0, 300) });
      await store.commit({ events: events.slice(300) });
      const read = await store.getHistory(arn);
      assert.equal(read.length, 450);
      assert.deepEqual(
        read.map((e) => e.id),
        events.map((e) => e.id),
      );
      assert.deepEqual(read[449]?.data, events[449]?.data);
      assert.deepEqual(
        (await store.getHistory(arn, 447)).map((e) => e.id),
        [448, 449, 450],
      );
      assert.deepEqual(await store.getHistory(`${EX}M:nothing`), []);
      assert.equal(await store.lastEventId(arn), 450);
      assert.equal(await store.lastEventId(`${EX}M:nothing`), 0);
    });

    void it('fails a commit with an event id that exists, and writes nothing of that batch', async () => {
      const arn = `${EX}M:dup`;
      await store.commit({ events: [{ executionArn: arn, id: 1, data: { n: 1 } }] });
      await assert.rejects(
        store.commit({
          executions: [execution('dup', 5)],
          events: [
            { executionArn: arn, id: 2, data: { n: 2 } },
            { executionArn: arn, id: 1, data: { n: 'again' } },
          ],
        }),
        // A refusal, never to be retried (the group commit isolates it, DESIGN.md decision 3).
        (e: unknown) => e instanceof StoreError && !e.transient,
      );
      assert.deepEqual(
        (await store.getHistory(arn)).map((e) => e.data),
        [{ n: 1 }],
      );
      assert.equal(await store.getExecution(`${EX}M:dup`), undefined);
    });

    void it('refuses a start written twice (its row and event 1 again); the first stays', async () => {
      const arn = `${EX}M:twice`;
      const start = (status: string) => ({
        executions: [execution('twice', 7, status)],
        events: [{ executionArn: arn, id: 1, data: { status } }],
      });
      await store.commit(start('RUNNING'));
      await assert.rejects(
        store.commit(start('SUCCEEDED')),
        (e: unknown) => e instanceof StoreError && !e.transient,
      );
      assert.equal((await store.getExecution(arn))?.status, 'RUNNING');
      assert.deepEqual(
        (await store.getHistory(arn)).map((e) => e.data),
        [{ status: 'RUNNING' }],
      );
    });

    void it('fails a commit that repeats any event id, inside earlier commits or its own', async () => {
      const arn = `${EX}M:overlap`;
      const ev = (id: number) => ({ executionArn: arn, id, data: { id } });
      await store.commit({ events: [ev(1), ev(2), ev(3), ev(4)] });
      await store.commit({ events: [ev(5), ev(6)] });
      const refused = (e: unknown) => e instanceof StoreError && !e.transient;
      // Ids inside what one commit wrote, not its first; across two commits; after a gap.
      for (const ids of [[3], [2, 3], [4, 5, 6, 7], [6, 7], [9, 6]]) {
        await assert.rejects(store.commit({ events: ids.map(ev) }), refused, `ids ${ids.join(',')}`);
      }
      // Repeated inside one commit, with the execution's later events or a new one's first.
      await assert.rejects(store.commit({ events: [ev(7), ev(8), ev(9), ev(8)] }), refused);
      const other = (id: number) => ({ executionArn: `${arn}-new`, id, data: { id } });
      await assert.rejects(store.commit({ events: [other(1), other(2), other(3), other(2)] }), refused);
      assert.equal(await store.lastEventId(`${arn}-new`), 0);
      assert.equal(await store.lastEventId(arn), 6);
      await store.commit({ events: [ev(7), ev(8)] });
      assert.deepEqual(
        (await store.getHistory(arn, 3)).map((e) => e.data),
        [4, 5, 6, 7, 8].map((id) => ({ id })),
      );
    });

    void it('sets, replaces, clears and finds due timers earliest first', async () => {
      await store.commit({
        timers: [
          { executionArn: 'x1', fireAt: 500 },
          { executionArn: 'x2', fireAt: 100 },
          { executionArn: 'x3', fireAt: 9_000_000_000_000 },
        ],
      });
      await store.commit({ timers: [{ executionArn: 'x1', fireAt: 50 }] });
      assert.deepEqual(await store.dueTimers(1000, 10), [
        { executionArn: 'x1', fireAt: 50 },
        { executionArn: 'x2', fireAt: 100 },
      ]);
      assert.deepEqual(await store.dueTimers(1000, 1), [{ executionArn: 'x1', fireAt: 50 }]);
      await store.commit({ clearedTimers: ['x1', 'x2'] });
      assert.deepEqual(await store.dueTimers(1000, 10), []);
    });

    void it('reads every timer a page at a time, in execution ARN order', async () => {
      const arns = ['p-b', 'p-a', 'p-d', 'p-c', 'p-e'];
      await store.commit({ timers: arns.map((executionArn, i) => ({ executionArn, fireAt: 7_000 - i })) });
      // From just before this test's ARNs (others' timers may follow them).
      const pages: string[][] = [];
      let after = 'p-';
      for (
        let page = await store.timersAfter(after, 2);
        page.length > 0;
        page = await store.timersAfter(after, 2)
      ) {
        pages.push(page.map((t) => t.executionArn));
        after = page.at(-1)!.executionArn;
      }
      assert.deepEqual(pages.slice(0, 3), [
        ['p-a', 'p-b'],
        ['p-c', 'p-d'],
        ['p-e', ...pages[2]!.slice(1)],
      ]);
      assert.deepEqual(await store.timersAfter('p-c', 1), [{ executionArn: 'p-d', fireAt: 6_998 }]);
      const first = await store.timersAfter(undefined, 1_000);
      assert.deepEqual(
        first.filter((t) => t.executionArn.startsWith('p-')).map((t) => t.executionArn),
        ['p-a', 'p-b', 'p-c', 'p-d', 'p-e'],
      );
      await store.commit({ clearedTimers: arns });
      assert.deepEqual(await store.timersAfter('p-', 1), await store.timersAfter('p-e', 1));
    });

    void it('keeps the last of the same document written twice in one batch', async () => {
      await store.commit({
        documents: [
          { kind: 'mapRun', key: 'twice', parent: 'x', data: { v: 1 } },
          { kind: 'mapRun', key: 'twice', parent: 'x', data: { v: 2 } },
        ],
      });
      assert.deepEqual((await store.getDocument('mapRun', 'twice'))?.data, { v: 2 });
    });

    void it('writes documents, executions, events and timers of one batch together', async () => {
      const x = execution('together', 7);
      await store.commit({
        documents: [{ kind: 'taskToken', key: 'tok', parent: x.arn, data: { state: 'S' } }],
        executions: [x],
        events: [{ executionArn: x.arn, id: 1, data: { type: 'ExecutionStarted' } }],
        timers: [{ executionArn: x.arn, fireAt: 1 }],
      });
      assert.equal((await store.listDocuments('taskToken', x.arn)).length, 1);
      assert.equal((await store.getHistory(x.arn)).length, 1);
      assert.equal((await store.dueTimers(1, 100)).filter((t) => t.executionArn === x.arn).length, 1);
    });
  });
}
