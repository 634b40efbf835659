// What EMR, EMR Serverless, DataBrew, MediaConvert, Bedrock and EKS answer, for a protocol-level loopback
// server (aws-protocol-server.ts), each in its own wire form: EMR's JSON 1.1 targets (PascalCase),
// the REST paths and member casing of the others (camelCase for MediaConvert, Bedrock, EMR
// Serverless and EKS). As in aws-job-services.ts, a job moves one state further at each look; a name with
// "fail" in it ends failed, one with "forever" never ends.
import type { ProtocolAnswer, ProtocolRequest } from './aws-protocol-server.ts';
import type { Job } from './aws-job-services.ts';
import { stage } from './aws-job-services.ts';

type Body = Record<string, unknown>;

const EPOCH_SECONDS = 1_700_000_000;
const ok = (body: Body): ProtocolAnswer => ({ status: 200, body, contentType: 'application/json' });
const notFound = (type: string, message: string): ProtocolAnswer => ({
  status: 400,
  body: { __type: type, message },
  contentType: 'application/json',
});

export class RunServices {
  readonly #jobs = new Map<string, Job & { terminating?: boolean }>();
  #next = 0;

  #start(name: string, prefix: string): Job {
    const job = { id: `${prefix}-${++this.#next}`, name, looks: 0 };
    this.#jobs.set(job.id, job);
    return job;
  }

  #look(id: string): (Job & { terminating?: boolean }) | undefined {
    const job = this.#jobs.get(decodeURIComponent(id).split(/[:/]/).pop()!);
    if (job) job.looks++;
    return job;
  }

  answer(req: ProtocolRequest): ProtocolAnswer | undefined {
    if (req.target.startsWith('ElasticMapReduce.')) return this.#emr(req.target.slice(17), req.body);
    const [path] = req.path.split('?') as [string];
    const p = path.split('/').slice(1);
    const b = req.body;
    // DataBrew: /jobs/{Name}/startJobRun, /jobs/{Name}/jobRun/{RunId}[/stopJobRun]
    if (p[0] === 'jobs') {
      if (p[2] === 'startJobRun') return ok({ RunId: this.#start(decodeURIComponent(p[1]!), 'db').id });
      if (p[4] === 'stopJobRun') return ok({ Name: p[1], RunId: p[3] });
      const job = this.#look(p[3]!);
      if (!job) return notFound('ResourceNotFoundException', 'Job run not found');
      const state = stage(job, ['STARTING', 'RUNNING', 'SUCCEEDED'], 'FAILED');
      return ok({ JobName: job.name, RunId: job.id, State: state, StartedOn: EPOCH_SECONDS });
    }
    // MediaConvert: /2017-08-29/jobs[/{Id}]
    if (p[0] === '2017-08-29' && p[1] === 'jobs') {
      if (req.method === 'POST') {
        const job = this.#start(typeof b['queue'] === 'string' ? b['queue'] : 'Default', 'mc');
        return ok({ job: { id: job.id, status: 'SUBMITTED', role: b['role'], queue: b['queue'] } });
      }
      if (req.method === 'DELETE') return ok({});
      const job = this.#look(p[2]!);
      if (!job) return notFound('NotFoundException', 'The specified job was not found');
      const status = stage(job, ['SUBMITTED', 'PROGRESSING', 'COMPLETE'], 'ERROR');
      return ok({ job: { id: job.id, status, queue: job.name, createdAt: EPOCH_SECONDS } });
    }
    // Bedrock: /model-customization-jobs[/{jobIdentifier}[/stop]]
    if (p[0] === 'model-customization-jobs') {
      if (req.method === 'POST' && p.length === 1) {
        const job = this.#start(String(b['jobName']), 'mcj');
        return ok({ jobArn: `arn:aws:bedrock:us-east-1:123456789012:model-customization-job/${job.id}` });
      }
      if (p[2] === 'stop') return ok({});
      const job = this.#look(p[1]!);
      if (!job) return notFound('ResourceNotFoundException', 'Job not found');
      return ok({
        jobArn: `arn:aws:bedrock:us-east-1:123456789012:model-customization-job/${job.id}`,
        jobName: job.name,
        status: stage(job, ['InProgress', 'InProgress', 'Completed'], 'Failed'),
        creationTime: '2023-11-14T22:13:20Z',
      });
    }
    // EMR Serverless: /applications/{applicationId}/jobruns[/{jobRunId}]
    if (p[0] === 'applications' && p[2] === 'jobruns') {
      const app = p[1]!;
      if (req.method === 'POST') {
        const job = this.#start(String(b['name']), 'jr');
        return ok({ applicationId: app, jobRunId: job.id, arn: `arn:aws:emr-serverless:::${job.id}` });
      }
      if (req.method === 'DELETE') return ok({ applicationId: app, jobRunId: p[3] });
      const job = this.#look(p[3]!);
      if (!job) return notFound('ResourceNotFoundException', 'Job run not found');
      const state = stage(job, ['PENDING', 'RUNNING', 'SUCCESS'], 'FAILED');
      return ok({ jobRun: { applicationId: app, jobRunId: job.id, name: job.name, state } });
    }
    if (p[0] === 'virtualclusters') return this.#emrContainers(req.method, p.slice(1), b);
    if (p[0] === 'clusters') return this.#eks(req.method, p.slice(1).map(decodeURIComponent), b);
    return undefined;
  }

  /**
   * EKS (REST JSON, camelCase): clusters and their node groups, by name. A resource moves from
   * CREATING to ACTIVE (CREATE_FAILED for a name with "fail"), and once deleted is DELETING, then
   * no longer found.
   */
  #eks(method: string, p: string[], b: Body): ProtocolAnswer {
    const [clusterName, sub, subName] = p;
    const member = sub === 'node-groups' ? 'nodegroup' : 'cluster';
    const nameOf = sub === 'node-groups' ? 'nodegroupName' : 'name';
    if (method === 'POST') {
      const name = String(sub ? b['nodegroupName'] : b['name']);
      const id = sub ? `${clusterName}/${name}` : name;
      this.#jobs.set(id, { id, name, looks: 0 });
      return ok({ [member]: { [nameOf]: name, ...(sub ? { clusterName } : {}), status: 'CREATING' } });
    }
    const id = sub ? `${clusterName}/${subName}` : clusterName!;
    const job = this.#jobs.get(id);
    const missing = {
      status: 404,
      body: { message: `No ${member} found for name: ${subName ?? clusterName}.` },
      contentType: 'application/json',
      headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
    };
    if (!job) return missing;
    if (method === 'DELETE') {
      Object.assign(job, { terminating: true, looks: 0 });
      return ok({ [member]: { [nameOf]: job.name, status: 'DELETING' } });
    }
    job.looks++;
    if (job.terminating && job.looks > 1) return missing;
    const status = job.terminating
      ? 'DELETING'
      : stage(job, ['CREATING', 'CREATING', 'ACTIVE'], 'CREATE_FAILED');
    return ok({ [member]: { [nameOf]: job.name, status } });
  }

  /**
   * EMR on EKS (REST JSON, camelCase): /virtualclusters[/{id}[/jobruns[/{jobRunId}]]]. A job run
   * moves PENDING, RUNNING, COMPLETED (FAILED for a name with "fail"); a deleted virtual cluster is
   * TERMINATING, then TERMINATED. Each answer echoes the request's `tags`.
   */
  #emrContainers(method: string, p: string[], b: Body): ProtocolAnswer {
    const [clusterId, sub, runId] = p;
    if (!clusterId) {
      const vc = this.#start(String(b['name']), 'vc');
      return ok({
        id: vc.id,
        name: vc.name,
        arn: `arn:aws:emr-containers:us-east-1:123456789012:/virtualclusters/${vc.id}`,
      });
    }
    if (sub === 'jobruns' && !runId) {
      const run = this.#start(String(b['name']), 'jr');
      return ok({
        id: run.id,
        name: run.name,
        virtualClusterId: clusterId,
        arn: `arn:aws:emr-containers:::${run.id}`,
      });
    }
    const job = this.#look(runId ?? clusterId);
    if (!job) return { ...notFound('ResourceNotFoundException', 'not found'), status: 404 };
    if (method === 'DELETE') {
      Object.assign(job, { terminating: true, looks: 0 });
      return ok(runId ? { id: runId, virtualClusterId: clusterId } : { id: clusterId });
    }
    if (!runId) {
      const state = job.terminating ? stage(job, ['TERMINATING', 'TERMINATED'], 'TERMINATED') : 'RUNNING';
      return ok({ virtualCluster: { id: job.id, name: job.name, state, createdAt: '2023-11-14T22:13:20Z' } });
    }
    const state = job.terminating ? 'CANCELLED' : stage(job, ['PENDING', 'RUNNING', 'COMPLETED'], 'FAILED');
    return ok({
      jobRun: {
        id: job.id,
        name: job.name,
        virtualClusterId: clusterId,
        state,
        tags: { 'team-Name': 'data' },
      },
    });
  }

  /** EMR (JSON 1.1, PascalCase). */
  #emr(action: string, b: Body): ProtocolAnswer | undefined {
    switch (action) {
      case 'RunJobFlow': {
        const job = this.#start(String(b['Name']), 'j');
        return ok({
          JobFlowId: job.id,
          ClusterArn: `arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/${job.id}`,
        });
      }
      case 'DescribeCluster': {
        const job = this.#look(String(b['ClusterId']));
        if (!job) return notFound('InvalidRequestException', 'Cluster id is not valid.');
        const state = job.terminating
          ? stage(job, ['TERMINATING', 'TERMINATED'], 'TERMINATED')
          : stage(job, ['STARTING', 'BOOTSTRAPPING', 'WAITING'], 'TERMINATED_WITH_ERRORS');
        return ok({ Cluster: { Id: job.id, Name: job.name, Status: { State: state } } });
      }
      case 'TerminateJobFlows': {
        const job = this.#jobs.get(String((b['JobFlowIds'] as string[])[0]));
        if (job) Object.assign(job, { terminating: true, looks: 0 });
        return ok({});
      }
      case 'AddJobFlowSteps': {
        const step = (b['Steps'] as Body[])[0]!;
        return ok({ StepIds: [this.#start(String(step['Name']), 's').id] });
      }
      case 'DescribeStep': {
        const job = this.#look(String(b['StepId']));
        if (!job) return notFound('InvalidRequestException', 'Step id is not valid.');
        const state = stage(job, ['PENDING', 'RUNNING', 'COMPLETED'], 'FAILED');
        return ok({ Step: { Id: job.id, Name: job.name, Status: { State: state } } });
      }
      case 'CancelSteps':
        return ok({
          CancelStepsInfoList: (b['StepIds'] as string[]).map((id) => ({
            StepId: id,
            Status: 'SUBMITTED',
            Reason: '',
          })),
        });
      case 'SetTerminationProtection':
      case 'ModifyInstanceFleet':
      case 'ModifyInstanceGroups':
        return ok({});
      case 'ListInstanceFleets':
        // Two pages, so that a name is looked for past the first.
        return b['Marker'] === 'page-2'
          ? ok({ InstanceFleets: [{ Id: 'if-core', Name: 'MyCoreFleet' }] })
          : ok({ InstanceFleets: [{ Id: 'if-master', Name: 'MyMasterFleet' }], Marker: 'page-2' });
      case 'ListInstanceGroups':
        return ok({ InstanceGroups: [{ Id: 'ig-core', Name: 'Core' }] });
      default:
        return undefined;
    }
  }
}
