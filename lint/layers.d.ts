// Types for lint/layers.js (plain JS so that eslint.config.js loads it on any Node).
import type { ESLint, Rule } from 'eslint';

declare const layers: ESLint.Plugin & {
  readonly rules: Readonly<Record<'enter-through-index' | 'no-cycle', Rule.RuleModule>>;
};
export default layers;
