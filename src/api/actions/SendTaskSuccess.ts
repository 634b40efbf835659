import { defineAction } from '../action.ts';
import { TaskTokenMember } from '../members.ts';

const members = {
  taskToken: TaskTokenMember,
  output: { type: 'string', required: true, maxBytes: 262_144, sensitive: true },
} as const;

export const SendTaskSuccess = defineAction(members, (engine, input) => {
  engine.taskControl.sendTaskSuccess(input.taskToken, input.output);
  return {};
});
