import pg from 'pg';
import type { WakeUp, WakeUps } from '../store.ts';
import { parseWake, WAKE_CHANNEL } from '../sql/index.ts';

/** Reconnects back off up to this; meanwhile the servers' polls find the work. */
const MAX_BACKOFF_MS = 5_000;

/**
 * Store.wakeUps on PostgreSQL: LISTEN needs a connection of its own, held open (a pooled one
 * would be handed to queries). A lost connection is opened again; since notifications sent
 * meanwhile are gone, the listener is then told to look for everything (`all`).
 */
export function wakeListener(connectionString: string): WakeUps {
  return {
    async listen(wake: (w: WakeUp) => void): Promise<() => Promise<void>> {
      let client: pg.Client | undefined;
      let closed = false;
      let backoff = 100;
      let retry: NodeJS.Timeout | undefined;
      const connect = async (): Promise<void> => {
        const c = new pg.Client({ connectionString, keepAlive: true, connectionTimeoutMillis: 10_000 });
        const lost = (): void => {
          if (client !== c) return;
          client = undefined;
          void c.end().catch(() => {});
          if (!closed) schedule();
        };
        c.on('error', lost);
        c.on('end', lost);
        c.on('notification', (n) => {
          const w = n.channel === WAKE_CHANNEL ? parseWake(n.payload) : undefined;
          if (w) wake(w);
        });
        client = c;
        await c.connect();
        await c.query(`LISTEN ${WAKE_CHANNEL}`);
        backoff = 100;
      };
      const schedule = (): void => {
        // A failed connect may report itself twice (its promise and its 'end'): one retry.
        if (retry !== undefined) return;
        retry = setTimeout(() => {
          retry = undefined;
          connect().then(
            () => wake({ kind: 'all' }),
            () => {
              client = undefined;
              backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
              if (!closed) schedule();
            },
          );
        }, backoff);
        retry.unref();
      };
      await connect();
      return async () => {
        closed = true;
        clearTimeout(retry);
        const c = client;
        client = undefined;
        await c?.end().catch(() => {});
      };
    },
  };
}
