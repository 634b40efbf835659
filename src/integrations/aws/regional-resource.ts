/**
 * An integration ARN that carries a region and account
 * (`arn:aws:states:eu-west-1:123456789012:dynamodb:putItem`), as AWS's sample templates write them
 * (`arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:aws-sdk:s3:getObject`).
 * Activities, state machines and executions have ARNs of the same form and are not integrations.
 */
const REGIONAL =
  /^(arn:aws[a-z-]*:states):([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):(?!activity:|stateMachine:|execution:)(.+)$/;

export interface RegionalResource {
  /** The integration in its region-less form, `arn:aws:states:::<service>:<api>`. */
  readonly resource: string;
  /** The region the ARN names, if it names one. */
  readonly region: string | undefined;
}

/**
 * Splits the region off an integration ARN. The region named is the one called (as LocalStack's
 * Step Functions does, and as `TaskScheduled.region` records); AWS itself documents that it makes
 * no cross-Region service calls, so on AWS the region is in practice the state machine's own.
 */
export function regionalResource(resource: string): RegionalResource {
  const m = REGIONAL.exec(resource);
  return m ? { resource: `${m[1]}:::${m[4]}`, region: m[2] } : { resource, region: undefined };
}
