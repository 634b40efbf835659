import type { Doc, Store } from '../../store/index.ts';
import type { ScheduleRecord, ScheduleSettings } from './schedule.ts';
import { SchedulerError } from './scheduler-error.ts';

/** The schedule group a schedule belongs to when none is named (as on AWS). */
export const DEFAULT_GROUP = 'default';

const keyOf = (group: string, name: string): string => `${group}/${name}`;

/** Schedules kept durably in the store (documents of kind `schedule`). */
export class ScheduleBook {
  readonly #store: Store;
  readonly #arnPrefix: string;

  constructor(store: Store, region: string, account: string) {
    this.#store = store;
    this.#arnPrefix = `arn:aws:scheduler:${region}:${account}:schedule/`;
  }

  async get(group: string, name: string): Promise<ScheduleRecord | undefined> {
    const row = await this.#store.getDocument('schedule', keyOf(group, name));
    return row?.data as ScheduleRecord | undefined;
  }

  async require(group: string, name: string): Promise<ScheduleRecord> {
    const found = await this.get(group, name);
    if (!found) throw new SchedulerError('ResourceNotFoundException', `Schedule ${name} does not exist.`);
    return found;
  }

  /** Every schedule, by group then name. */
  async list(): Promise<ScheduleRecord[]> {
    return (await this.#store.listDocuments('schedule')).map((row) => row.data as unknown as ScheduleRecord);
  }

  async create(
    group: string,
    name: string,
    settings: ScheduleSettings,
    now: number,
  ): Promise<ScheduleRecord> {
    if (await this.get(group, name))
      throw new SchedulerError('ConflictException', `Schedule ${name} already exists.`);
    const record: ScheduleRecord = {
      ...settings,
      Name: name,
      GroupName: group,
      Arn: `${this.#arnPrefix}${group}/${name}`,
      CreationDate: now,
      LastModificationDate: now,
      // Nothing before its creation fires (a rate without StartDate fires at `now` itself).
      handledThrough: now - 1,
    };
    await this.#put(record);
    return record;
  }

  /** Replaces the settings; scheduled times before the update are not caught up on. */
  async update(
    group: string,
    name: string,
    settings: ScheduleSettings,
    now: number,
  ): Promise<ScheduleRecord> {
    const old = await this.require(group, name);
    const record: ScheduleRecord = {
      ...settings,
      Name: name,
      GroupName: group,
      Arn: old.Arn,
      CreationDate: old.CreationDate,
      LastModificationDate: Math.max(now, old.LastModificationDate + 1),
      handledThrough: Math.max(old.handledThrough, now - 1),
    };
    await this.#put(record);
    return record;
  }

  /**
   * Records that every scheduled time up to `through` was handled, unless the schedule changed
   * or went in the meantime (then the new version decides).
   */
  async markHandled(record: ScheduleRecord, through: number): Promise<ScheduleRecord | undefined> {
    const now = await this.get(record.GroupName, record.Name);
    if (!now || now.LastModificationDate !== record.LastModificationDate) return now;
    const next = { ...now, handledThrough: Math.max(now.handledThrough, through) };
    await this.#put(next);
    return next;
  }

  async delete(group: string, name: string): Promise<void> {
    await this.require(group, name);
    await this.#store.commit({ deletedDocuments: [{ kind: 'schedule', key: keyOf(group, name) }] });
  }

  #put(record: ScheduleRecord): Promise<void> {
    return this.#store.commit({
      documents: [
        {
          kind: 'schedule',
          key: keyOf(record.GroupName, record.Name),
          parent: record.GroupName,
          data: record as unknown as Doc,
        },
      ],
    });
  }
}
