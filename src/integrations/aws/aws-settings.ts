/** Where AWS service calls go (`integrations.aws` in stepwise.config.json). */
export interface AwsSettings {
  /** Region of the services called; else AWS_REGION / AWS_DEFAULT_REGION, else Stepwise's own. */
  readonly region?: string;
  /** By aws-sdk service id (`dynamodb`, `s3`, …): a local stand-in or another AWS endpoint. */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** A fixed key pair; else the AWS SDK's default credential chain. */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  /** A profile of the shared AWS config and credentials files (as AWS_PROFILE). */
  readonly profile?: string;
  /** How often a `.sync` task looks at its job (Batch, ECS, Glue, Athena, CodeBuild); default 5. */
  readonly pollIntervalSeconds?: number;
  /**
   * A folder served as S3 on loopback (its folders are buckets, their files objects); S3 calls go
   * there instead of `endpoints.s3`. Relative to the folder Stepwise is started in.
   */
  readonly localBuckets?: string;
}
