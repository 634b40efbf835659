// The local Lambda function the model-based API test's callback machine calls: it queues the
// task token (the test reads it back from the TaskScheduled event) and returns at once.
export const functions = {
  notify: async () => ({ queued: true }),
};
