// Workflow Studio for a state machine (its definition loaded) or for a new one (a blank canvas).
import { sfn } from '../api/client.ts';
import type { StateMachineDescription } from '../api/shapes.ts';
import { printDefinition } from '../studio/history.ts';
import type { JsonObject } from '../studio/json-edit.ts';
import { isObject } from '../studio/json-edit.ts';
import { Studio } from '../studio/Studio.tsx';
import { useLoad } from '../use-api.ts';

const BLANK: JsonObject = { Comment: 'A description of my state machine', StartAt: '', States: {} };

function parsed(definition: string): JsonObject {
  try {
    const value: unknown = JSON.parse(definition);
    return isObject(value) ? value : BLANK;
  } catch {
    return BLANK;
  }
}

export function StudioPage({ arn }: { arn: string | undefined }) {
  const machine = useLoad(
    () =>
      arn === undefined
        ? Promise.resolve(undefined)
        : sfn<StateMachineDescription>('DescribeStateMachine', { stateMachineArn: arn }),
    arn ?? '',
  );
  if (arn === undefined) return <Studio initial={BLANK} saved="" arn={undefined} type="STANDARD" />;
  if (machine.error) return <p className="error-box">{machine.error.message}</p>;
  if (!machine.data) return <p className="muted">Loading…</p>;
  const initial = parsed(machine.data.definition);
  return (
    <Studio
      initial={initial}
      saved={printDefinition(initial)}
      arn={arn}
      type={machine.data.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD'}
    />
  );
}
