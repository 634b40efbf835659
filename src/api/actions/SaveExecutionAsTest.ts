import { savedTest } from '../../engine/index.ts';
import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { RequiredArnMember } from '../members.ts';

const members = { executionArn: RequiredArnMember } as const;

/**
 * A Stepwise extension (not AWS): a closed execution as a `stepwise test` file whose mock
 * configuration answers every task as recorded (docs/saved-tests-and-bulk.md).
 */
export const SaveExecutionAsTest = defineAction(members, async (engine, input) => {
  checkArn(input.executionArn, 'execution');
  const record = engine.describeExecution(input.executionArn);
  const { record: sm } = engine.describeStateMachineForExecution(input.executionArn);
  const events = await engine.readExecutionHistory(input.executionArn);
  const mapRuns = new Map(engine.listMapRuns(input.executionArn).map((r) => [r.mapRunArn, r]));
  return {
    testFile: savedTest({
      stateMachineName: sm.name,
      definition: sm.definition,
      record,
      events,
      mapRun: (arn) => mapRuns.get(arn),
    }),
  };
});
