/** Request tags as the engine keeps them: the model lets `key`/`value` be absent; absent is ''. */
export function tagPairs(
  tags: ReadonlyArray<{ readonly key?: string | undefined; readonly value?: string | undefined }>,
): Array<{ key: string; value: string }> {
  return tags.map((t) => ({ key: t.key ?? '', value: t.value ?? '' }));
}
