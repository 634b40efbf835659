import type { Action } from '../action.ts';
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
]);
