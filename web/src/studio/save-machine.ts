// Create or update the state machine (AWS API), optionally publishing a version.
import { sfn } from '../api/client.ts';
import type { SaveRequest } from './SaveDialog.tsx';

export async function saveMachine(
  arn: string | undefined,
  definition: string,
  request: SaveRequest,
): Promise<string> {
  const publish = request.publish
    ? {
        publish: true,
        ...(request.versionDescription ? { versionDescription: request.versionDescription } : {}),
      }
    : {};
  if (arn === undefined) {
    const created = await sfn<{ stateMachineArn: string }>('CreateStateMachine', {
      name: request.name,
      type: request.type,
      roleArn: request.roleArn,
      definition,
      ...publish,
    });
    return created.stateMachineArn;
  }
  await sfn('UpdateStateMachine', { stateMachineArn: arn, definition, ...publish });
  return arn;
}
