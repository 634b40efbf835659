export type { Settings } from './settings.ts';
export { DEFAULTS, loadSettings } from './settings.ts';
