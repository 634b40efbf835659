// Model-based testing of the API (issue 22): fast-check drives random sequences of API calls
// against a real `stepwise serve` on SQLite and on PostgreSQL and checks after every step that
// the server answers in time, never with a 5xx, that every history is gap-free and that results
// match the model. A fixed seed and a bounded run here; `npm run fuzz:api` runs longer.
import { after, before, describe, it } from 'node:test';
import { ApiUnderTest } from './api-under-test.ts';
import type { StoreKind } from './api-under-test.ts';
import { checkApiModel } from './api-property.ts';

const SEED = 22;

for (const kind of ['sqlite', 'postgres'] as const satisfies StoreKind[]) {
  describe(`the API against its model on ${kind}`, () => {
    let api: ApiUnderTest | undefined;
    before(async () => {
      api = await ApiUnderTest.start(kind);
    });
    after(() => api?.close());

    it('random sequences of calls keep the server answering, histories gap-free and results as modelled', async (t) => {
      if (!api) return t.skip('no PostgreSQL at 127.0.0.1:5432');
      await checkApiModel(api, { seed: SEED, runs: 250, maxCommands: 25 });
    });

    it('and with crashes (SIGKILL, a restart on the same store) among the calls, nothing answered is lost', async (t) => {
      if (!api) return t.skip('no PostgreSQL at 127.0.0.1:5432');
      await checkApiModel(api, { seed: SEED, runs: 15, maxCommands: 25, crashes: true });
    });
  });
}
