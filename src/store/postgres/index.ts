import type { Store } from '../store.ts';
import { migrate, SqlStore } from '../sql/index.ts';

import { PostgresDriver } from './postgres-driver.ts';

/** A store on PostgreSQL (`postgres://…`); the schema is created and migrated on open. */
export async function openPostgresStore(connectionString: string): Promise<Store> {
  const driver = new PostgresDriver(connectionString);
  try {
    await migrate(driver);
  } catch (e) {
    await driver.close();
    throw e;
  }
  return new SqlStore(driver);
}
