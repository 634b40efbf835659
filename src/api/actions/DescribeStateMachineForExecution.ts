import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { IncludedDataMember, RequiredArnMember } from '../members.ts';
import { configurationFields } from '../state-machine-fields.ts';

const members = { executionArn: RequiredArnMember, includedData: IncludedDataMember } as const;

/**
 * The definition the execution ran, even after the machine was updated or deleted. A child
 * execution of a Map Run also gives its `mapRunArn` and the Map state's `label` (API reference:
 * "returned only if the executionArn is a child workflow execution that was started by a
 * Distributed Map state"); the label is the last part of the run's `<machine>/<label>`.
 */
export const DescribeStateMachineForExecution = defineAction(members, (engine, input) => {
  checkArn(input.executionArn, 'execution');
  const { record: sm } = engine.describeStateMachineForExecution(input.executionArn);
  const mapRunArn = engine.describeExecution(input.executionArn).mapRunArn;
  const machinePath = mapRunArn?.split(':')[6] ?? '';
  return {
    stateMachineArn: sm.stateMachineArn,
    name: sm.name,
    updateDate: epochSeconds(sm.updateDate ?? sm.creationDate),
    ...configurationFields(sm, input.includedData),
    ...(mapRunArn ? { mapRunArn, label: machinePath.slice(machinePath.indexOf('/') + 1) } : {}),
  };
});
