import { isAwsSdkService } from './aws-sdk-services.ts';

/**
 * The Task resources `arn:<partition>:states:::<service>:<action>[<pattern>]` that AWS accepts:
 * its optimized integrations, each API with the patterns it supports beyond request-response,
 * from the AWS guide ("Integrating optimized services with Step Functions",
 * https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html, and each
 * service's page linked there: connect-athena, connect-batch, connect-bedrock, connect-codebuild,
 * connect-ddb, connect-ecs, connect-eks, connect-emr, connect-emr-eks, connect-emr-serverless,
 * connect-eventbridge, connect-glue, connect-databrew, connect-lambda, connect-mediaconvert,
 * connect-sagemaker, connect-sns, connect-sqs, connect-stepfunctions, connect-api-gateway,
 * call-https-apis), and the AWS SDK integrations (`aws-sdk:<service>:<action>`, "Over two hundred
 * services": request-response and `.waitForTaskToken`, never `.sync`).
 */

/** Request-response only (the empty pattern). */
const RR = [''] as const;
const SYNC = ['', '.sync'] as const;
const TOKEN = ['', '.waitForTaskToken'] as const;

type Patterns = readonly string[];

const PER_SERVICE: Readonly<Record<string, Readonly<Record<string, Patterns>>>> = {
  apigateway: { invoke: TOKEN },
  athena: {
    startQueryExecution: SYNC,
    stopQueryExecution: RR,
    getQueryExecution: RR,
    getQueryResults: RR,
  },
  batch: { submitJob: SYNC },
  // The integrations table marks Bedrock as supporting Wait for Callback; its page names no API.
  bedrock: {
    invokeModel: TOKEN,
    createModelCustomizationJob: ['', '.sync', '.waitForTaskToken'],
  },
  codebuild: {
    startBuild: SYNC,
    stopBuild: RR,
    batchDeleteBuilds: RR,
    batchGetReports: RR,
    startBuildBatch: SYNC,
    stopBuildBatch: RR,
    retryBuildBatch: SYNC,
    deleteBuildBatch: RR,
  },
  databrew: { startJobRun: SYNC },
  dynamodb: { getItem: RR, putItem: RR, updateItem: RR, deleteItem: RR },
  ecs: { runTask: ['', '.sync', '.waitForTaskToken'] },
  eks: {
    createCluster: SYNC,
    deleteCluster: SYNC,
    createFargateProfile: SYNC,
    deleteFargateProfile: SYNC,
    createNodegroup: SYNC,
    deleteNodegroup: SYNC,
    runJob: SYNC,
    call: RR,
  },
  elasticmapreduce: {
    createCluster: SYNC,
    terminateCluster: SYNC,
    addStep: SYNC,
    cancelStep: RR,
    setClusterTerminationProtection: RR,
    modifyInstanceFleetByName: RR,
    modifyInstanceGroupByName: RR,
  },
  'emr-containers': { createVirtualCluster: RR, deleteVirtualCluster: SYNC, startJobRun: SYNC },
  'emr-serverless': {
    createApplication: SYNC,
    startApplication: SYNC,
    stopApplication: SYNC,
    deleteApplication: SYNC,
    startJobRun: SYNC,
    cancelJobRun: SYNC,
  },
  events: { putEvents: TOKEN },
  glue: { startJobRun: SYNC },
  http: { invoke: RR },
  lambda: { invoke: TOKEN },
  mediaconvert: { createJob: SYNC },
  sagemaker: {
    createEndpoint: RR,
    createEndpointConfig: RR,
    createHyperParameterTuningJob: SYNC,
    createLabelingJob: SYNC,
    createModel: RR,
    createProcessingJob: SYNC,
    createTrainingJob: SYNC,
    createTransformJob: SYNC,
    updateEndpoint: RR,
  },
  sns: { publish: TOKEN },
  sqs: { sendMessage: TOKEN },
  states: { startExecution: ['', '.sync', '.sync:2', '.waitForTaskToken'] },
};

/** By service, then API (maps: a name such as `constructor` must not find the prototype's). */
const OPTIMIZED = new Map(
  Object.entries(PER_SERVICE).map(([service, apis]) => [service, new Map(Object.entries(apis))]),
);

/** Region-less, or with a region and account (`arn:aws:states:eu-west-1:123456789012:sns:publish`). */
const INTEGRATION =
  /^arn:aws[a-z-]*:states:(?:::|[a-z0-9-]+:\d{12}:(?!activity:|stateMachine:|execution:))(.*)$/;
const PATTERN = /(\.sync(?::2)?|\.waitForTaskToken)$/;
/** `aws-sdk:<service>:<action>`: a service id as the SDKs spell it, an action in camelCase. */
const AWS_SDK = /^aws-sdk:([a-z0-9][a-z0-9-]*):[a-z][A-Za-z0-9]*$/;

/**
 * Whether a Task resource names a service integration AWS does not recognize. Only resources in
 * the integrations namespace (`arn:<partition>:states:::`, or with a region and account) are judged: activities, Lambda
 * function ARNs and other ARNs are not integrations.
 */
export function isUnknownIntegration(resource: string): boolean {
  const rest = INTEGRATION.exec(resource)?.[1];
  if (rest === undefined) return false;
  const pattern = PATTERN.exec(rest)?.[1] ?? '';
  const api = rest.slice(0, rest.length - pattern.length);
  const sdk = AWS_SDK.exec(api);
  if (sdk) return pattern === '.sync' || pattern === '.sync:2' || !isAwsSdkService(sdk[1]!);
  const colon = api.indexOf(':');
  if (colon < 0) return true;
  const patterns = OPTIMIZED.get(api.slice(0, colon))?.get(api.slice(colon + 1));
  return patterns === undefined || !patterns.includes(pattern);
}
