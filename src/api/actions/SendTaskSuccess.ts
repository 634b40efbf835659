import { defineAction } from '../action.ts';
import { TaskTokenMember } from '../members.ts';

const members = {
  taskToken: TaskTokenMember,
  output: { type: 'string', required: true, maxBytes: 262_144, sensitive: true },
} as const;

export const SendTaskSuccess = defineAction(members, (engine, input) => {
  // A promise when another server drives the execution: answered once left for it in the store.
  const sent = engine.taskControl.sendTaskSuccess(input.taskToken, input.output);
  return sent instanceof Promise ? sent.then(() => ({})) : {};
});
