import { schema, type Context, type QueryLanguage } from './context.ts';
import { checkExclusive, checkNumber, checkReferencePath, checkString } from './field-checks.ts';
import { child } from './location.ts';
import { Messages } from './messages.ts';
import { isUnknownIntegration } from './service-integrations.ts';
import { has, isFields, isInteger, type Fields } from './values.ts';

const MAX_SECONDS = 99_999_999;

export function checkTask(ctx: Context, state: Fields, location: string, language: QueryLanguage): void {
  if (!has(state, 'Resource')) schema(ctx, Messages.required(['Resource']), location);
  else if (checkString(ctx, state.Resource, child(location, 'Resource')))
    checkResource(ctx, state.Resource, child(location, 'Resource'));

  checkExclusive(ctx, state, ['TimeoutSeconds', 'TimeoutSecondsPath'], location);
  checkExclusive(ctx, state, ['HeartbeatSeconds', 'HeartbeatSecondsPath'], location);
  for (const field of ['TimeoutSeconds', 'HeartbeatSeconds']) {
    if (has(state, field))
      checkNumber(
        ctx,
        state[field],
        { integer: true, min: 1, max: MAX_SECONDS },
        language,
        child(location, field),
      );
  }
  for (const field of ['TimeoutSecondsPath', 'HeartbeatSecondsPath']) {
    if (has(state, field) && language === 'JSONPath')
      checkReferencePath(ctx, state[field], child(location, field));
  }
  // A heartbeat must fire before the task times out (AWS guide, Task state).
  const { TimeoutSeconds: timeout, HeartbeatSeconds: heartbeat } = state;
  if (isInteger(timeout) && isInteger(heartbeat) && heartbeat >= timeout) {
    schema(ctx, Messages.heartbeatNotBelowTimeout, child(location, 'HeartbeatSeconds'));
  }

  if (has(state, 'Credentials')) checkCredentials(ctx, state.Credentials, child(location, 'Credentials'));
}

function checkResource(ctx: Context, resource: string, location: string): void {
  if (!resource.startsWith('arn:')) return schema(ctx, Messages.invalidResourceArn, location);
  if (isUnknownIntegration(resource) || ctx.recognizes?.(resource) === false)
    return schema(ctx, Messages.unrecognizedResource(resource), location);
  // Express workflows run request-response integrations only (AWS guide, "Standard vs Express").
  const pattern = /\.(sync(:2)?|waitForTaskToken)$/.exec(resource)?.[0];
  if (ctx.machineType === 'EXPRESS' && pattern !== undefined) {
    schema(ctx, Messages.expressIntegration(pattern.startsWith('.sync') ? '.sync' : pattern), location);
  }
}

function checkCredentials(ctx: Context, credentials: unknown, location: string): void {
  if (!isFields(credentials)) return schema(ctx, Messages.expectedType('OBJECT'), location);
  if (!has(credentials, 'RoleArn') && !has(credentials, 'RoleArn.$'))
    schema(ctx, Messages.roleArnRequired, location);
}
