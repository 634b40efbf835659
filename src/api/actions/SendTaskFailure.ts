import { defineAction } from '../action.ts';
import { TaskTokenMember } from '../members.ts';

const members = {
  taskToken: TaskTokenMember,
  error: { type: 'string', max: 256, sensitive: true },
  cause: { type: 'string', max: 32_768, sensitive: true },
} as const;

export const SendTaskFailure = defineAction(members, (engine, input) => {
  // A promise when another server drives the execution: answered once left for it in the store.
  const sent = engine.taskControl.sendTaskFailure(input.taskToken, input.error, input.cause);
  return sent instanceof Promise ? sent.then(() => ({})) : {};
});
