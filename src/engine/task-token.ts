/**
 * Task tokens (`$$.Task.Token`). A token is derived from the execution and the state visit
 * (the StateEntered event id and the retry count), never drawn at random, so that a task re-run
 * after a restart (DESIGN.md decision 2) waits on the same token its worker already holds.
 */
const TOKEN = /^(\d+)\.(\d+)\|(arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+)$/;

export interface TaskTokenParts {
  readonly executionArn: string;
  readonly enteredEventId: number;
  readonly retryCount: number;
}

export function mintTaskToken(executionArn: string, enteredEventId: number, retryCount: number): string {
  return Buffer.from(`${enteredEventId}.${retryCount}|${executionArn}`, 'utf8').toString('base64url');
}

/** The parts of a token this engine minted; undefined for anything else (InvalidToken). */
export function parseTaskToken(token: string): TaskTokenParts | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const m = TOKEN.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) return undefined;
  return { enteredEventId: Number(m[1]), retryCount: Number(m[2]), executionArn: m[3]! };
}
