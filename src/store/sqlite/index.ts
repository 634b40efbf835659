import type { Store } from '../store.ts';
import { migrate, SqlStore } from '../sql/index.ts';

import { SqliteDriver, sqliteFile } from './sqlite-driver.ts';

/** The default store: one SQLite file in `dataDir` (`:memory:` for a throwaway database). */
export async function openSqliteStore(dataDir: string): Promise<Store> {
  const driver = new SqliteDriver(dataDir === ':memory:' ? ':memory:' : sqliteFile(dataDir));
  await migrate(driver);
  return new SqlStore(driver);
}
