import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { LongArnMember } from '../members.ts';

const members = { mapRunArn: { ...LongArnMember, required: true } } as const;

/**
 * A distributed Map run. Each item is a child execution on AWS, so the execution counts equal
 * the item counts here, where items run in-process.
 */
export const DescribeMapRun = defineAction(members, (engine, input) => {
  checkArn(input.mapRunArn, 'mapRun');
  const run = engine.describeMapRun(input.mapRunArn);
  const counts = { ...run.itemCounts, failuresNotRedrivable: 0, pendingRedrive: 0 };
  return {
    mapRunArn: run.mapRunArn,
    executionArn: run.executionArn,
    status: run.status,
    startDate: epochSeconds(run.startDate),
    ...(run.stopDate !== undefined ? { stopDate: epochSeconds(run.stopDate) } : {}),
    maxConcurrency: run.maxConcurrency,
    toleratedFailurePercentage: run.toleratedFailurePercentage,
    toleratedFailureCount: run.toleratedFailureCount,
    itemCounts: counts,
    executionCounts: { ...counts },
    redriveCount: 0,
  };
});
