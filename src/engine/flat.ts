const ANY = /^/;

/**
 * The same text, flattened. V8 keeps a string built by concatenation (a template literal, the
 * text of `crypto.randomUUID()`) as a tree of its pieces until something flattens it. An
 * execution's name and ARN live as long as its record: as trees they hold ~500 bytes each
 * instead of ~110, for every execution kept. A regular expression match flattens its subject.
 */
export function flat(text: string): string {
  ANY.test(text);
  return text;
}
