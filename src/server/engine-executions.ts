import type { Engine, ExecutionRecord } from '../engine/index.ts';
import { ServiceError } from '../engine/index.ts';
import type { ChildExecution, Executions } from '../integrations/index.ts';
import { withTraceContext } from '../observability/index.ts';

const child = (r: ExecutionRecord): ChildExecution => ({ ...r });

/**
 * The engine as nested workflows (`states:startExecution`) see it. Composed here, since the
 * integrations may not import the engine (DESIGN.md rule 3).
 */
export function engineExecutions(engine: Engine): Executions {
  return {
    start: ({ stateMachineArn, name, input, traceHeaders }) => {
      try {
        // The child's trace continues the parent's task span (its traceparent), when traced.
        return withTraceContext(traceHeaders ?? {}, () =>
          child(engine.startExecution({ stateMachineArn, name, input })),
        );
      } catch (e) {
        if (e instanceof ServiceError) return { refused: e.code, message: e.message };
        throw e;
      }
    },
    finished: async (executionArn) => child(await engine.waitForExecution(executionArn)),
    stop: (executionArn) => {
      engine.stopExecution(executionArn);
    },
  };
}
