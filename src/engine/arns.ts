/**
 * The ARNs the engine mints, in AWS's shapes (DESIGN.md conventions); region and account come from
 * configuration. Qualified machine ARNs (versions, aliases) are read by catalog/qualified-arn.ts.
 */
export class Arns {
  private readonly prefix: string;

  constructor(region: string, account: string) {
    this.prefix = `arn:aws:states:${region}:${account}`;
  }

  stateMachine(name: string): string {
    return `${this.prefix}:stateMachine:${name}`;
  }

  execution(stateMachineName: string, name: string): string {
    return `${this.prefix}:execution:${stateMachineName}:${name}`;
  }

  /** Express names may repeat: the start's own id makes the ARN unique (DESIGN.md decision 5). */
  expressExecution(stateMachineName: string, name: string, id: string): string {
    return `${this.prefix}:express:${stateMachineName}:${name}:${id}`;
  }

  mapRun(stateMachineName: string, stateName: string, id: string): string {
    return `${this.prefix}:mapRun:${stateMachineName}/${stateName}:${id}`;
  }
}
