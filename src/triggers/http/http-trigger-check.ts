import type { HttpTrigger } from './http-trigger.ts';
import { pathTemplateProblem } from './path-template.ts';
import { mappingProblems } from './request-mapping.ts';

/** What is wrong with an HTTP trigger's configuration, each problem naming the trigger. */
export function httpTriggerProblems(trigger: HttpTrigger): string[] {
  const problems: string[] = [];
  const path = trigger.path === undefined ? undefined : pathTemplateProblem(trigger.path);
  if (path) problems.push(`${trigger.name}: path '${trigger.path}': ${path}`);
  const declared = new Set([...(trigger.path ?? '').matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1]));
  for (const problem of mappingProblems(trigger.requestMapping ?? {}))
    problems.push(`${trigger.name}: requestMapping: ${problem}`);
  for (const source of Object.values(trigger.requestMapping ?? {})) {
    const param = /^method\.request\.path\.(\w+)$/.exec(source)?.[1];
    if (param && !declared.has(param))
      problems.push(`${trigger.name}: requestMapping: '${source}' names no parameter of the path`);
  }
  return problems;
}
