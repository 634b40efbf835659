// Parent and child executions. A child started by `states:startExecution` carries its parent in
// its input (`AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID`, as AWS documents for nested workflows);
// a parent's task events name the child's `ExecutionArn` in their output.
import type { HistoryEvent } from '../api/shapes.ts';

const EXECUTION_ARN = /arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[^"\s\\]+/g;

export function parentExecution(input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  try {
    const parsed = JSON.parse(input) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const parent = (parsed as Record<string, unknown>).AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID;
    return typeof parent === 'string' ? parent : undefined;
  } catch {
    return undefined;
  }
}

export function childExecutions(events: readonly HistoryEvent[], self: string): string[] {
  const found = new Set<string>();
  for (const event of events) {
    if (!event.type.startsWith('Task')) continue;
    for (const match of JSON.stringify(event).matchAll(EXECUTION_ARN)) {
      if (match[0] !== self) found.add(match[0]);
    }
  }
  return [...found];
}
