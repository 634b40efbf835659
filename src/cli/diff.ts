import { callApi } from '../client/index.ts';
import type { CompareExecutionsOutput, StateVisitShape } from '../server/index.ts';
import { DEFAULTS } from '../server/index.ts';
import { CliError, reachServer } from './cli-error.ts';

const WIDTH = 36;

function cut(text: string | undefined, width: number): string {
  const t = text ?? '';
  return t.length > width ? `${t.slice(0, width - 1)}…` : t.padEnd(width);
}

function side(v: StateVisitShape | undefined): string {
  if (!v) return cut('—', WIDTH);
  const where = v.thread ? `${v.thread.slice(1)}/` : '';
  return cut(`${where}${v.name}`, WIDTH);
}

/** The comparison as text: one line per state visit, the first divergence marked with `>>`. */
export function formatComparison(c: CompareExecutionsOutput): string {
  const lines = [
    `   ${cut('left: ' + c.left.executionArn.split(':').slice(-2).join(':'), WIDTH)} ${cut('right: ' + c.right.executionArn.split(':').slice(-2).join(':'), WIDTH)}`,
  ];
  c.rows.forEach((row, i) => {
    const mark = i === c.firstDivergence ? '>>' : row.difference ? ' *' : '  ';
    const why = row.difference ? `  ${row.difference} differs` : '';
    lines.push(`${mark} ${side(row.left)} ${side(row.right)}${why}`);
    if (i === c.firstDivergence && row.left && row.right && row.difference !== 'path') {
      const key = row.difference === 'error' ? 'error' : row.difference === 'output' ? 'output' : 'input';
      lines.push(`     left  ${key}: ${row.left[key] ?? ''}`, `     right ${key}: ${row.right[key] ?? ''}`);
    }
  });
  lines.push(
    `   ${cut(`${c.left.status} ${c.left.output ?? c.left.error ?? ''}`, WIDTH)} ${cut(`${c.right.status} ${c.right.output ?? c.right.error ?? ''}`, WIDTH)}`,
  );
  const first = c.firstDivergence === undefined ? undefined : c.rows[c.firstDivergence];
  const name = first?.left?.name ?? first?.right?.name;
  lines.push(
    first
      ? `first divergence: ${name ?? '?'} (${first.difference ?? ''} differs)`
      : 'no divergence: the same states with the same inputs and outputs',
  );
  return `${lines.join('\n')}\n`;
}

/** `stepwise diff ARN1 ARN2`: CompareExecutions (a Stepwise extension); exits 1 when they diverge. */
export async function diffCommand(args: string[], flags: { endpoint?: string | undefined }): Promise<number> {
  const [left, right] = args;
  if (!left || !right) throw new CliError('two execution ARNs are required (stepwise diff --help)');
  const endpoint = flags.endpoint ?? `http://localhost:${DEFAULTS.port}`;
  const out = await reachServer(endpoint, () =>
    callApi(endpoint, 'CompareExecutions', { leftExecutionArn: left, rightExecutionArn: right }),
  );
  const compared = out as unknown as CompareExecutionsOutput;
  process.stdout.write(formatComparison(compared));
  return compared.firstDivergence === undefined ? 0 : 1;
}
