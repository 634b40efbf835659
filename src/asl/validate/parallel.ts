import { schema, type Context } from './context.ts';
import { child, item } from './location.ts';
import { Messages } from './messages.ts';
import type { CheckSubMachine } from './sub-machine.ts';
import { has, type Fields } from './values.ts';

export function checkParallel(
  ctx: Context,
  state: Fields,
  location: string,
  checkSubMachine: CheckSubMachine,
): void {
  if (!has(state, 'Branches')) return schema(ctx, Messages.required(['Branches']), location);
  const branches = state.Branches;
  if (!Array.isArray(branches))
    return schema(ctx, Messages.expectedType('ARRAY'), child(location, 'Branches'));
  if (branches.length === 0) return schema(ctx, Messages.empty, child(location, 'Branches'));
  branches.forEach((branch, i) => checkSubMachine(branch, item(location, 'Branches', i), 'Branch'));
}
