import type { OptimizedService } from '../optimized-services.ts';

/**
 * The optimized integrations that run jobs, by the service name of their resource, with the APIs
 * AWS lists for each (AWS guide: connect-athena, connect-batch, connect-glue, connect-ecs,
 * connect-codebuild, connect-sagemaker, connect-emr, connect-emr-serverless, connect-databrew,
 * connect-mediaconvert, connect-bedrock). Their results carry `SdkHttpMetadata` as the other Java-SDK-based
 * integrations do; errors are `<Prefix>.<Exception>` with the AWS SDK for Java's wording.
 */
const service = (
  sdkId: string,
  apis: readonly string[],
  prefix: string,
  javaService: string,
): OptimizedService => ({
  sdkId,
  apis: new Set(apis),
  prefix,
  javaService,
  baseException: `${javaService}Exception`,
  httpMetadata: true,
});

const JOB_SERVICES: ReadonlyMap<string, OptimizedService> = new Map([
  [
    'athena',
    service(
      'athena',
      ['startQueryExecution', 'stopQueryExecution', 'getQueryExecution', 'getQueryResults'],
      'Athena',
      'AmazonAthena',
    ),
  ],
  ['batch', service('batch', ['submitJob'], 'Batch', 'AWSBatch')],
  ['glue', service('glue', ['startJobRun'], 'Glue', 'AWSGlue')],
  ['ecs', service('ecs', ['runTask'], 'ECS', 'AmazonECS')],
  [
    'codebuild',
    service(
      'codebuild',
      [
        'startBuild',
        'stopBuild',
        'batchDeleteBuilds',
        'batchGetReports',
        'startBuildBatch',
        'stopBuildBatch',
        'retryBuildBatch',
        'deleteBuildBatch',
      ],
      'CodeBuild',
      'AWSCodeBuild',
    ),
  ],
  [
    'sagemaker',
    service(
      'sagemaker',
      [
        'createEndpoint',
        'createEndpointConfig',
        'createHyperParameterTuningJob',
        'createLabelingJob',
        'createModel',
        'createProcessingJob',
        'createTrainingJob',
        'createTransformJob',
        'updateEndpoint',
      ],
      'SageMaker',
      'AmazonSageMaker',
    ),
  ],
  // The wrapping APIs of EMR (emr-jobs.ts) and the other job services (run-jobs.ts); their
  // error prefixes and Java service names are inferred from the Java SDK's client names.
  [
    'elasticmapreduce',
    service(
      'emr',
      [
        'createCluster',
        'terminateCluster',
        'addStep',
        'cancelStep',
        'setClusterTerminationProtection',
        'modifyInstanceFleetByName',
        'modifyInstanceGroupByName',
      ],
      'ElasticMapReduce',
      'AmazonElasticMapReduce',
    ),
  ],
  [
    'emr-serverless',
    service(
      'emrserverless',
      [
        'createApplication',
        'startApplication',
        'stopApplication',
        'deleteApplication',
        'startJobRun',
        'cancelJobRun',
      ],
      'EMRServerless',
      'AWSEMRServerless',
    ),
  ],
  [
    'eks',
    service(
      'eks',
      [
        'createCluster',
        'deleteCluster',
        'createNodegroup',
        'deleteNodegroup',
        'createFargateProfile',
        'deleteFargateProfile',
      ],
      'EKS',
      'AmazonEKS',
    ),
  ],
  [
    // EMR on EKS (AWS guide, connect-emr-eks). Its SDK package (@aws-sdk/client-emr-containers,
    // 3.623 at the latest) has no model schema: the maps of its API reference (tags, job template
    // parameters, a configuration's properties) keep their keys, other members change case.
    'emr-containers',
    {
      ...service(
        'emrcontainers',
        ['createVirtualCluster', 'deleteVirtualCluster', 'startJobRun'],
        'EMRContainers',
        'AmazonEMRContainers',
      ),
      mapMembers: new Set(['Tags', 'JobTemplateParameters', 'Properties']),
    },
  ],
  ['databrew', service('databrew', ['startJobRun'], 'DataBrew', 'AWSGlueDataBrew')],
  ['mediaconvert', service('mediaconvert', ['createJob'], 'MediaConvert', 'AWSMediaConvert')],
  ['bedrock', service('bedrock', ['createModelCustomizationJob'], 'Bedrock', 'AmazonBedrock')],
]);

/** The job service of a resource's service name, if it is one. */
export function jobService(name: string): OptimizedService | undefined {
  return JOB_SERVICES.get(name);
}
