export type { Row, SqlDriver, SqlValue, Statement } from './driver.ts';
export { migrate, MIGRATIONS } from './migrations.ts';
export { SqlStore } from './sql-store.ts';
export { parseWake, WAKE_CHANNEL } from './wake-sql.ts';
