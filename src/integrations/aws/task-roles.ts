import { isJsonObject } from '../../asl/index.ts';
import type { TaskRequest } from '../task-runner.ts';

/** STS's client as aws-clients.ts loads it (its command classes by name, and the client). */
interface StsService {
  readonly module: Readonly<Record<string, unknown>>;
  readonly client: {
    send(command: unknown, options: { abortSignal: AbortSignal }): Promise<Record<string, unknown>>;
  };
}

/** A key pair as the AWS SDK's credential providers give it; `expiration` for temporary ones. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** The role of a Task's `Credentials` (`RoleArn`, evaluated from `RoleArn.$` or JSONata). */
export function taskRole(request: TaskRequest): string | undefined {
  const c = request.credentials;
  const roleArn = isJsonObject(c) ? c['RoleArn'] : undefined;
  return typeof roleArn === 'string' ? roleArn : undefined;
}

/**
 * Why a Task's role could not be assumed. Step Functions fails the task before calling the
 * service; the cause keeps STS's answer in the Java SDK's words, as AWS's other causes do.
 */
export class RoleAssumptionError extends Error {}

/** Temporary credentials are renewed this long before they expire (the AWS SDKs' own margin). */
const RENEW_BEFORE_MS = 5 * 60_000;
/** Session length asked of STS: AssumeRole's default. */
const SESSION_SECONDS = 3600;

interface StsError extends Error {
  readonly Code?: string;
  readonly $metadata?: { httpStatusCode?: number; requestId?: string };
}

/**
 * Credentials of the roles Tasks name in `Credentials.RoleArn`, assumed through STS AssumeRole
 * with Stepwise's own credentials (AWS guide, "Accessing cross-account AWS resources"), and kept
 * until shortly before they expire so that a hot loop does not call STS each time.
 */
export class TaskRoles {
  readonly #sts: () => Promise<StsService>;
  readonly #now: () => number;
  readonly #assumed = new Map<string, Promise<AwsCredentials>>();

  constructor(sts: () => Promise<StsService>, now: () => number = Date.now) {
    this.#sts = sts;
    this.#now = now;
  }

  async credentials(roleArn: string): Promise<AwsCredentials> {
    const known = this.#assumed.get(roleArn);
    if (known) {
      const held = await known.catch(() => undefined);
      const expires = held?.expiration?.getTime() ?? Infinity;
      if (held && expires - RENEW_BEFORE_MS > this.#now()) return held;
      if (this.#assumed.get(roleArn) === known) this.#assumed.delete(roleArn);
    }
    let assumed = this.#assumed.get(roleArn);
    if (!assumed) {
      assumed = this.#assume(roleArn);
      this.#assumed.set(roleArn, assumed);
      assumed.catch(() => this.#assumed.delete(roleArn));
    }
    return assumed;
  }

  async #assume(roleArn: string): Promise<AwsCredentials> {
    const { module, client } = await this.#sts();
    const AssumeRole = module['AssumeRoleCommand'] as new (input: object) => unknown;
    let output: Record<string, unknown>;
    try {
      output = await client.send(
        new AssumeRole({
          RoleArn: roleArn,
          RoleSessionName: `Stepwise-${this.#now()}`,
          DurationSeconds: SESSION_SECONDS,
        }),
        { abortSignal: new AbortController().signal },
      );
    } catch (e) {
      const err = e as StsError;
      const code = err.Code ?? err.name;
      const status = err.$metadata?.httpStatusCode;
      const answer =
        status === undefined
          ? err.message
          : `${err.message} (Service: AWSSecurityTokenService; Status Code: ${status}; Error Code: ${code}; ` +
            `Request ID: ${err.$metadata?.requestId ?? ''}; Proxy: null)`;
      throw new RoleAssumptionError(`Unable to assume the task's role ${roleArn}: ${answer}`);
    }
    const c = output['Credentials'] as
      | { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date }
      | undefined;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw new RoleAssumptionError(`STS answered AssumeRole for ${roleArn} without credentials.`);
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
    };
  }
}
