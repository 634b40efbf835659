import type { JsonObject } from '../../asl/index.ts';
import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { RequiredArnMember } from '../members.ts';

const members = {
  activityArn: RequiredArnMember,
  workerName: { type: 'string', min: 1, max: 80 },
} as const;

/**
 * A long poll of up to 60 s. With no task, AWS answers with a null taskToken: the JSON body has
 * neither taskToken nor input.
 */
export const GetActivityTask = defineAction(
  members,
  async (engine, input, signal, sent): Promise<JsonObject> => {
    checkArn(input.activityArn, 'activity');
    const task = await engine.taskControl.getActivityTask(input.activityArn, input.workerName, signal);
    if (!task) return {};
    // Scaled out, a task whose answer did not reach the worker goes back to the queue.
    if (task.sent) void sent.then(task.sent);
    return { taskToken: task.taskToken, input: task.input };
  },
);
