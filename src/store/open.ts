import { MemoryStore } from './memory/index.ts';
import { openSqliteStore } from './sqlite/index.ts';
import type { Store } from './store.ts';

/**
 * The store a configuration names: `memory`, `postgres://…` / `postgresql://…`, or else SQLite
 * in `dataDir` (the default: embedded, nothing to set up).
 */
export function openStore(spec: { store?: string | undefined; dataDir: string }): Promise<Store> {
  const s = spec.store ?? 'sqlite';
  if (s === 'memory') return Promise.resolve(new MemoryStore());
  // Loaded only for PostgreSQL: its driver (pg) is some thirty modules a SQLite start needs not.
  if (/^postgres(ql)?:\/\//.test(s))
    return import('./postgres/index.ts').then(({ openPostgresStore }) => openPostgresStore(s));
  if (s === 'sqlite') return openSqliteStore(spec.dataDir);
  return Promise.reject(new Error(`unknown store '${s}': use sqlite, memory or postgres://…`));
}
