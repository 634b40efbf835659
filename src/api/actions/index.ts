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
import { DeleteStateMachine } from './DeleteStateMachine.ts';
import { DescribeExecution } from './DescribeExecution.ts';
import { DescribeStateMachine } from './DescribeStateMachine.ts';
import { GetExecutionHistory } from './GetExecutionHistory.ts';
import { ListExecutions } from './ListExecutions.ts';
import { ListStateMachines } from './ListStateMachines.ts';
import { StartExecution } from './StartExecution.ts';
import { StopExecution } from './StopExecution.ts';
import { ValidateStateMachineDefinition } from './ValidateStateMachineDefinition.ts';

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
  ['ValidateStateMachineDefinition', ValidateStateMachineDefinition],
  ['CreateActivity', CreateActivity],
  ['DescribeActivity', DescribeActivity],
  ['DeleteActivity', DeleteActivity],
  ['ListActivities', ListActivities],
  ['GetActivityTask', GetActivityTask],
  ['SendTaskSuccess', SendTaskSuccess],
  ['SendTaskFailure', SendTaskFailure],
  ['SendTaskHeartbeat', SendTaskHeartbeat],
]);
