import { validationError } from './errors.ts';

/** A version description only makes sense when a version is published (API reference). */
export function checkVersionDescription(publish: boolean | undefined, description: string | undefined): void {
  if (description !== undefined && publish !== true) {
    throw validationError(['Version description can only be set when publish is true']);
  }
}
