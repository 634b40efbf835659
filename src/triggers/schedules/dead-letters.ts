import type { Doc, Store } from '../../store/index.ts';

/**
 * Sends one message to an SQS queue named by its ARN; rejects when the queue cannot be reached.
 * The composition root makes it from the AWS integrations' client settings (server/).
 */
export type QueueSend = (
  queueArn: string,
  body: string,
  attributes: Readonly<Record<string, string>>,
) => Promise<void>;

/** A scheduled start that failed after the retry policy, as the store and the console keep it. */
export interface DeadLetter {
  readonly ScheduleArn: string;
  readonly TargetArn: string;
  /** Epoch ms. */
  readonly ScheduledTime: number;
  readonly ExecutionName: string;
  readonly ErrorCode: string;
  readonly ErrorMessage: string;
  readonly RetryAttempts: number;
  /** `MaximumRetryAttempts` or `MaximumEventAgeInSeconds`; absent when the error was not retried. */
  readonly ExhaustedRetryCondition?: string;
  /** The schedule's DeadLetterConfig.Arn, when it has one. */
  readonly QueueArn?: string;
  /** `SENT` to the queue, `NOT_SENT` (why in SendError), or `NO_QUEUE`. */
  readonly Delivery: 'SENT' | 'NOT_SENT' | 'NO_QUEUE';
  readonly SendError?: string;
  /** Epoch ms of the failure. */
  readonly RecordedAt: number;
}

/** How many dead letters the store keeps (the oldest go first). */
const KEEP = 200;

/**
 * The dead-letter event EventBridge Scheduler sends (AWS "Configuring a schedule's dead-letter
 * queue"): the target's input as the body, the invocation's details as String message attributes.
 */
export function deadLetterMessage(
  letter: DeadLetter,
  input: string,
  invocationId: string,
): { body: string; attributes: Record<string, string> } {
  return {
    body: input,
    attributes: {
      ERROR_CODE: letter.ErrorCode,
      ERROR_MESSAGE: letter.ErrorMessage.slice(0, 1024),
      EXECUTION_ID: invocationId,
      ...(letter.ExhaustedRetryCondition
        ? { EXHAUSTED_RETRY_CONDITION: letter.ExhaustedRetryCondition }
        : {}),
      IS_PAYLOAD_TRUNCATED: 'false',
      RETRY_ATTEMPTS: String(letter.RetryAttempts),
      SCHEDULED_TIME: new Date(letter.ScheduledTime).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      SCHEDULE_ARN: letter.ScheduleArn,
      TARGET_ARN: letter.TargetArn,
    },
  };
}

/**
 * Scheduled starts that failed for good: sent to the schedule's dead-letter queue when it has one,
 * and kept in the store either way (the console lists them).
 */
export class DeadLetters {
  readonly #store: Store;
  readonly #send: QueueSend | undefined;
  #seq = 0;

  constructor(store: Store, send: QueueSend | undefined) {
    this.#store = store;
    this.#send = send;
  }

  /** Sends (if there is a queue) and records one dead letter; never throws. */
  async add(
    letter: Omit<DeadLetter, 'Delivery' | 'SendError'>,
    input: string,
    invocationId: string,
  ): Promise<DeadLetter> {
    let delivery: DeadLetter['Delivery'] = 'NO_QUEUE';
    let sendError: string | undefined;
    if (letter.QueueArn) {
      const message = deadLetterMessage({ ...letter, Delivery: 'SENT' }, input, invocationId);
      try {
        if (!this.#send) throw new Error('no SQS client is configured');
        await this.#send(letter.QueueArn, message.body, message.attributes);
        delivery = 'SENT';
      } catch (e) {
        delivery = 'NOT_SENT';
        sendError = e instanceof Error ? e.message : String(e);
      }
    }
    const stored: DeadLetter = {
      ...letter,
      Delivery: delivery,
      ...(sendError ? { SendError: sendError } : {}),
    };
    const key = `${String(letter.RecordedAt).padStart(15, '0')}-${String(this.#seq++).padStart(6, '0')}`;
    try {
      const old = await this.#store.listDocuments('deadLetter');
      const surplus = old.length + 1 - KEEP;
      await this.#store.commit({
        documents: [{ kind: 'deadLetter', key, parent: letter.ScheduleArn, data: stored as unknown as Doc }],
        ...(surplus > 0
          ? {
              deletedDocuments: old
                .map((r) => r.key)
                .sort()
                .slice(0, surplus)
                .map((k) => ({ kind: 'deadLetter' as const, key: k })),
            }
          : {}),
      });
    } catch {
      // The store is away: the letter went to its queue (or not); the record is best effort.
    }
    return stored;
  }

  /** The dead letters kept, newest first. */
  async list(): Promise<DeadLetter[]> {
    const rows = await this.#store.listDocuments('deadLetter');
    return rows
      .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0))
      .map((r) => r.data as unknown as DeadLetter);
  }
}
