// A throwaway PostgreSQL database per test file: others run tests on the same server at once.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests use; CI provides it at 127.0.0.1:5432 (user postgres, trust). */
const ADMIN = process.env['STEPWISE_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * Creates `stepwise_<purpose>_<hex>`, or returns undefined when no server answers (a laptop
 * without PostgreSQL skips those tests; CI, which sets CI, fails instead).
 */
export async function createTestDatabase(purpose: string): Promise<TestDatabase | undefined> {
  const name = `stepwise_${purpose}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  try {
    await admin.connect();
  } catch (e) {
    if (process.env['CI']) throw e;
    return undefined;
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
