/**
 * The configuration cannot be used. Each problem is one line naming where it is (the file and key,
 * the environment variable or the flag), what was expected and, for a near miss, the likely key.
 */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
