// The console routes with the URL hash (#/state-machines/<arn>), so the server only ever serves
// index.html and a deep link works from any static host.
import { useEffect, useState } from 'react';

export type Route =
  | { readonly page: 'state-machines' }
  | { readonly page: 'state-machine'; readonly arn: string }
  | { readonly page: 'execution'; readonly arn: string }
  /** Workflow Studio: `arn` absent designs a new state machine. */
  | { readonly page: 'studio'; readonly arn?: string | undefined }
  /** Schedules, rules, HTTP triggers and event deliveries. */
  | { readonly page: 'triggers' }
  /** Two executions side by side (CompareExecutions, a Stepwise extension). */
  | { readonly page: 'compare'; readonly arn: string; readonly other: string }
  /** Bulk operations by query (a Stepwise extension). */
  | { readonly page: 'bulk' };

export function parseRoute(hash: string): Route {
  const [, page, arn] = /^#\/([a-z-]+)(?:\/(.+))?$/.exec(hash) ?? [];
  if (page === 'compare' && arn) {
    const [a, b] = arn.split('/');
    if (a && b) return { page, arn: decodeURIComponent(a), other: decodeURIComponent(b) };
  }
  const decoded = arn === undefined ? undefined : decodeURIComponent(arn);
  if (page === 'state-machine' && decoded) return { page, arn: decoded };
  if (page === 'execution' && decoded) return { page, arn: decoded };
  if (page === 'studio') return { page, arn: decoded };
  if (page === 'triggers') return { page };
  if (page === 'bulk') return { page };
  return { page: 'state-machines' };
}

export function href(route: Route): string {
  if (route.page === 'state-machines') return '#/';
  if (route.page === 'triggers') return '#/triggers';
  if (route.page === 'compare')
    return `#/compare/${encodeURIComponent(route.arn)}/${encodeURIComponent(route.other)}`;
  if (route.page === 'bulk') return '#/bulk';
  return route.arn === undefined ? `#/${route.page}` : `#/${route.page}/${encodeURIComponent(route.arn)}`;
}

/** Asked before the route changes; false keeps the page (the studio's unsaved changes). */
let leaveGuard: (() => boolean) | undefined;

export function setLeaveGuard(guard: (() => boolean) | undefined): void {
  leaveGuard = guard;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    let current = window.location.hash;
    const update = (): void => {
      if (leaveGuard && !leaveGuard()) {
        // Back to where we were, without a second hashchange (replaceState fires none).
        window.history.replaceState(null, '', current === '' ? '#/' : current);
        return;
      }
      current = window.location.hash;
      setRoute(parseRoute(current));
    };
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** The resource name at the end of an ARN (`...:stateMachine:NAME`, `...:execution:M:NAME`). */
export function arnName(arn: string): string {
  return arn.split(':').pop() ?? arn;
}

/** The state machine ARN an execution ARN belongs to. */
export function machineOfExecution(arn: string): string {
  const parts = arn.split(':');
  return [...parts.slice(0, 5), 'stateMachine', parts[6] ?? ''].join(':');
}
