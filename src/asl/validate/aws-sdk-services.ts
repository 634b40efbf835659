/**
 * The service names `arn:aws:states:::aws-sdk:<service>:<action>` accepts: each AWS SDK's service
 * id in lower case without separators (AWS guide, supported-services-awssdk: `acmpca`,
 * `bedrockruntime`, `cloudwatchlogs`, `secretsmanager`), taken from the AWS SDK for JavaScript v3
 * client packages (`@aws-sdk/client-acm-pca` → `acmpca`), with the few names Step Functions
 * spells after the AWS SDK for Java v2 where they differ (`databasemigration`, `costexplorer`).
 * A name outside the list is refused at CreateStateMachine, as AWS refuses it. The list errs on
 * the side of accepting: a service AWS lacks fails when called, one it has is never refused.
 */
const NAMES = `
  accessanalyzer account acm acmpca amp amplify amplifybackend amplifyuibuilder apigateway
  apigatewaymanagementapi apigatewayv2 appconfig appconfigdata appflow appintegrations
  applicationautoscaling applicationcostprofiler applicationinsights applicationsignals appmesh
  apprunner appstream appsync athena auditmanager autoscaling autoscalingplans backup
  backupgateway batch bcmdataexports bcmrecommendedactions bedrock bedrockagent bedrockagentcore
  bedrockagentcorecontrol bedrockagentruntime bedrockdataautomation bedrockdataautomationruntime
  bedrockruntime billingconductor braket budgets chatbot chime chimesdkidentity
  chimesdkmediapipelines chimesdkmeetings chimesdkmessaging chimesdkvoice cleanrooms cloud9
  cloudcontrol clouddirectory cloudformation cloudfront cloudfrontkeyvaluestore cloudhsm
  cloudhsmv2 cloudsearch cloudsearchdomain cloudtrail cloudwatch cloudwatchevents cloudwatchlogs
  codeartifact codebuild codecatalyst codecommit codedeploy codeguruprofiler codegurureviewer
  codepipeline codestar codestarconnections codestarnotifications cognitoidentity
  cognitoidentityprovider cognitosync comprehend comprehendmedical computeoptimizer config
  configservice connect connectcampaigns connectcampaignsv2 connectcases connectcontactlens
  connectparticipant controltower costandusagereport costandusagereportservice costexplorer
  costoptimizationhub customerprofiles databasemigration databasemigrationservice databrew
  dataexchange datapipeline datasync datazone dax deadline detective devicefarm devopsguru
  directconnect directoryservice dlm docdb docdbelastic drs dsql dynamodb dynamodbstreams ebs ec2
  ec2instanceconnect ecr ecrpublic ecs efs eks elasticache elasticbeanstalk elasticinference
  elasticloadbalancing elasticloadbalancingv2 elasticsearch elasticsearchservice elastictranscoder
  elementalinference emr emrcontainers emrserverless entityresolution eventbridge evidently
  finspace firehose fis fms forecast forecastquery frauddetector fsx gamelift gameliftstreams
  geomaps geoplaces georoutes glacier globalaccelerator glue grafana greengrass greengrassv2
  groundstation guardduty health healthlake iam identitystore imagebuilder inspector inspector2
  internetmonitor invoicing iot iot1clickprojects iotanalytics iotdata iotdataplane
  iotdeviceadvisor iotevents ioteventsdata iotfleethub iotjobsdata iotjobsdataplane
  iotsecuretunneling iotsitewise iotthingsgraph iottwinmaker iotwireless ivs ivschat ivsrealtime
  kafka kafkaconnect kendra keyspaces kinesis kinesisanalytics kinesisanalyticsv2 kinesisvideo
  kinesisvideoarchivedmedia kinesisvideomedia kinesisvideosignaling kinesisvideowebrtcstorage kms
  lakeformation lambda launchwizard lexmodelbuilding lexmodelbuildingservice lexmodelsv2
  lexruntime lexruntimeservice lexruntimev2 licensemanager lightsail location lookoutequipment
  lookoutmetrics lookoutvision m2 machinelearning macie macie2 mailmanager managedblockchain
  marketplaceagreement marketplacecatalog marketplacecommerceanalytics marketplaceentitlement
  marketplaceentitlementservice marketplacemetering mediaconnect mediaconvert medialive
  mediapackage mediapackagev2 mediapackagevod mediastore mediastoredata mediatailor medicalimaging
  memorydb mgn migrationhub migrationhubconfig migrationhuborchestrator migrationhubrefactorspaces
  migrationhubstrategy mq mturk mwaa neptune neptunedata neptunegraph networkfirewall
  networkmanager oam omics opensearch opensearchserverless opsworks opsworkscm organizations osis
  outposts panorama partnercentralaccount partnercentralbenefits partnercentralchannel
  partnercentralselling paymentcryptography personalize personalizeevents personalizeruntime pi
  pinpoint pinpointemail pinpointsmsvoice pinpointsmsvoicev2 pipes polly pricing proton qbusiness
  qconnect qldb qldbsession quicksight ram rbin rds rdsdata redshift redshiftdata
  redshiftserverless rekognition rekognitionstreaming resiliencehub resourceexplorer2
  resourcegroups resourcegroupstaggingapi robomaker rolesanywhere route53 route53domains
  route53recoverycluster route53recoverycontrolconfig route53recoveryreadiness route53resolver rum
  s3 s3control s3tables s3vectors sagemaker sagemakera2iruntime sagemakeredge
  sagemakerfeaturestoreruntime sagemakergeospatial sagemakerruntime savingsplans scheduler schemas
  secretsmanager securityhub securitylake serverlessapplicationrepository servicecatalog
  servicecatalogappregistry servicediscovery servicequotas ses sesv2 sfn shield signer signerdata
  sms snowball snowdevicemanagement sns socialmessaging sqs ssm ssmcontacts ssmincidents sso
  ssoadmin ssooidc storagegateway sts support swf synthetics textract timestreaminfluxdb
  timestreamquery timestreamwrite tnb transcribe transcribestreaming transfer translate
  trustedadvisor verifiedpermissions voiceid vpclattice waf wafregional wafv2 wellarchitected
  wisdom workdocs worklink workmail workmailmessageflow workspaces workspacesinstances
  workspacesthinclient workspacesweb xray
`;

const SERVICES: ReadonlySet<string> = new Set(NAMES.split(/\s+/).filter((n) => n !== ''));

export const isAwsSdkService = (name: string): boolean => SERVICES.has(name);
