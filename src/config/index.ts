export type { Settings } from './settings.ts';
export type { FlagNames, ObservabilitySettings } from './settings.ts';
export { DEFAULTS, loadSettings } from './settings.ts';
export { ConfigError } from './config-error.ts';
export { didYouMean } from './did-you-mean.ts';
export { readMockConfigFile } from './mock-config-file.ts';
export { parseJsonText } from './json-text.ts';
