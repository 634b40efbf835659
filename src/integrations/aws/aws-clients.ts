import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsSettings } from './aws-settings.ts';
import { connectionRetry } from './connection-retry.ts';
import type { SdkService } from './sdk-services.ts';
import { clientName, sdkService } from './sdk-services.ts';
import type { AwsCredentials } from './task-roles.ts';
import { TaskRoles } from './task-roles.ts';

/** What Stepwise needs of an AWS SDK v3 client. */
export interface SdkClient {
  send(command: unknown, options: { abortSignal: AbortSignal }): Promise<Record<string, unknown>>;
  destroy(): void;
}

/** An AWS SDK v3 client package, as loaded: its client, commands and base exception by name. */
export type SdkModule = Readonly<Record<string, unknown>>;

export interface LoadedService {
  readonly module: SdkModule;
  readonly client: SdkClient;
}

/** Why a service cannot be called; the message names what to install or configure. */
export class AwsSetupError extends Error {}

type Credentials = AwsCredentials;

/** Stand-ins such as dynalite or s3rver take any key pair; one is needed to sign at all. */
const LOCAL_CREDENTIALS: Credentials = { accessKeyId: 'stepwise', secretAccessKey: 'stepwise' };

/**
 * The AWS SDK clients of the services called so far, one per service, configured from
 * `integrations.aws` and the SDKs' own conventions. The configuration file is explicit client
 * configuration, which in the AWS SDKs wins over the environment: `endpoints.<service>`, then
 * AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL; `region`, then AWS_REGION.
 */
export class AwsClients {
  readonly #settings: AwsSettings;
  readonly #defaultRegion: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #loaded = new Map<string, Promise<LoadedService>>();
  /** Roles of Tasks' `Credentials`, assumed through STS with the credentials configured here. */
  readonly #roles = new TaskRoles(() => this.get('sts', sdkService('sts')!));
  /** The clients of other regions named by integration ARNs (a few at most: AWS has ~35 regions). */
  readonly #regions = new Map<string, AwsClients>();

  constructor(settings: AwsSettings, defaultRegion: string, env: NodeJS.ProcessEnv = process.env) {
    this.#settings = settings;
    this.#defaultRegion = defaultRegion;
    this.#env = env;
  }

  /**
   * The client of `id`, made at first use (a failed load is tried again next time); with
   * `roleArn`, one that signs with that role's credentials (a Task's `Credentials.RoleArn`).
   */
  get(id: string, service: SdkService, roleArn?: string): Promise<LoadedService> {
    const key = roleArn === undefined ? id : `${id} ${roleArn}`;
    let loaded = this.#loaded.get(key);
    if (!loaded) {
      loaded = this.#load(id, service, roleArn);
      loaded.catch(() => this.#loaded.delete(key));
      this.#loaded.set(key, loaded);
    }
    return loaded;
  }

  /**
   * Credentials to sign a request to a service with no SDK client (API Gateway's execute-api):
   * the task's role, else those configured for `id` (a local stand-in's placeholder at an endpoint).
   */
  signingCredentials(
    id: string,
    service: SdkService,
    roleArn: string | undefined,
  ): () => Promise<Credentials> {
    if (roleArn !== undefined) return () => this.#roles.credentials(roleArn);
    return this.#credentials(id, service, this.endpoint(id, service));
  }

  /** The region calls go to: `region`, then AWS_REGION / AWS_DEFAULT_REGION, then Stepwise's own. */
  get region(): string {
    return (
      this.#settings.region ??
      this.#env['AWS_REGION'] ??
      this.#env['AWS_DEFAULT_REGION'] ??
      this.#defaultRegion
    );
  }

  /** The same configuration, calling `region` (an integration ARN that names a region). */
  inRegion(region: string): AwsClients {
    if (region === this.region) return this;
    let clients = this.#regions.get(region);
    if (!clients) {
      clients = new AwsClients({ ...this.#settings, region }, this.#defaultRegion, this.#env);
      this.#regions.set(region, clients);
    }
    return clients;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#regions.values()].map((c) => c.close()));
    this.#regions.clear();
    const all = await Promise.allSettled(this.#loaded.values());
    for (const r of all) if (r.status === 'fulfilled') r.value.client.destroy();
    this.#loaded.clear();
  }

  /**
   * Whether calls to the service are set up: an endpoint, or credentials given in the file or the
   * environment (a default profile or instance role alone is not seen here).
   */
  configured(id: string, service: SdkService): boolean {
    const s = this.#settings;
    const env = this.#env;
    return (
      this.endpoint(id, service) !== undefined ||
      s.credentials !== undefined ||
      s.profile !== undefined ||
      Boolean(env['AWS_ACCESS_KEY_ID'] || env['AWS_PROFILE'] || env['AWS_WEB_IDENTITY_TOKEN_FILE'])
    );
  }

  endpoint(id: string, service: SdkService): string | undefined {
    return (
      this.#settings.endpoints?.[id] ??
      this.#env[`AWS_ENDPOINT_URL_${service.sdkId}`] ??
      this.#env['AWS_ENDPOINT_URL'] ??
      undefined
    );
  }

  async #load(id: string, service: SdkService, roleArn: string | undefined): Promise<LoadedService> {
    let module: SdkModule;
    try {
      module = (await import(service.packageName)) as SdkModule;
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
      throw new AwsSetupError(
        `aws-sdk:${id} needs the AWS SDK package ${service.packageName}: install it beside Stepwise (npm install ${service.packageName}).`,
      );
    }
    const name = clientName(module, service.client);
    const Client = name === undefined ? undefined : (module[name] as new (config: object) => SdkClient);
    if (typeof Client !== 'function') {
      throw new AwsSetupError(`${service.packageName} exports no ${service.client || 'client'}.`);
    }
    const endpoint = this.endpoint(id, service);
    const client = new Client({
      region: this.region,
      // One attempt, as on AWS ("SDK Attempt Count: 1"): retries are the state's Retry. Only a
      // broken connection is sent again, at once (connection-retry.ts).
      maxAttempts: 2,
      retryStrategy: connectionRetry,
      credentials:
        roleArn === undefined
          ? this.#credentials(id, service, endpoint)
          : () => this.#roles.credentials(roleArn),
      ...(endpoint ? { endpoint } : {}),
      ...(endpoint && service.pathStyle ? { forcePathStyle: true } : {}),
    });
    return { module, client };
  }

  #credentials(id: string, service: SdkService, endpoint: string | undefined): () => Promise<Credentials> {
    const fixed = this.#settings.credentials;
    if (fixed) return () => Promise.resolve({ ...fixed });
    const profile = this.#settings.profile;
    const chain = defaultProvider(profile ? { profile } : {});
    return async () => {
      try {
        return await chain();
      } catch (e) {
        if (endpoint) return LOCAL_CREDENTIALS;
        throw new AwsSetupError(
          `No AWS credentials for aws ${id} (${(e as Error).message}). Point it at an endpoint ` +
            `(integrations.aws.endpoints.${id} in stepwise.config.json, or AWS_ENDPOINT_URL_${service.sdkId}) ` +
            `or give credentials (integrations.aws.credentials or integrations.aws.profile, ` +
            `or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE).`,
        );
      }
    };
  }
}
