// The console routes with the URL hash (#/state-machines/<arn>), so the server only ever serves
// index.html and a deep link works from any static host.
import { useEffect, useState } from 'react';

export type Route =
  | { readonly page: 'state-machines' }
  | { readonly page: 'state-machine'; readonly arn: string }
  | { readonly page: 'execution'; readonly arn: string };

export function parseRoute(hash: string): Route {
  const [, page, arn] = /^#\/([a-z-]+)(?:\/(.+))?$/.exec(hash) ?? [];
  const decoded = arn === undefined ? undefined : decodeURIComponent(arn);
  if (page === 'state-machine' && decoded) return { page, arn: decoded };
  if (page === 'execution' && decoded) return { page, arn: decoded };
  return { page: 'state-machines' };
}

export function href(route: Route): string {
  return route.page === 'state-machines' ? '#/' : `#/${route.page}/${encodeURIComponent(route.arn)}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = (): void => setRoute(parseRoute(window.location.hash));
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
