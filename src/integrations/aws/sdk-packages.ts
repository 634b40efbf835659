/** An SdkService (sdk-services.ts), whose table falls back on this one. */
interface PackagedService {
  readonly packageName: string;
  readonly client: string;
  readonly prefix: string;
  readonly sdkId: string;
}

/**
 * The AWS SDK for JavaScript v3 client packages, by the suffix of `@aws-sdk/client-<suffix>`.
 * Step Functions' aws-sdk service id is the suffix without its dashes (`acm-pca` → `acmpca`), so
 * a service with no row of its own in sdk-services.ts is still called through its package, loaded
 * when first used (a task names the package to install when it is missing).
 */
const PACKAGES = `
  accessanalyzer account acm acm-pca amp amplify amplifybackend amplifyuibuilder api-gateway
  apigatewaymanagementapi apigatewayv2 app-mesh appconfig appconfigdata appflow appintegrations
  application-auto-scaling application-insights application-signals applicationcostprofiler
  apprunner appstream appsync athena auditmanager auto-scaling auto-scaling-plans backup
  backup-gateway batch bcm-data-exports bcm-recommended-actions bedrock bedrock-agent
  bedrock-agent-runtime bedrock-agentcore bedrock-agentcore-control bedrock-data-automation
  bedrock-data-automation-runtime bedrock-runtime billingconductor braket budgets chatbot chime
  chime-sdk-identity chime-sdk-media-pipelines chime-sdk-meetings chime-sdk-messaging
  chime-sdk-voice cleanrooms cloud9 cloudcontrol clouddirectory cloudformation cloudfront
  cloudfront-keyvaluestore cloudhsm cloudhsm-v2 cloudsearch cloudsearch-domain cloudtrail
  cloudwatch cloudwatch-events cloudwatch-logs codeartifact codebuild codecatalyst codecommit
  codedeploy codeguru-reviewer codeguruprofiler codepipeline codestar codestar-connections
  codestar-notifications cognito-identity cognito-identity-provider cognito-sync comprehend
  comprehendmedical compute-optimizer config-service connect connect-contact-lens connectcampaigns
  connectcampaignsv2 connectcases connectparticipant controltower cost-and-usage-report-service
  cost-explorer cost-optimization-hub customer-profiles data-pipeline database-migration-service
  databrew dataexchange datasync datazone dax deadline detective device-farm devops-guru
  direct-connect directory-service dlm docdb docdb-elastic drs dsql dynamodb dynamodb-streams ebs
  ec2 ec2-instance-connect ecr ecr-public ecs efs eks elastic-beanstalk elastic-inference
  elastic-load-balancing elastic-load-balancing-v2 elastic-transcoder elasticache
  elasticsearch-service elementalinference emr emr-containers emr-serverless entityresolution
  eventbridge evidently finspace firehose fis fms forecast forecastquery frauddetector fsx
  gamelift gameliftstreams geo-maps geo-places geo-routes glacier global-accelerator glue grafana
  greengrass greengrassv2 groundstation guardduty health healthlake iam identitystore imagebuilder
  inspector inspector2 internetmonitor invoicing iot iot-1click-projects iot-data-plane iot-events
  iot-events-data iot-jobs-data-plane iot-wireless iotanalytics iotdeviceadvisor iotfleethub
  iotsecuretunneling iotsitewise iotthingsgraph iottwinmaker ivs ivs-realtime ivschat kafka
  kafkaconnect kendra keyspaces kinesis kinesis-analytics kinesis-analytics-v2 kinesis-video
  kinesis-video-archived-media kinesis-video-media kinesis-video-signaling
  kinesis-video-webrtc-storage kms lakeformation lambda launch-wizard lex-model-building-service
  lex-models-v2 lex-runtime-service lex-runtime-v2 license-manager lightsail location
  lookoutequipment lookoutmetrics lookoutvision m2 machine-learning macie macie2 mailmanager
  managedblockchain marketplace-agreement marketplace-catalog marketplace-commerce-analytics
  marketplace-entitlement-service marketplace-metering mediaconnect mediaconvert medialive
  mediapackage mediapackage-vod mediapackagev2 mediastore mediastore-data mediatailor
  medical-imaging memorydb mgn migration-hub migration-hub-refactor-spaces migrationhub-config
  migrationhuborchestrator migrationhubstrategy mq mturk mwaa neptune neptune-graph neptunedata
  network-firewall networkmanager oam omics opensearch opensearchserverless opsworks opsworkscm
  organizations osis outposts panorama partnercentral-account partnercentral-benefits
  partnercentral-channel partnercentral-selling payment-cryptography personalize
  personalize-events personalize-runtime pi pinpoint pinpoint-email pinpoint-sms-voice
  pinpoint-sms-voice-v2 pipes polly pricing proton qbusiness qconnect qldb qldb-session quicksight
  ram rbin rds rds-data redshift redshift-data redshift-serverless rekognition
  rekognitionstreaming resiliencehub resource-explorer-2 resource-groups
  resource-groups-tagging-api robomaker rolesanywhere route-53 route-53-domains
  route53-recovery-cluster route53-recovery-control-config route53-recovery-readiness
  route53resolver rum s3 s3-control s3tables s3vectors sagemaker sagemaker-a2i-runtime
  sagemaker-edge sagemaker-featurestore-runtime sagemaker-geospatial sagemaker-runtime
  savingsplans scheduler schemas secrets-manager securityhub securitylake
  serverlessapplicationrepository service-catalog service-catalog-appregistry service-quotas
  servicediscovery ses sesv2 sfn shield signer signer-data sms snow-device-management snowball sns
  socialmessaging sqs ssm ssm-contacts ssm-incidents sso sso-admin sso-oidc storage-gateway sts
  support swf synthetics textract timestream-influxdb timestream-query timestream-write tnb
  transcribe transcribe-streaming transfer translate trustedadvisor verifiedpermissions voice-id
  vpc-lattice waf waf-regional wafv2 wellarchitected wisdom workdocs worklink workmail
  workmailmessageflow workspaces workspaces-instances workspaces-thin-client workspaces-web xray
`;

/**
 * The service ids Step Functions spells after the AWS SDK for Java v2 where the JavaScript package
 * is named otherwise (asl/validate/aws-sdk-services.ts accepts them), with the prefix of their
 * errors in the same spelling (inferred: no AWS-recorded error of these seen).
 */
const JAVA_NAMED: ReadonlyArray<readonly [string, string, string]> = [
  ['config', 'config-service', 'Config'],
  ['databasemigration', 'database-migration-service', 'DatabaseMigration'],
  ['costandusagereport', 'cost-and-usage-report-service', 'CostAndUsageReport'],
  ['elasticsearch', 'elasticsearch-service', 'Elasticsearch'],
  ['iotdata', 'iot-data-plane', 'IotData'],
  ['iotjobsdata', 'iot-jobs-data-plane', 'IotJobsData'],
  ['lexmodelbuilding', 'lex-model-building-service', 'LexModelBuilding'],
  ['lexruntime', 'lex-runtime-service', 'LexRuntime'],
  ['marketplaceentitlement', 'marketplace-entitlement-service', 'MarketplaceEntitlement'],
];

const BY_ID: ReadonlyMap<string, string> = new Map([
  ...PACKAGES.split(/\s+/)
    .filter((p) => p !== '')
    .map((p) => [p.replace(/-/g, ''), p] as const),
  ...JAVA_NAMED.map(([id, dashed]) => [id, dashed] as const),
]);

const PREFIXES: ReadonlyMap<string, string> = new Map(JAVA_NAMED.map(([id, , prefix]) => [id, prefix]));

const pascal = (dashed: string): string =>
  dashed.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());

/**
 * A service of an SDK package with no row of its own: the client is the package's one `…Client`
 * export (found when loaded), the error prefix the suffix in PascalCase (`AcmPca`, as AWS's guide
 * names ACM PCA's errors), the endpoint variable the suffix in upper case (`AWS_ENDPOINT_URL_ACM_PCA`).
 */
export function packagedService(id: string): PackagedService | undefined {
  const dashed = BY_ID.get(id);
  if (dashed === undefined) return undefined;
  return {
    packageName: `@aws-sdk/client-${dashed}`,
    client: '',
    prefix: PREFIXES.get(id) ?? pascal(dashed),
    sdkId: dashed.toUpperCase().replace(/-/g, '_'),
  };
}
