// Stepwise extension (not an AWS action): docs/fork-and-compare.md.
import type { ExecutionRecord, StateVisit } from '../../engine/index.ts';
import { compareHistories } from '../../engine/index.ts';
import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import type { ComparedExecution, CompareExecutionsOutput, StateVisitShape } from '../fork-shapes.ts';
import { RequiredArnMember } from '../members.ts';

const members = { leftExecutionArn: RequiredArnMember, rightExecutionArn: RequiredArnMember } as const;

function summary(e: ExecutionRecord): ComparedExecution {
  const out: ComparedExecution = {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    status: e.status,
  };
  if (e.output !== undefined) out.output = e.output;
  if (e.error !== undefined) out.error = e.error;
  if (e.stateMachineVersionArn !== undefined) out.stateMachineVersionArn = e.stateMachineVersionArn;
  return out;
}

function visit(v: StateVisit): StateVisitShape {
  const out: StateVisitShape = {
    thread: v.thread,
    name: v.name,
    type: v.type,
    enteredEventId: v.enteredEventId,
  };
  if (v.input !== undefined) out.input = v.input;
  if (v.output !== undefined) out.output = v.output;
  if (v.error !== undefined) out.error = v.error;
  return out;
}

export const CompareExecutions = defineAction(members, async (engine, input) => {
  checkArn(input.leftExecutionArn, 'execution');
  checkArn(input.rightExecutionArn, 'execution');
  const left = engine.describeExecution(input.leftExecutionArn);
  const right = engine.describeExecution(input.rightExecutionArn);
  const [a, b] = await Promise.all([
    engine.readExecutionHistory(input.leftExecutionArn),
    engine.readExecutionHistory(input.rightExecutionArn),
  ]);
  const compared = compareHistories(a, b);
  const out: CompareExecutionsOutput = {
    left: summary(left),
    right: summary(right),
    rows: compared.rows.map((r) => ({
      ...(r.left ? { left: visit(r.left) } : {}),
      ...(r.right ? { right: visit(r.right) } : {}),
      ...(r.difference ? { difference: r.difference } : {}),
    })),
  };
  if (compared.firstDivergence !== undefined) out.firstDivergence = compared.firstDivergence;
  return out;
});
