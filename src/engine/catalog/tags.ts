import { ServiceError } from '../errors.ts';

export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** AWS's quota: 50 tags per resource (Step Functions service quotas). */
export const MAX_TAGS = 50;

/** Tags by resource ARN; the engine decides which ARNs name a taggable resource. */
export class TagRegistry {
  readonly #tags = new Map<string, Map<string, string>>();

  list(arn: string): Tag[] {
    return [...(this.#tags.get(arn) ?? new Map<string, string>())].map(([key, value]) => ({ key, value }));
  }

  /** Adds or overwrites; refuses the whole request if the result would exceed the quota. */
  tag(arn: string, tags: readonly Tag[]): void {
    const next = new Map(this.#tags.get(arn));
    for (const t of tags) next.set(t.key, t.value);
    if (next.size > MAX_TAGS) {
      throw new ServiceError('TooManyTags', `Too many tags are associated with the resource: '${arn}'`, {
        resourceName: arn,
      });
    }
    this.#tags.set(arn, next);
  }

  untag(arn: string, keys: readonly string[]): void {
    const current = this.#tags.get(arn);
    if (!current) return;
    for (const k of keys) current.delete(k);
  }

  forget(arn: string): void {
    this.#tags.delete(arn);
  }
}
