import { packagedService } from './sdk-packages.ts';

/**
 * The services `arn:aws:states:::aws-sdk:<service>:<action>` can call, by the service id AWS uses
 * in that ARN. Each one is an AWS SDK for JavaScript v3 client package, loaded when first used:
 * the most used ones are dependencies of Stepwise, the others are installed by whoever needs them.
 * `prefix` is how Step Functions names the service in error names and causes
 * (`DynamoDb.ResourceNotFoundException`, `(Service: DynamoDb, …)`: AWS-recorded histories).
 * `sdkId` gives the service's own endpoint variable, AWS_ENDPOINT_URL_<SDK_ID>.
 */
export interface SdkService {
  readonly packageName: string;
  /** The client class exported by the package; its base exception is `<Name>ServiceException`. */
  readonly client: string;
  readonly prefix: string;
  readonly sdkId: string;
  /** S3 addresses buckets by path on a custom endpoint: local stand-ins have no bucket DNS. */
  readonly pathStyle?: boolean;
}

const service = (packageName: string, client: string, prefix: string, sdkId: string): SdkService => ({
  packageName: `@aws-sdk/client-${packageName}`,
  client,
  prefix,
  sdkId,
});

const SERVICES: ReadonlyMap<string, SdkService> = new Map([
  ['dynamodb', service('dynamodb', 'DynamoDBClient', 'DynamoDb', 'DYNAMODB')],
  ['s3', { ...service('s3', 'S3Client', 'S3', 'S3'), pathStyle: true }],
  ['sqs', service('sqs', 'SQSClient', 'Sqs', 'SQS')],
  ['sns', service('sns', 'SNSClient', 'Sns', 'SNS')],
  ['eventbridge', service('eventbridge', 'EventBridgeClient', 'EventBridge', 'EVENTBRIDGE')],
  ['lambda', service('lambda', 'LambdaClient', 'Lambda', 'LAMBDA')],
  ['sfn', service('sfn', 'SFNClient', 'Sfn', 'SFN')],
  ['sts', service('sts', 'STSClient', 'Sts', 'STS')],
  ['secretsmanager', service('secrets-manager', 'SecretsManagerClient', 'SecretsManager', 'SECRETS_MANAGER')],
  ['ssm', service('ssm', 'SSMClient', 'Ssm', 'SSM')],
  ['kms', service('kms', 'KMSClient', 'Kms', 'KMS')],
  ['athena', service('athena', 'AthenaClient', 'Athena', 'ATHENA')],
  ['glue', service('glue', 'GlueClient', 'Glue', 'GLUE')],
  ['ecs', service('ecs', 'ECSClient', 'Ecs', 'ECS')],
  ['ec2', service('ec2', 'EC2Client', 'Ec2', 'EC2')],
  ['kinesis', service('kinesis', 'KinesisClient', 'Kinesis', 'KINESIS')],
  ['firehose', service('firehose', 'FirehoseClient', 'Firehose', 'FIREHOSE')],
  ['cloudwatch', service('cloudwatch', 'CloudWatchClient', 'CloudWatch', 'CLOUDWATCH')],
  ['rekognition', service('rekognition', 'RekognitionClient', 'Rekognition', 'REKOGNITION')],
  ['textract', service('textract', 'TextractClient', 'Textract', 'TEXTRACT')],
  ['comprehend', service('comprehend', 'ComprehendClient', 'Comprehend', 'COMPREHEND')],
  ['translate', service('translate', 'TranslateClient', 'Translate', 'TRANSLATE')],
  // The management API; apigateway:invoke signs its calls with this row's credentials.
  ['apigateway', service('api-gateway', 'APIGatewayClient', 'ApiGateway', 'API_GATEWAY')],
  ['bedrockruntime', service('bedrock-runtime', 'BedrockRuntimeClient', 'BedrockRuntime', 'BEDROCK_RUNTIME')],
  ['cloudformation', service('cloudformation', 'CloudFormationClient', 'CloudFormation', 'CLOUDFORMATION')],
  ['batch', service('batch', 'BatchClient', 'Batch', 'BATCH')],
  ['codebuild', service('codebuild', 'CodeBuildClient', 'CodeBuild', 'CODEBUILD')],
  ['sagemaker', service('sagemaker', 'SageMakerClient', 'SageMaker', 'SAGEMAKER')],
  ['ses', service('ses', 'SESClient', 'Ses', 'SES')],
  ['sesv2', service('sesv2', 'SESv2Client', 'SesV2', 'SESV2')],
]);

/** The service behind an aws-sdk service id: a row above, else its SDK package's (sdk-packages.ts). */
export function sdkService(id: string): SdkService | undefined {
  return SERVICES.get(id) ?? packagedService(id);
}

/**
 * The client class `module` exports: `client` as named, else (a service with no row above) the
 * package's one `…Client` export that has a `…ServiceException` beside it.
 */
export function clientName(module: Readonly<Record<string, unknown>>, client: string): string | undefined {
  if (client !== '' && typeof module[client] === 'function') return client;
  return Object.keys(module).find(
    (name) =>
      name.endsWith('Client') &&
      typeof module[name] === 'function' &&
      typeof module[name.replace(/Client$/, 'ServiceException')] === 'function',
  );
}
