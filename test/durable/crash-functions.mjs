// Local Lambda functions for the crash test: doubling, after a short random delay so that tasks
// are often in flight when the server is killed.
import { setTimeout as delay } from 'node:timers/promises';

export const functions = {
  work: async (event) => {
    await delay(Math.random() * 40);
    return { v: event.n * 2 };
  },
};
