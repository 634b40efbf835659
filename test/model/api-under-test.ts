// The server the model-based API test drives: a real `stepwise serve` process on a fresh SQLite
// or PostgreSQL store, and calls to it that fail the step when the server does not answer in time
// or answers with a 5xx.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestDatabase } from '../../src/test-support/postgres-database.ts';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** Every call must be answered within this bound (a wedged durable path hangs them all). */
export const ANSWER_MS = 4000;

const FUNCTIONS = join(import.meta.dirname, 'functions.mjs');
/** Waits of a second or more park within the step that starts them. */
const PARK_AFTER_SECONDS = '0.1';

export interface Answer {
  readonly status: number;
  /** The AWS error name (`__type`) of a 4xx. */
  readonly type: string | undefined;
  readonly json: Record<string, unknown>;
}

interface Store {
  readonly args: string[];
  drop(): Promise<void>;
}

async function freshStore(kind: StoreKind): Promise<Store | undefined> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-model-'));
    return {
      args: ['--store', 'sqlite', '--data-dir', dir],
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const db: TestDatabase | undefined = await createTestDatabase('model');
  return db && { args: ['--store', db.url], drop: () => db.drop() };
}

export class ApiUnderTest {
  readonly kind: StoreKind;
  #server: ServerProcess;
  #store: Store;
  /** Calls made, for the figures the long run prints. */
  calls = 0;

  private constructor(kind: StoreKind, server: ServerProcess, store: Store) {
    this.kind = kind;
    this.#server = server;
    this.#store = store;
  }

  /** Undefined when PostgreSQL is asked for and no server answers (outside CI). */
  static async start(kind: StoreKind): Promise<ApiUnderTest | undefined> {
    const store = await freshStore(kind);
    if (!store) return undefined;
    return new ApiUnderTest(kind, await ApiUnderTest.#serve(store), store);
  }

  static #serve(store: Store): Promise<ServerProcess> {
    return startServerProcess([...store.args, '--park-after', PARK_AFTER_SECONDS, '--functions', FUNCTIONS]);
  }

  /** A new server on an empty store: after a failed sequence the old one may be wedged. */
  async restart(): Promise<void> {
    await this.close();
    const store = await freshStore(this.kind);
    if (!store) throw new Error(`no ${this.kind} store any more`);
    this.#store = store;
    this.#server = await ApiUnderTest.#serve(store);
  }

  /** Kills the server (SIGKILL) and starts another on the same store: what was answered must be there. */
  async crash(): Promise<void> {
    await killServer(this.#server);
    this.#server = await ApiUnderTest.#serve(this.#store);
  }

  async close(): Promise<void> {
    await killServer(this.#server);
    await this.#store.drop();
  }

  /** One AWS JSON 1.0 call; throws when it is not answered within ANSWER_MS or answers 5xx. */
  async call(action: string, body: object, answerMs = ANSWER_MS): Promise<Answer> {
    this.calls++;
    let answer: { status: number; json: Record<string, unknown> };
    try {
      answer = await callApi(this.#server.url, action, body, AbortSignal.timeout(answerMs));
    } catch (e) {
      throw new Error(
        `${action} ${JSON.stringify(body)} got no answer within ${answerMs} ms (${String(e)}); ` +
          `server log: ${this.#server.errors().slice(0, 600)}`,
      );
    }
    if (answer.status >= 500) {
      throw new Error(
        `${action} ${JSON.stringify(body)} answered ${answer.status}: ${JSON.stringify(answer.json)}`,
      );
    }
    const type =
      typeof answer.json['__type'] === 'string' ? answer.json['__type'].replace(/^.*#/, '') : undefined;
    return { status: answer.status, type, json: answer.json };
  }
}
