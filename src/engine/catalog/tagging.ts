import { ServiceError } from '../errors.ts';
import type { TaskControl } from '../task-control.ts';
import type { StateMachines } from './machines.ts';
import type { Tag } from './tags.ts';
import { resourceNotFound } from './versions.ts';

/** ListTagsForResource, TagResource, UntagResource: state machines and activities carry tags. */
export class Tagging {
  readonly #machines: StateMachines;
  readonly #activities: Pick<TaskControl, 'describeActivity'>;

  constructor(machines: StateMachines, activities: Pick<TaskControl, 'describeActivity'>) {
    this.#machines = machines;
    this.#activities = activities;
  }

  list(arn: string): Tag[] {
    this.#taggable(arn);
    return this.#machines.tags.list(arn);
  }

  tag(arn: string, tags: readonly Tag[]): void {
    this.#taggable(arn);
    this.#machines.tags.tag(arn, tags);
    this.#machines.saveTags(arn);
  }

  untag(arn: string, keys: readonly string[]): void {
    this.#taggable(arn);
    this.#machines.tags.untag(arn, keys);
    this.#machines.saveTags(arn);
  }

  #taggable(arn: string): void {
    const isActivity = arn.split(':')[5] === 'activity';
    const exists = isActivity ? this.#activityExists(arn) : this.#machines.machines.has(arn);
    if (!exists) throw resourceNotFound(arn);
  }

  #activityExists(arn: string): boolean {
    try {
      this.#activities.describeActivity(arn);
      return true;
    } catch (e) {
      if (e instanceof ServiceError) return false;
      throw e;
    }
  }
}
