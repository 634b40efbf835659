import { defineAction } from '../action.ts';
import { TaskTokenMember } from '../members.ts';

const members = { taskToken: TaskTokenMember } as const;

export const SendTaskHeartbeat = defineAction(members, (engine, input) => {
  // A promise when another server drives the execution: answered once left for it in the store.
  const sent = engine.taskControl.sendTaskHeartbeat(input.taskToken);
  return sent instanceof Promise ? sent.then(() => ({})) : {};
});
