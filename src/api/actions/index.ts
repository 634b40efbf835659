import type { Action } from '../action.ts';
import { CreateActivity } from './CreateActivity.ts';
import { DeleteActivity } from './DeleteActivity.ts';
import { DescribeActivity } from './DescribeActivity.ts';
import { GetActivityTask } from './GetActivityTask.ts';
import { ListActivities } from './ListActivities.ts';
import { SendTaskFailure } from './SendTaskFailure.ts';
import { SendTaskHeartbeat } from './SendTaskHeartbeat.ts';
import { SendTaskSuccess } from './SendTaskSuccess.ts';
import { CreateStateMachine } from './CreateStateMachine.ts';
import { CreateStateMachineAlias } from './CreateStateMachineAlias.ts';
import { DeleteStateMachine } from './DeleteStateMachine.ts';
import { DeleteStateMachineAlias } from './DeleteStateMachineAlias.ts';
import { DeleteStateMachineVersion } from './DeleteStateMachineVersion.ts';
import { DescribeExecution } from './DescribeExecution.ts';
import { DescribeMapRun } from './DescribeMapRun.ts';
import { DescribeStateMachine } from './DescribeStateMachine.ts';
import { DescribeStateMachineAlias } from './DescribeStateMachineAlias.ts';
import { DescribeStateMachineForExecution } from './DescribeStateMachineForExecution.ts';
import { GetExecutionHistory } from './GetExecutionHistory.ts';
import { ListExecutions } from './ListExecutions.ts';
import { ListMapRuns } from './ListMapRuns.ts';
import { ListStateMachineAliases } from './ListStateMachineAliases.ts';
import { ListStateMachineVersions } from './ListStateMachineVersions.ts';
import { ListStateMachines } from './ListStateMachines.ts';
import { ListTagsForResource } from './ListTagsForResource.ts';
import { PublishStateMachineVersion } from './PublishStateMachineVersion.ts';
import { RedriveExecution } from './RedriveExecution.ts';
import { StartExecution } from './StartExecution.ts';
import { StartSyncExecution } from './StartSyncExecution.ts';
import { StopExecution } from './StopExecution.ts';
import { TagResource } from './TagResource.ts';
import { TestState } from './TestState.ts';
import { UntagResource } from './UntagResource.ts';
import { UpdateMapRun } from './UpdateMapRun.ts';
import { UpdateStateMachine } from './UpdateStateMachine.ts';
import { UpdateStateMachineAlias } from './UpdateStateMachineAlias.ts';
import { ValidateStateMachineDefinition } from './ValidateStateMachineDefinition.ts';
// Stepwise extensions (not AWS actions): fork and compare executions (docs/fork-and-compare.md).
import { CompareExecutions } from './CompareExecutions.ts';
import { DescribeExecutionLineage } from './DescribeExecutionLineage.ts';
import { StartForkedExecution } from './StartForkedExecution.ts';
// Stepwise extensions (not AWS): docs/saved-tests-and-bulk.md.
import { SaveExecutionAsTest } from './SaveExecutionAsTest.ts';

/** The actions the API answers, by their name in `X-Amz-Target: AWSStepFunctions.<Name>`. */
export const actions: ReadonlyMap<string, Action> = new Map([
  ['CreateStateMachine', CreateStateMachine],
  ['DescribeStateMachine', DescribeStateMachine],
  ['ListStateMachines', ListStateMachines],
  ['DeleteStateMachine', DeleteStateMachine],
  ['StartExecution', StartExecution],
  ['DescribeExecution', DescribeExecution],
  ['ListExecutions', ListExecutions],
  ['GetExecutionHistory', GetExecutionHistory],
  ['StopExecution', StopExecution],
  ['RedriveExecution', RedriveExecution],
  ['ValidateStateMachineDefinition', ValidateStateMachineDefinition],
  ['UpdateStateMachine', UpdateStateMachine],
  ['DescribeStateMachineForExecution', DescribeStateMachineForExecution],
  ['PublishStateMachineVersion', PublishStateMachineVersion],
  ['ListStateMachineVersions', ListStateMachineVersions],
  ['DeleteStateMachineVersion', DeleteStateMachineVersion],
  ['CreateStateMachineAlias', CreateStateMachineAlias],
  ['DescribeStateMachineAlias', DescribeStateMachineAlias],
  ['UpdateStateMachineAlias', UpdateStateMachineAlias],
  ['DeleteStateMachineAlias', DeleteStateMachineAlias],
  ['ListStateMachineAliases', ListStateMachineAliases],
  ['StartSyncExecution', StartSyncExecution],
  ['TagResource', TagResource],
  ['UntagResource', UntagResource],
  ['ListTagsForResource', ListTagsForResource],
  ['DescribeMapRun', DescribeMapRun],
  ['ListMapRuns', ListMapRuns],
  ['UpdateMapRun', UpdateMapRun],
  ['TestState', TestState],
  ['CreateActivity', CreateActivity],
  ['DescribeActivity', DescribeActivity],
  ['DeleteActivity', DeleteActivity],
  ['ListActivities', ListActivities],
  ['GetActivityTask', GetActivityTask],
  ['SendTaskSuccess', SendTaskSuccess],
  ['SendTaskFailure', SendTaskFailure],
  ['SendTaskHeartbeat', SendTaskHeartbeat],
  // Stepwise extensions: fork and compare executions.
  ['StartForkedExecution', StartForkedExecution],
  ['DescribeExecutionLineage', DescribeExecutionLineage],
  ['CompareExecutions', CompareExecutions],
  // Stepwise extensions (not AWS): docs/saved-tests-and-bulk.md.
  ['SaveExecutionAsTest', SaveExecutionAsTest],
]);
