import { serviceError } from './errors.ts';

export type ResourceType = 'stateMachine' | 'execution' | 'activity';

/**
 * Rejects an ARN of the wrong shape before any lookup, with AWS's InvalidArn texts
 * (measured, LocalStack snapshots test_sfn_api): `Invalid Arn: 'Invalid ARN prefix: x'` for
 * text that is no ARN, `Invalid Arn: 'Resource type not valid in this context: execution'` for
 * an ARN of another resource. A well-formed ARN of another region or account passes and is
 * then simply not found, as on AWS.
 */
export function checkArn(arn: string, expected: ResourceType): void {
  if (!arn.startsWith('arn:')) throw serviceError('InvalidArn', `Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
  const parts = arn.split(':');
  const resourceType = (parts[5] ?? '').split('/')[0] ?? '';
  if (parts.length >= 6 && resourceType !== expected) {
    throw serviceError(
      'InvalidArn',
      `Invalid Arn: 'Resource type not valid in this context: ${resourceType}'`,
    );
  }
  // arn:partition:states:region:account:stateMachine:name[:qualifier] / :execution:machine:name
  const minParts = expected === 'execution' ? 8 : 7;
  if (parts.length < minParts || parts[2] !== 'states' || parts.slice(6).some((p) => p === '')) {
    throw serviceError('InvalidArn', `Invalid Arn: '${arn}'`);
  }
}

/** roleArn is only checked for being an ARN at all; the role itself is never assumed. */
export function checkRoleArn(arn: string): void {
  if (!arn.startsWith('arn:')) throw serviceError('InvalidArn', `Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
}
