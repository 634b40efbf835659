import type { Engine, ExecutionRecord } from '../engine/index.ts';
import { RecordInStore, ServiceError } from '../engine/index.ts';
import type { ChildExecution, Executions, StartRefused } from '../integrations/index.ts';
import { withTraceContext } from '../observability/index.ts';

const child = (r: ExecutionRecord): ChildExecution => ({ ...r });

/**
 * The engine as nested workflows (`states:startExecution`) see it. Composed here, since the
 * integrations may not import the engine (DESIGN.md rule 3).
 */
export function engineExecutions(engine: Engine): Executions {
  return {
    start: ({ stateMachineArn, name, input, traceHeaders }) => {
      const start = (): ChildExecution | StartRefused => {
        try {
          // The child's trace continues the parent's task span (its traceparent), when traced.
          return withTraceContext(traceHeaders ?? {}, () =>
            child(engine.startExecution({ stateMachineArn, name, input })),
          );
        } catch (e) {
          if (e instanceof ServiceError) return { refused: e.code, message: e.message };
          throw e;
        }
      };
      try {
        return start();
      } catch (e) {
        // The child is parked, its record in the store (a restart): read it, then start again.
        if (e instanceof RecordInStore) return engine.loadExecution(e.executionArn).then(start);
        throw e;
      }
    },
    finished: async (executionArn) => child(await engine.waitForExecution(executionArn)),
    stop: (executionArn) => {
      try {
        engine.stopExecution(executionArn);
      } catch (e) {
        if (!(e instanceof RecordInStore)) throw e;
        void engine.loadExecution(executionArn).then(() => engine.stopExecution(executionArn));
      }
    },
  };
}
