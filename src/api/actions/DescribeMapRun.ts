import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { LongArnMember } from '../members.ts';
import type { MapRunDescription } from '../shapes.ts';

const members = { mapRunArn: { ...LongArnMember, required: true } } as const;

/**
 * A distributed Map run. Each child runs in-process here, where AWS starts a child execution;
 * with ItemBatcher a child holds several items, so item and execution counts differ.
 */
export const DescribeMapRun = defineAction(members, (engine, input) => {
  checkArn(input.mapRunArn, 'mapRun');
  const run = engine.describeMapRun(input.mapRunArn);
  const redrive = { failuresNotRedrivable: 0, pendingRedrive: 0 };
  const output: MapRunDescription = {
    mapRunArn: run.mapRunArn,
    executionArn: run.executionArn,
    status: run.status,
    startDate: epochSeconds(run.startDate),
    ...(run.stopDate !== undefined ? { stopDate: epochSeconds(run.stopDate) } : {}),
    maxConcurrency: run.maxConcurrency,
    toleratedFailurePercentage: run.toleratedFailurePercentage,
    toleratedFailureCount: run.toleratedFailureCount,
    itemCounts: { ...run.itemCounts, ...redrive },
    executionCounts: { ...run.executionCounts, ...redrive },
    redriveCount: run.redriveCount ?? 0,
    ...(run.redriveDate !== undefined ? { redriveDate: epochSeconds(run.redriveDate) } : {}),
  };
  return output;
});
