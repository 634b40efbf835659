import type { Doc, Store } from '../store/index.ts';
import type { BulkOperation, BulkProgress, BulkResult } from './bulk-operation.ts';

const NO_PROGRESS: BulkProgress = { done: 0, succeeded: 0, skipped: 0, failed: 0, updatedAt: 0 };

/** Results sort by their index within an operation. */
const resultKey = (id: string, index: number): string => `${id}/${String(index).padStart(9, '0')}`;

/**
 * Bulk operations kept durably in the store: the operation (written when it starts and when it
 * ends), its progress, and one result per execution, the results of a slice written in the same
 * commit as the progress that counts them, so a restart resumes right after the last slice.
 */
export class BulkBook {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async save(op: BulkOperation, progress?: BulkProgress): Promise<void> {
    await this.#store.commit({
      documents: [
        { kind: 'bulkOperation', key: op.bulkOperationId, parent: '', data: op as unknown as Doc },
        ...(progress ? [this.#progressRow(op.bulkOperationId, progress)] : []),
      ],
    });
  }

  async get(id: string): Promise<BulkOperation | undefined> {
    const row = await this.#store.getDocument('bulkOperation', id);
    return row?.data as unknown as BulkOperation | undefined;
  }

  async list(): Promise<BulkOperation[]> {
    return (await this.#store.listDocuments('bulkOperation')).map((r) => r.data as unknown as BulkOperation);
  }

  async progress(id: string): Promise<BulkProgress> {
    const row = await this.#store.getDocument('bulkProgress', id);
    return (row?.data as unknown as BulkProgress | undefined) ?? NO_PROGRESS;
  }

  async record(id: string, results: readonly BulkResult[], progress: BulkProgress): Promise<void> {
    await this.#store.commit({
      documents: [
        ...results.map((r) => ({
          kind: 'bulkResult' as const,
          key: resultKey(id, r.index),
          parent: id,
          data: r as unknown as Doc,
        })),
        this.#progressRow(id, progress),
      ],
    });
  }

  async results(id: string): Promise<BulkResult[]> {
    const rows = await this.#store.listDocuments('bulkResult', id);
    return rows.map((r) => r.data as unknown as BulkResult).sort((a, b) => a.index - b.index);
  }

  #progressRow(id: string, progress: BulkProgress) {
    return { kind: 'bulkProgress' as const, key: id, parent: id, data: progress as unknown as Doc };
  }
}
