// A crash in the middle of a sequence: SIGKILL, then a new server on the same store. Everything
// answered before must still be there, and open executions go on where they were.
import type { Step } from './step.ts';
import { step } from './step.ts';

export function crash(): Step {
  return step(
    'Crash()',
    async (m, api) => {
      await api.crash();
      // A task handed to a worker is offered again: the resumed execution schedules it anew.
      for (const e of m.executions.values()) e.token = undefined;
    },
    // Known gap, left out until fixed: Map Runs live in memory only, so after a restart
    // DescribeMapRun of a DISTRIBUTED Map's run is ResourceNotFound (reported in issue 22's note).
    (m) => !m.list.some((e) => e.kind === 'map'),
  );
}
