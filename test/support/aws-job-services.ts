// What Athena, Batch, Glue, ECS, CodeBuild and SageMaker answer, for a protocol-level loopback server
// (aws-protocol-server.ts): each service's own wire names (JSON 1.1 targets, Batch's REST paths,
// camelCase members where the service uses them). A job moves one state further at each look
// (SUBMITTED → RUNNING → SUCCEEDED); a name with "fail" in it ends FAILED, one with "forever"
// never ends, a Glue job named "missing" does not exist.
import type { ProtocolAnswer, ProtocolRequest } from './aws-protocol-server.ts';

type Body = Record<string, unknown>;

export interface Job {
  readonly id: string;
  readonly name: string;
  looks: number;
}

const EPOCH_SECONDS = 1_700_000_000;

/** The job's state at its `looks`th look: the steps in order, the last one kept. */
export function stage(job: Job, steps: readonly string[], failed: string): string {
  if (job.name.includes('forever')) return steps[1]!;
  const i = Math.min(job.looks - 1, steps.length - 1);
  return i === steps.length - 1 && job.name.includes('fail') ? failed : steps[i]!;
}

const ok = (body: Body): ProtocolAnswer => ({ status: 200, body });
const error = (status: number, type: string, message: string): ProtocolAnswer => ({
  status,
  body: { __type: type, message },
});

export class JobServices {
  readonly #jobs = new Map<string, Job>();
  #next = 0;

  #start(name: string, prefix: string, id = `${prefix}-${++this.#next}`): Job {
    const job = { id, name, looks: 0 };
    this.#jobs.set(job.id, job);
    return job;
  }

  /** The job of an id, or of an ARN or CodeBuild id that ends with it. */
  #look(id: unknown): Job | undefined {
    const job = this.#jobs.get(String(id).split(/[:/]/).pop()!);
    if (job) job.looks++;
    return job;
  }

  answer(req: ProtocolRequest): ProtocolAnswer | undefined {
    const b = req.body;
    const sageMaker = /^SageMaker\.(Create|Describe|Stop)(\w+)Job$/.exec(req.target);
    if (sageMaker) return this.#sageMaker(sageMaker[1]!, sageMaker[2]!, b);
    switch (req.path === '/' ? req.target : `${req.method} ${req.path}`) {
      // Athena (JSON 1.1)
      case 'AmazonAthena.StartQueryExecution':
        return ok({ QueryExecutionId: this.#start(String(b['QueryString']), 'q').id });
      case 'AmazonAthena.GetQueryExecution': {
        const job = this.#look(b['QueryExecutionId']);
        if (!job) return error(400, 'InvalidRequestException', 'QueryExecution was not found');
        const state = stage(job, ['QUEUED', 'RUNNING', 'SUCCEEDED'], 'FAILED');
        return ok({
          QueryExecution: {
            QueryExecutionId: job.id,
            Query: job.name,
            Status: {
              State: state,
              SubmissionDateTime: EPOCH_SECONDS,
              ...(state === 'FAILED' ? { StateChangeReason: 'SYNTAX_ERROR: line 1:1' } : {}),
            },
            WorkGroup: 'primary',
          },
        });
      }
      case 'AmazonAthena.GetQueryResults':
        return ok({
          ResultSet: { Rows: [{ Data: [{ VarCharValue: '42' }] }], ResultSetMetadata: { ColumnInfo: [] } },
          UpdateCount: 0,
        });
      case 'AmazonAthena.StopQueryExecution':
        return ok({});
      // Batch (REST JSON)
      case 'POST /v1/submitjob': {
        const job = this.#start(String(b['jobName']), 'job');
        return ok({
          jobArn: `arn:aws:batch:us-east-1:123456789012:job/${job.id}`,
          jobName: job.name,
          jobId: job.id,
        });
      }
      case 'POST /v1/describejobs': {
        const job = this.#look((b['jobs'] as string[])[0]);
        if (!job) return ok({ jobs: [] });
        const status = stage(job, ['SUBMITTED', 'RUNNING', 'SUCCEEDED'], 'FAILED');
        return ok({
          jobs: [
            {
              jobId: job.id,
              jobName: job.name,
              jobQueue: 'queue',
              status,
              createdAt: EPOCH_SECONDS * 1000,
              parameters: { InputKey: 'in/1' },
              ...(status === 'FAILED' ? { statusReason: 'Essential container in task exited' } : {}),
            },
          ],
        });
      }
      case 'POST /v1/terminatejob':
        return ok({});
      // Glue (JSON 1.1)
      case 'AWSGlue.StartJobRun':
        if (b['JobName'] === 'missing') return error(400, 'EntityNotFoundException', 'Job missing not found');
        return ok({ JobRunId: this.#start(String(b['JobName']), 'jr').id });
      case 'AWSGlue.GetJobRun': {
        const job = this.#look(b['RunId']);
        if (!job) return error(400, 'EntityNotFoundException', 'Job run not found');
        const state = stage(job, ['STARTING', 'RUNNING', 'SUCCEEDED'], 'FAILED');
        return ok({
          JobRun: { Id: job.id, JobName: job.name, JobRunState: state, StartedOn: EPOCH_SECONDS },
        });
      }
      case 'AWSGlue.BatchStopJobRun':
        return ok({
          SuccessfulSubmissions: [{ JobName: b['JobName'], JobRunId: (b['JobRunIds'] as string[])[0] }],
        });
      // ECS (JSON 1.1)
      case 'AmazonEC2ContainerServiceV20141113.RunTask': {
        const job = this.#start(String(b['taskDefinition']), 'task');
        return ok({ tasks: [this.#task(job, 'PROVISIONING', b['startedBy'])], failures: [] });
      }
      case 'AmazonEC2ContainerServiceV20141113.DescribeTasks': {
        const job = this.#look((b['tasks'] as string[])[0]);
        if (!job) return ok({ tasks: [], failures: [{ reason: 'MISSING' }] });
        const status = stage(job, ['PROVISIONING', 'RUNNING', 'STOPPED'], 'STOPPED');
        return ok({ tasks: [this.#task(job, status, 'AWS Step Functions')], failures: [] });
      }
      case 'AmazonEC2ContainerServiceV20141113.StopTask':
        return ok({ task: {} });
      // CodeBuild (JSON 1.1)
      case 'CodeBuild_20161006.StartBuild':
        return ok({ build: this.#build(this.#start(String(b['projectName']), 'build'), 'IN_PROGRESS') });
      case 'CodeBuild_20161006.BatchGetBuilds': {
        const job = this.#look((b['ids'] as string[])[0]);
        if (!job) return ok({ builds: [], buildsNotFound: b['ids'] });
        return ok({
          builds: [this.#build(job, stage(job, ['IN_PROGRESS', 'IN_PROGRESS', 'SUCCEEDED'], 'FAILED'))],
        });
      }
      case 'CodeBuild_20161006.StopBuild':
        return ok({ build: { id: b['id'], buildStatus: 'STOPPED' } });
      default:
        return undefined;
    }
  }

  /** SageMaker (JSON 1.1, PascalCase): jobs are named by the caller. */
  #sageMaker(verb: string, kind: string, b: Body): ProtocolAnswer {
    const name = String(b[`${kind}JobName`]);
    if (verb === 'Create') {
      this.#start(name, kind, name);
      return ok({
        [`${kind}JobArn`]: `arn:aws:sagemaker:us-east-1:123456789012:${kind.toLowerCase()}-job/${name}`,
      });
    }
    if (verb === 'Stop') return ok({});
    const job = this.#look(name);
    if (!job) return error(400, 'ResourceNotFound', `Requested resource not found: ${name}`);
    return ok({
      [`${kind}JobName`]: name,
      [`${kind}JobStatus`]: stage(job, ['InProgress', 'InProgress', 'Completed'], 'Failed'),
      CreationTime: EPOCH_SECONDS,
    });
  }

  #task(job: Job, lastStatus: string, startedBy: unknown): Body {
    const stopped = lastStatus === 'STOPPED';
    return {
      taskArn: `arn:aws:ecs:us-east-1:123456789012:task/cluster/${job.id}`,
      clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/cluster',
      lastStatus,
      desiredStatus: stopped ? 'STOPPED' : 'RUNNING',
      startedBy,
      containers: [
        {
          name: 'main',
          lastStatus: stopped ? 'STOPPED' : 'PENDING',
          ...(stopped ? { exitCode: job.name.includes('fail') ? 1 : 0 } : {}),
        },
      ],
      ...(stopped ? { stopCode: 'EssentialContainerExited', stoppedAt: EPOCH_SECONDS } : {}),
    };
  }

  #build(job: Job, buildStatus: string): Body {
    return { id: `${job.name}:${job.id}`, projectName: job.name, buildStatus, startTime: EPOCH_SECONDS };
  }
}
