// The model-based API test (test/model/) run long, for occasional use:
//
//   npm run fuzz:api                                      300 sequences per store, a random seed
//   npm run fuzz:api -- --runs 5000 --seed 7 --store sqlite --max-commands 40
//   npm run fuzz:api -- --crashes                        sequences may also SIGKILL the server
//
// Each store gets its own `stepwise serve`. A failure prints fast-check's report (the seed, the
// shrunk sequence and the error it ends on); the run then goes on with the next seed until
// --runs sequences have run. At the end: sequences, steps, API calls, failures, time.
import { parseArgs } from 'node:util';
import { checkApiModel } from '../test/model/api-property.ts';
import type { StoreKind } from '../test/model/api-under-test.ts';
import { ApiUnderTest } from '../test/model/api-under-test.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '300' },
    seed: { type: 'string' },
    store: { type: 'string', default: 'both' },
    'max-commands': { type: 'string', default: '30' },
    crashes: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const maxCommands = Number(values['max-commands']);
const firstSeed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const stores: StoreKind[] = values.store === 'both' ? ['sqlite', 'postgres'] : [values.store as StoreKind];

let failed = 0;
for (const kind of stores) {
  const api = await ApiUnderTest.start(kind);
  if (!api) {
    console.log(`${kind}: skipped (no PostgreSQL at 127.0.0.1:5432)`);
    continue;
  }
  const started = Date.now();
  let sequences = 0;
  let steps = 0;
  let failures = 0;
  let seed = firstSeed;
  try {
    while (sequences < runs) {
      try {
        await checkApiModel(api, {
          seed,
          runs: runs - sequences,
          maxCommands,
          crashes: values.crashes,
          onSequence: (n) => {
            sequences++;
            steps += n;
          },
        });
        break;
      } catch (e) {
        failures++;
        // Shrinking replays sequences too: count the failing one and move on with another seed.
        sequences++;
        console.log(
          `\n${kind}: failure ${failures} (seed ${seed})\n${e instanceof Error ? e.message : String(e)}\n`,
        );
        seed++;
      }
    }
  } finally {
    await api.close();
  }
  failed += failures;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `${kind}: ${sequences} sequences (shrinking replays included), ${steps} steps, ${api.calls} API calls, ${failures} failures, ` +
      `${seconds} s (seeds ${firstSeed}..${seed}, up to ${maxCommands} commands each${values.crashes ? ', crashes' : ''})`,
  );
}
process.exit(failed ? 1 : 0);
