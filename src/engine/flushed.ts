import { storeFailure } from './errors.ts';
import type { GroupCommit } from './group-commit.ts';

/**
 * Resolves once everything done so far is durable (the API answers only after it); fails with
 * ServiceUnavailableException while the store is away.
 */
export async function flushed(journal: GroupCommit | undefined): Promise<void> {
  try {
    await journal?.flushed();
  } catch (e) {
    throw storeFailure(e);
  }
}
