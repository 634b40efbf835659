import { invalidNameMessage, validName } from '../engine/index.ts';
import { serviceError } from './errors.ts';

/** AWS's naming rule (engine/names.ts), for the actions that create named resources. */
export function checkName(name: string): void {
  if (!validName(name)) throw serviceError('InvalidName', invalidNameMessage(name));
}
