import { parseQualifiedArn } from '../engine/index.ts';
import { ApiError, serviceError } from './errors.ts';

/** `express`: an Express execution's ARN (`…:express:MACHINE:NAME:ID`), which only a fork accepts. */
export type ResourceType = 'stateMachine' | 'execution' | 'express' | 'activity' | 'mapRun';

/**
 * Rejects an ARN of the wrong shape before any lookup, with AWS's InvalidArn texts
 * (measured, LocalStack snapshots test_sfn_api): `Invalid Arn: 'Invalid ARN prefix: x'` for
 * text that is no ARN, `Invalid Arn: 'Resource type not valid in this context: execution'` for
 * an ARN of another resource. A well-formed ARN of another region or account passes and is
 * then simply not found, as on AWS.
 */
export function checkArn(arn: string, expected: ResourceType): void {
  // A client starts one machine again and again: its ARN, once found well formed, is not split again.
  if (arn === passed.arn && expected === passed.expected) return;
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
  // / :mapRun:machine/state:id / :activity:name
  const minParts = expected === 'express' ? 9 : expected === 'execution' || expected === 'mapRun' ? 8 : 7;
  if (parts.length < minParts || parts[2] !== 'states' || parts.slice(6).some((p) => p === '')) {
    throw serviceError('InvalidArn', `Invalid Arn: '${arn}'`);
  }
  passed.arn = arn;
  passed.expected = expected;
}

/** The latest ARN checkArn passed, and as what. */
const passed: { arn: string; expected: ResourceType | undefined } = { arn: '', expected: undefined };

/** roleArn is only checked for being an ARN at all; the role itself is never assumed. */
export function checkRoleArn(arn: string): void {
  if (!arn.startsWith('arn:')) throw serviceError('InvalidArn', `Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
}

/** APIs that act on a state machine itself refuse a version or alias ARN (AWS reason API_DOES_NOT_SUPPORT_LABELED_ARNS). */
export function checkUnqualified(arn: string): void {
  if (parseQualifiedArn(arn).kind !== 'machine') {
    throw new ApiError('ValidationException', 'This operation does not support labeled ARNs', {
      extra: { reason: 'API_DOES_NOT_SUPPORT_LABELED_ARNS' },
    });
  }
}

/** A version ARN (`…:stateMachine:NAME:N`) or an alias ARN (`…:stateMachine:NAME:ALIAS`). */
export function checkQualified(arn: string, kind: 'version' | 'alias'): void {
  checkArn(arn, 'stateMachine');
  if (parseQualifiedArn(arn).kind !== kind) throw serviceError('InvalidArn', `Invalid Arn: '${arn}'`);
}

/** Only state machines and activities carry tags (API reference, TagResource). */
export function checkTaggableArn(arn: string): void {
  if (!arn.startsWith('arn:')) throw serviceError('InvalidArn', `Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
  const parts = arn.split(':');
  const type = parts[5] ?? '';
  if (parts[2] !== 'states' || (type !== 'stateMachine' && type !== 'activity') || parts.length !== 7) {
    throw serviceError('InvalidArn', `Invalid Arn: '${arn}'`);
  }
}
