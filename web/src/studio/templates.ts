// The palette: every state type and the Task templates for the integrations Stepwise runs
// (docs/feature-support.md "Service integrations"). Each is a name to start from and a state.
import type { JsonObject } from './json-edit.ts';

export interface Template {
  readonly id: string;
  readonly label: string;
  readonly group: 'Flow' | 'Task';
  /** The new state's name before it is made unique (`Lambda Invoke 2`). */
  readonly name: string;
  readonly hint: string;
  /** `name`: the new state's (unique) name; the states inside a Parallel or Map derive theirs from it. */
  readonly state: (queryLanguage: 'JSONPath' | 'JSONata', name: string) => JsonObject;
}

const ACCOUNT_ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:my-activity';

/** A Task with its arguments written in the scope's query language. */
function task(resource: string, args: JsonObject, jsonPathArgs: JsonObject): Template['state'] {
  return (language) =>
    language === 'JSONata'
      ? { Type: 'Task', Resource: resource, Arguments: args, End: true }
      : { Type: 'Task', Resource: resource, Parameters: jsonPathArgs, End: true };
}

export const TEMPLATES: readonly Template[] = [
  {
    id: 'pass',
    label: 'Pass',
    group: 'Flow',
    name: 'Pass',
    hint: 'Passes its input on, or a fixed Result',
    state: () => ({ Type: 'Pass', End: true }),
  },
  {
    id: 'choice',
    label: 'Choice',
    group: 'Flow',
    name: 'Choice',
    hint: 'Branches on conditions; set each rule and the Default',
    state: (language) => ({
      Type: 'Choice',
      Choices: [
        language === 'JSONata' ? { Condition: '{% true %}' } : { Variable: '$.value', IsPresent: true },
      ],
    }),
  },
  {
    id: 'wait',
    label: 'Wait',
    group: 'Flow',
    name: 'Wait',
    hint: 'Waits for seconds or until a time',
    state: () => ({ Type: 'Wait', Seconds: 5, End: true }),
  },
  {
    id: 'parallel',
    label: 'Parallel',
    group: 'Flow',
    name: 'Parallel',
    hint: 'Runs branches at the same time',
    state: (_, name) => ({
      Type: 'Parallel',
      Branches: [1, 2].map((n) => ({
        StartAt: `${name} branch ${n}`,
        States: { [`${name} branch ${n}`]: { Type: 'Pass', End: true } },
      })),
      End: true,
    }),
  },
  {
    id: 'map',
    label: 'Map (inline)',
    group: 'Flow',
    name: 'Map',
    hint: 'Runs the item processor for each item of an array',
    state: (_, name) => ({
      Type: 'Map',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: `${name} item`,
        States: { [`${name} item`]: { Type: 'Pass', End: true } },
      },
      End: true,
    }),
  },
  {
    id: 'map-distributed',
    label: 'Map (distributed)',
    group: 'Flow',
    name: 'Distributed Map',
    hint: 'Each item runs as a child workflow execution',
    state: (_, name) => ({
      Type: 'Map',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: `${name} item`,
        States: { [`${name} item`]: { Type: 'Pass', End: true } },
      },
      MaxConcurrency: 100,
      End: true,
    }),
  },
  {
    id: 'succeed',
    label: 'Succeed',
    group: 'Flow',
    name: 'Success',
    hint: 'Ends the workflow successfully',
    state: () => ({ Type: 'Succeed' }),
  },
  {
    id: 'fail',
    label: 'Fail',
    group: 'Flow',
    name: 'Fail',
    hint: 'Ends the workflow with an error',
    state: () => ({ Type: 'Fail', Error: 'Failed', Cause: 'Describe what went wrong' }),
  },
  {
    id: 'lambda',
    label: 'Lambda invoke',
    group: 'Task',
    name: 'Lambda Invoke',
    hint: 'Calls a function with the state input as payload',
    state: task(
      'arn:aws:states:::lambda:invoke',
      { FunctionName: 'my-function', Payload: '{% $states.input %}' },
      { FunctionName: 'my-function', 'Payload.$': '$' },
    ),
  },
  {
    id: 'http',
    label: 'HTTP task',
    group: 'Task',
    name: 'Call HTTPS API',
    hint: 'Calls an HTTPS endpoint (http:invoke)',
    state: task(
      'arn:aws:states:::http:invoke',
      { ApiEndpoint: 'https://example.com/api', Method: 'GET' },
      { ApiEndpoint: 'https://example.com/api', Method: 'GET' },
    ),
  },
  {
    id: 'activity',
    label: 'Activity',
    group: 'Task',
    name: 'Activity',
    hint: 'Waits for a worker polling GetActivityTask',
    state: () => ({ Type: 'Task', Resource: ACCOUNT_ACTIVITY, HeartbeatSeconds: 60, End: true }),
  },
  {
    id: 'nested',
    label: 'Nested execution',
    group: 'Task',
    name: 'Start execution',
    hint: 'Starts another state machine and waits for it (.sync:2)',
    state: task(
      'arn:aws:states:::states:startExecution.sync:2',
      {
        StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:child',
        Input: '{% $states.input %}',
      },
      { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:child', 'Input.$': '$' },
    ),
  },
  {
    id: 'callback',
    label: 'Callback (task token)',
    group: 'Task',
    name: 'Wait for callback',
    hint: 'Sends a task token and waits for SendTaskSuccess/Failure',
    state: task(
      'arn:aws:states:::lambda:invoke.waitForTaskToken',
      {
        FunctionName: 'my-function',
        Payload: { input: '{% $states.input %}', taskToken: '{% $states.context.Task.Token %}' },
      },
      { FunctionName: 'my-function', Payload: { 'input.$': '$', 'taskToken.$': '$$.Task.Token' } },
    ),
  },
  {
    id: 'dynamodb',
    label: 'DynamoDB GetItem',
    group: 'Task',
    name: 'DynamoDB GetItem',
    hint: 'Reads an item (dynamodb:getItem)',
    state: task(
      'arn:aws:states:::dynamodb:getItem',
      { TableName: 'my-table', Key: { id: { S: '{% $states.input.id %}' } } },
      { TableName: 'my-table', Key: { id: { 'S.$': '$.id' } } },
    ),
  },
  {
    id: 'sqs',
    label: 'SQS SendMessage',
    group: 'Task',
    name: 'SQS SendMessage',
    hint: 'Sends a message to a queue',
    state: task(
      'arn:aws:states:::sqs:sendMessage',
      {
        QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/my-queue',
        MessageBody: '{% $states.input %}',
      },
      { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/my-queue', 'MessageBody.$': '$' },
    ),
  },
  {
    id: 'sns',
    label: 'SNS Publish',
    group: 'Task',
    name: 'SNS Publish',
    hint: 'Publishes to a topic',
    state: task(
      'arn:aws:states:::sns:publish',
      { TopicArn: 'arn:aws:sns:us-east-1:123456789012:my-topic', Message: '{% $states.input %}' },
      { TopicArn: 'arn:aws:sns:us-east-1:123456789012:my-topic', 'Message.$': '$' },
    ),
  },
  {
    id: 'eventbridge',
    label: 'EventBridge PutEvents',
    group: 'Task',
    name: 'EventBridge PutEvents',
    hint: 'Puts an event on a bus',
    state: task(
      'arn:aws:states:::events:putEvents',
      { Entries: [{ Source: 'my.app', DetailType: 'Happened', Detail: '{% $states.input %}' }] },
      { Entries: [{ Source: 'my.app', DetailType: 'Happened', 'Detail.$': '$' }] },
    ),
  },
  {
    id: 'aws-sdk',
    label: 'AWS SDK call',
    group: 'Task',
    name: 'AWS SDK call',
    hint: 'Any service action: aws-sdk:<service>:<action>',
    state: task('arn:aws:states:::aws-sdk:s3:listBuckets', {}, {}),
  },
];

export function templateById(id: string): Template | undefined {
  return TEMPLATES.find((template) => template.id === id);
}
