import { defineAction } from '../action.ts';
import { TaskTokenMember } from '../members.ts';

const members = { taskToken: TaskTokenMember } as const;

export const SendTaskHeartbeat = defineAction(members, (engine, input) => {
  engine.taskControl.sendTaskHeartbeat(input.taskToken);
  return {};
});
