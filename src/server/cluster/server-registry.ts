import type { Store } from '../../store/index.ts';

/**
 * Where each server that drives executions by lease answers (scale-out): a `server` document per
 * lease owner id, so that a call about an execution reaches the server holding its lease.
 */
export function publishServer(store: Store, owner: string, url: string, peerKey: string): Promise<void> {
  return store.commit({
    documents: [{ kind: 'server', key: owner, parent: '', data: { url, peerKey, since: Date.now() } }],
  });
}

/** The API address (and peer key) of the server whose lease owner id is `owner`. */
export async function serverAddress(
  store: Store,
  owner: string,
): Promise<{ url: string; peerKey: string } | undefined> {
  const data = (await store.getDocument('server', owner))?.data;
  const url = data?.['url'];
  const peerKey = data?.['peerKey'];
  return typeof url === 'string' && typeof peerKey === 'string' ? { url, peerKey } : undefined;
}
